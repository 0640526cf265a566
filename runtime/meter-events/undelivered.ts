// A dead letter: an accepted event that will not be delivered. Built cheaply
// (raw JSON + reason); the parsed event is only materialised if read, so a
// dropNewest storm does not parse a million events nobody looks at.

import type { PreparedMeterEvent, UndeliveredReason } from './types.js';

const DESCRIPTIONS: Record<UndeliveredReason, string> = {
  rejected: 'refused by Stripe (400 for this event)',
  refused: 'refused by Stripe with the whole request (for example no active meter)',
  delivery_timeout: 'not confirmed within deliveryTimeoutMs',
  not_retryable: 'failed with a non-retryable answer',
  dropped_oldest: "evicted by onFull: 'dropOldest'",
  dropped_newest: "discarded by onFull: 'dropNewest'",
  internal_error: 'failed by an internal error of the stream',
};

export class UndeliveredEvent {
  private parsed: PreparedMeterEvent | undefined;
  constructor(
    /** The exact bytes that were (or would have been) sent. */
    readonly json: string,
    readonly reason: UndeliveredReason,
    /** The transport error behind the failure, if any. */
    readonly error?: unknown,
    /**
     * An attempt's answer was lost (timeout, reset, 5xx), so Stripe may hold this event already:
     * "possibly delivered". Resending it with the same identifier is safe (deduplicated for 24 hours).
     */
    readonly possiblyDelivered: boolean = false,
  ) {}

  /** The reason in words, e.g. "not confirmed within deliveryTimeoutMs (possibly delivered: resend with the same identifier)". */
  get description(): string {
    const text = DESCRIPTIONS[this.reason];
    return this.possiblyDelivered ? `${text} (possibly delivered: resend with the same identifier, Stripe deduplicates it)` : text;
  }

  get event(): PreparedMeterEvent {
    return (this.parsed ??= JSON.parse(this.json) as PreparedMeterEvent);
  }

  get identifier(): string {
    return this.event.identifier;
  }
}
