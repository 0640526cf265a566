// Splits a `{"events":[...]}` body into the raw JSON text of each event, so
// mocks can check events byte for byte rather than after a parse round trip.

export function splitEvents(body: string): string[] {
  const key = body.indexOf('"events"');
  const start = key < 0 ? -1 : body.indexOf('[', key);
  if (start < 0) throw new SyntaxError('body has no events array');
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let itemStart = -1;
  for (let i = start + 1; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      if (depth === 0) itemStart = i;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) itemStart = i;
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === 0) return out; // end of the events array
      depth--;
      if (depth === 0) out.push(body.slice(itemStart, i + 1));
    }
  }
  throw new SyntaxError('unterminated events array');
}
