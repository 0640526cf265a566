// A batch of pre-serialised events on its way to Stripe. The body is joined
// once per request shape, so every resend of it is byte-identical.
//
// A batch starts whole: its events exist only inside the body, so their strings
// die when the batch is cut instead of living until the request settles, and the
// body is one flat string from a single join (no second copy when it is encoded
// for the socket). They are split back out of the body only when needed:
// bisection after a 400, a failure to report, close() handing back what is
// still pending.

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
  body: string | null;
  /** Monotonic time after which the batch stops retrying. */
  readonly deadline: number;
  /** Session-expiry resends so far (at most two, not counted as retries). */
  expiredResends: number;
  /** Set when close() gave up on the batch: its pieces were handed back and it must not touch state again. */
  abandoned: boolean;
}

const OPEN = '{"events":[';
const CLOSE = ']}';

export function buildBody(events: readonly string[]): string {
  return OPEN + events.join(',') + CLOSE;
}

/**
 * A whole batch of `events[0..n)` (at least one). The array is a scratch buffer:
 * its first and last slots are rewritten, and the caller clears it afterwards.
 */
export function wholeBatch(seq: number, events: string[], n: number, deadline: number): Batch {
  events.length = n;
  // Envelope folded into the end events, so the join alone makes the final, flat body.
  events[0] = OPEN + events[0];
  events[n - 1] = events[n - 1] + CLOSE;
  return { seq, size: n, pieces: null, body: events.join(','), deadline, expiredResends: 0, abandoned: false };
}

/** The events of a whole batch, split out of its body (a JSON-aware scan: the rare path). */
export function wholeEvents(batch: Batch): string[] {
  const body = batch.body as string;
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
