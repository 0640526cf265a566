// A batch of serialised events on its way to Stripe. Its body is built once per
// request shape, so every resend of it is byte-identical.
//
// A batch starts whole: its body is copied out of the queue's bytes in one go
// (see queue.ts) and its events exist nowhere else. They are split back out of
// the body, as text, only when needed: bisection after a 400, a failure to
// report, close() handing back what is still pending.

export interface Batch {
  readonly seq: number;
  /** Events as dispatched. */
  readonly size: number;
  /**
   * Work still to confirm, first piece in progress; bisection splits pieces.
   * null while the batch is whole (its events are only in `body`).
   */
  pieces: string[][] | null;
  /** Body of pieces[0] (of the whole batch while pieces is null), built once. */
  body: Uint8Array | null;
  /** Monotonic time after which the batch stops retrying. */
  readonly deadline: number;
  /** Session-expiry resends so far (at most two, not counted as retries). */
  expiredResends: number;
  /** Set when close() gave up on the batch: its pieces were handed back and it must not touch state again. */
  abandoned: boolean;
}

const OPEN = '{"events":[';
const CLOSE = ']}';
const utf8 = new TextEncoder();
const text = new TextDecoder();

export function buildBody(events: readonly string[]): Uint8Array {
  return utf8.encode(OPEN + events.join(',') + CLOSE);
}

/** A whole batch whose events are only in `body` (EventQueue.takeBody). */
export function wholeBatch(seq: number, body: Uint8Array, size: number, deadline: number): Batch {
  return { seq, size, pieces: null, body, deadline, expiredResends: 0, abandoned: false };
}

/** The events of a whole batch, split out of its body (a JSON-aware scan: the rare path). */
export function wholeEvents(batch: Batch): string[] {
  const body = text.decode(batch.body as Uint8Array);
  const out: string[] = [];
  let depth = 0;
  let inString = false;
  let start = OPEN.length;
  for (let i = OPEN.length; i < body.length - CLOSE.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
    else if (c === 44 /* , */ && depth === 0) {
      out.push(body.slice(start, i));
      start = i + 1;
    }
  }
  out.push(body.slice(start, body.length - CLOSE.length));
  return out;
}

/** Events not yet confirmed. */
export function remainingEvents(batch: Batch): string[] {
  return batch.pieces === null ? wholeEvents(batch) : batch.pieces.flat();
}
