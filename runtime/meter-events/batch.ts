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
  /** Acceptance position of each piece's first event (parallel to `pieces`): pieces are contiguous runs. */
  pieceSeqs: number[];
  /** Acceptance position of the batch's first event (EventQueue.headSeq when it was cut). */
  readonly firstSeq: number;
  /** Body of pieces[0] (of the whole batch while pieces is null), built once. */
  body: Uint8Array | null;
  /** Monotonic time after which the batch stops retrying. */
  readonly deadline: number;
  /** Session-expiry resends so far (at most two, not counted as retries). */
  expiredResends: number;
  /** Set when close() gave up on the batch: its pieces were handed back and it must not touch state again. */
  abandoned: boolean;
  /** An attempt's answer was lost (timeout, reset, 5xx): Stripe may hold some of these events already. */
  possiblyDelivered: boolean;
  /**
   * Telling a request-level refusal from bad events: the first refused piece of 4 or more events is
   * cut in quarters, and refused quarters wait here until all four have answered. All four refused
   * alike: the refusal is about the request (no subset escapes it), not about some events.
   */
  probe: RefusalProbe | null;
}

export interface RefusalProbe {
  key: string;
  /** Quarters still to answer. */
  left: number;
  /** A quarter went through, or was refused differently: the refusal is about some events. */
  broken: boolean;
  held: Array<{ events: string[]; seq: number; error: unknown }>;
}

const OPEN = '{"events":[';
const CLOSE = ']}';
const utf8 = new TextEncoder();
const text = new TextDecoder();

export function buildBody(events: readonly string[]): Uint8Array {
  return utf8.encode(OPEN + events.join(',') + CLOSE);
}

/** A whole batch whose events are only in `body` (EventQueue.takeBody). */
export function wholeBatch(seq: number, body: Uint8Array, size: number, deadline: number, firstSeq = 0): Batch {
  return {
    seq,
    size,
    pieces: null,
    pieceSeqs: [firstSeq],
    firstSeq,
    body,
    deadline,
    expiredResends: 0,
    abandoned: false,
    possiblyDelivered: false,
    probe: null,
  };
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

/** Events not yet confirmed, in the order they were accepted. */
export function remainingEvents(batch: Batch): string[] {
  if (batch.pieces === null) return wholeEvents(batch);
  const runs = batch.pieces.map((events, k) => ({ seq: batch.pieceSeqs[k], events }));
  for (const h of batch.probe?.held ?? []) runs.push({ seq: h.seq, events: h.events });
  runs.sort((a, b) => a.seq - b.seq);
  return runs.flatMap((r) => r.events);
}
