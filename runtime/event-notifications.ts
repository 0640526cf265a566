// Thin event notifications (v2 event destinations, `object: 'v2.core.event'`),
// as stripe-node 23 parses them: the payload names the event and its related
// object; `fetchEvent()` and `fetchRelatedObject()` load them, in the event's
// Stripe-Context and with `Stripe-Request-Trigger: event=<id>`. A v1 snapshot
// event passed here is refused (it belongs to `webhooks.constructEvent`).

import type { StripeClient } from './client.js';
import { StripeUsageError } from './errors.js';
import type { Response } from './response.js';

export interface EventNotificationRelatedObject {
  id: string;
  type: string;
  /** Path (with query) of the object in the API, e.g. `/v1/billing/meters/mtr_123`. */
  url: string;
}

export interface EventNotification {
  id: string;
  object: 'v2.core.event';
  type: string;
  /** ISO 8601 date-time. */
  created: string;
  livemode: boolean;
  /** The Stripe-Context the event happened in (a connected account path), when any. */
  context?: string | null;
  related_object?: EventNotificationRelatedObject | null;
  reason?: { type: string; request?: { id: string; idempotency_key: string } } | null;
  [key: string]: unknown;
  /** GET /v2/core/events/{id}: the full event. */
  fetchEvent(): Promise<Response<Record<string, unknown>>>;
  /** GET the related object's url, or null when the event has none. */
  fetchRelatedObject(): Promise<Response<Record<string, unknown>> | null>;
}

/** Checks the parsed payload and adds the fetch methods (stripe-node's _buildEventNotification). */
export function buildEventNotification(client: StripeClient, parsed: Record<string, unknown>): EventNotification {
  if (parsed.object === 'event') {
    throw new StripeUsageError({
      message: 'You passed a v1 Event to a method that expects a thin event notification. Use the corresponding constructEvent method instead.',
      code: 'v1_event',
    });
  }
  if (parsed.object != null && parsed.object !== 'v2.core.event') {
    throw new StripeUsageError({ message: `Unexpected object type '${String(parsed.object)}'. Expected 'v2.core.event' for an event notification.`, code: 'event_format_unrecognized' });
  }
  const id = String(parsed.id);
  const context = typeof parsed.context === 'string' && parsed.context ? parsed.context : undefined;
  const options = { ...(context ? { stripeContext: context } : {}), headers: { 'Stripe-Request-Trigger': `event=${id}` } };
  const related = parsed.related_object as EventNotificationRelatedObject | null | undefined;
  return Object.assign(parsed, {
    fetchEvent: () => client.rawRequest('GET', `/v2/core/events/${encodeURIComponent(id)}`, undefined, options),
    fetchRelatedObject: () => (related ? client.rawRequest('GET', related.url, undefined, options) : Promise.resolve(null)),
  }) as EventNotification;
}
