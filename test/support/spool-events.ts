// The events of the spool crash test, rebuilt byte for byte by the parent from their index.

export const BATCH = 100;

export const spoolId = (i: number): string => `evt-${i}-ïd`;

/** Event i, with non-ASCII text so that byte-exactness means something. */
export function spoolEvent(i: number): string {
  return JSON.stringify({
    event_name: 'api_call',
    payload: { stripe_customer_id: `cus_${i % 977}`, value: String(i), region: i % 3 === 0 ? 'zürich ✓' : 'oslo' },
    identifier: spoolId(i),
    timestamp: '2026-01-01T00:00:00.000Z',
  });
}
