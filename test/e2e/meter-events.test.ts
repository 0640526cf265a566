// End-to-end: `stripe.meterEvents.stream()` on the generated client, with sessions created through
// the generated v2.billing.meterEventSession.create and batches sent through the client's own
// transport to the meter-events host, against the meter-event mock with short-lived tokens.
import { afterEach, describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { MeterMock } from '../support/meter-mock.js';
import { systemClock } from '../../runtime/meter-events/clock.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

const KEY = 'sk_test_51AbCdEfGhIjKlMnOp9876';
let mock: MeterMock | undefined;
afterEach(async () => mock?.close());

// The stream checks timestamps against the wall clock (35 days back, 5 minutes ahead). A fixed wall
// clock a few minutes after the events keeps this test independent of the day it runs; timers stay real.
const WALL = Date.parse('2026-11-20T12:05:00.000Z');
const clock = { ...systemClock, wallNow: () => WALL };
const client = (m: MeterMock) => new Stripe(KEY, { host: '127.0.0.1', port: m.port, protocol: 'http' });
const event = (i: number) => ({ event_name: 'api_call', payload: { stripe_customer_id: `cus_${i % 7}`, value: String(i) }, identifier: `id_${i}`, timestamp: '2026-11-20T12:00:00.000Z' });

describe('stripe.meterEvents on the generated client', () => {
  it('delivers every event exactly as given, refreshing 1-second sessions mid-stream', async () => {
    mock = await MeterMock.start({ tokenLifetimeMs: 1000 });
    const stripe = client(mock);
    const stream = stripe.meterEvents.stream({ lingerMs: 5, maxEventsPerSecond: 2000, clock });
    const sent = Array.from({ length: 3000 }, (_, i) => event(i));
    for (const e of sent) await stream.send(e);
    const result = await stream.close({ timeoutMs: 20_000 });
    expect(result.pending).toEqual([]);
    expect(result.sent).toBe(3000);
    expect(mock.identifiers()).toEqual(new Set(sent.map((e) => e.identifier)));
    for (const e of sent) expect(mock.rawByIdentifier().get(e.identifier)![0]).toBe(JSON.stringify(e));
    expect(mock.sessionsCreated).toBeGreaterThanOrEqual(2);
    expect(stream.stats().sessionRefreshes).toBeGreaterThanOrEqual(1);
    // The secret key never reaches the stream endpoint: only session tokens do.
    expect([...mock.tokensUsed].every((t) => !t.includes(KEY))).toBe(true);
    await stripe.close();
  }, 60_000);

  it('recovers from a session the server expires early (401 billing_meter_event_session_expired)', async () => {
    mock = await MeterMock.start();
    const stripe = client(mock);
    const stream = stripe.meterEvents.stream({ lingerMs: 1, maxEventsPerSecond: Infinity, clock });
    for (let i = 0; i < 500; i++) await stream.send(event(i));
    await stream.flush();
    mock.expireAllTokens();
    for (let i = 500; i < 1000; i++) await stream.send(event(i));
    const result = await stream.close({ timeoutMs: 20_000 });
    expect(result.pending).toEqual([]);
    expect(mock.identifiers().size).toBe(1000);
    expect(mock.statusCounts[401]).toBeGreaterThanOrEqual(1);
    await stripe.close();
  }, 60_000);
});
