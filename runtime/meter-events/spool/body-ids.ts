// The identifiers of the events in a request body `{"events":[{...},...]}`, read
// straight from its bytes: the stream acknowledges a delivered batch by the body
// it sent, whatever bisection cut it into. Only each event's own top-level
// "identifier" counts (a payload key of that name sits one level deeper).
//
// The stream's encoder writes `..."payload":{...},"identifier":"...`, and that
// `},"identifier":"` can occur nowhere else (a payload key is preceded by `{` or
// `",`; a quote inside a string is escaped), so the fast path only searches for
// it. It is taken when the caller knows how many events the body holds, the
// body starts as the encoder writes events (event_name first), and the search
// finds that many; otherwise the full scan runs.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const KEY = new TextEncoder().encode('identifier');
const text = new TextDecoder();

function isKey(b: Uint8Array, start: number, end: number): boolean {
  if (end - start !== KEY.length) return false;
  for (let k = 0; k < KEY.length; k++) if (b[start + k] !== KEY[k]) return false;
  return true;
}

const AFTER_PAYLOAD = new TextEncoder().encode('},"identifier":"');
const ENCODER_START = new TextEncoder().encode('{"events":[{"event_name":"');

function startsAsEncoded(body: Uint8Array): boolean {
  if (body.length < ENCODER_START.length) return false;
  for (let k = 0; k < ENCODER_START.length; k++) if (body[k] !== ENCODER_START[k]) return false;
  return true;
}

export function identifiersOfBody(body: Uint8Array, expected?: number): string[] {
  if (expected !== undefined && startsAsEncoded(body)) {
    const ids = afterPayload(body);
    if (ids.length === expected) return ids;
  }
  return scan(body);
}

function afterPayload(body: Uint8Array): string[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const ids: string[] = [];
  for (let at = buf.indexOf(AFTER_PAYLOAD); at >= 0; at = buf.indexOf(AFTER_PAYLOAD, at)) {
    const start = at + AFTER_PAYLOAD.length;
    let end = start;
    let escaped = false;
    while (end < buf.length && buf[end] !== QUOTE) end += buf[end] === BACKSLASH ? ((escaped = true), 2) : 1;
    ids.push(escaped ? (JSON.parse(buf.toString('utf8', start - 1, end + 1)) as string) : buf.toString('utf8', start, end));
    at = end;
  }
  return ids;
}

function scan(body: Uint8Array): string[] {
  const ids: string[] = [];
  let depth = 0;
  let expectKey = false;
  let wantValue = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === QUOTE) {
      // A string from i + 1 to its closing quote.
      let j = i + 1;
      let escaped = false;
      while (j < body.length && body[j] !== QUOTE) j += body[j] === BACKSLASH ? ((escaped = true), 2) : 1;
      if (depth === 3 && expectKey) {
        wantValue = isKey(body, i + 1, j);
        expectKey = false;
      } else if (wantValue) {
        ids.push(escaped ? (JSON.parse(text.decode(body.subarray(i, j + 1))) as string) : text.decode(body.subarray(i + 1, j)));
        wantValue = false;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      expectKey = depth === 3 && c === 0x7b;
      if (depth > 3) wantValue = false;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x2c) {
      expectKey = depth === 3;
    }
  }
  return ids;
}
