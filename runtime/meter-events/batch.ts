// A batch of pre-serialised events on its way to Stripe. The body is joined
// once per request shape, so every resend of it is byte-identical.

export interface Batch {
  readonly seq: number;
  /** Events as dispatched. */
  readonly size: number;
  /** Work still to confirm, first piece in progress; bisection splits pieces. */
  pieces: string[][];
  /** Body of pieces[0], built once. */
  body: string | null;
  /** Monotonic time after which the batch stops retrying. */
  readonly deadline: number;
  /** Session-expiry resends so far (at most two, not counted as retries). */
  expiredResends: number;
  /** Set when close() gave up on the batch: its pieces were handed back and it must not touch state again. */
  abandoned: boolean;
}

export function buildBody(events: readonly string[]): string {
  return '{"events":[' + events.join(',') + ']}';
}

export function remainingEvents(batch: Batch): string[] {
  return batch.pieces.flat();
}
