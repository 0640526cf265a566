// The events of the spool crash test, rebuilt byte for byte by the parent from their index.

export const spoolId = (i: number): string => `evt-${i}-ïd`;

/** The wall clock the children pass to their streams: five minutes after the events' timestamp. */
export const SPOOL_WALL = Date.parse('2026-01-01T00:05:00.000Z');

/** Event i, with non-ASCII text so that byte-exactness means something; key order as the stream writes it. */
export function spoolEvent(i: number): string {
  return JSON.stringify({
    event_name: 'api_call',
    payload: {
      stripe_customer_id: `cus_${i % 977}`,
      value: String(i),
      region: i % 3 === 0 ? 'zürich ✓' : 'oslo',
    },
    identifier: spoolId(i),
    timestamp: '2026-01-01T00:00:00.000Z',
  });
}
