// Chaos through the generated client: random 500/429/400/slow/reset answers, tokens the server
// expires after 150 ms (unannounced), failing and stalling session calls, poisoned events, then a short close().
// Whatever happened, every event is accounted for exactly once (sent + failed + pending = N), and
// every event the server does not hold was reported (dead letter or pending).
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../runtime/meter-events/clock.js';
import type { MeterEventStreamError, UndeliveredEvent } from '../../generated/runtime/meter-events/index.js';
import { requireGenerated } from '../support/built.js';
import { MeterMock } from '../support/meter-mock.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

const WALL = Date.parse('2026-11-20T12:05:00.000Z');
const clock = { ...systemClock, wallNow: () => WALL };
let mock: MeterMock | undefined;
afterEach(async () => mock?.close());

/** mulberry32: a seeded PRNG, so a failing run's fault sequence can be replayed (timing aside). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('meter events under chaos, through the generated client', () => {
  it.each([1, 2])(
    'seed %i: sent + failed + pending = N, and every event the server lacks is reported',
    async (seed) => {
      const N = 1500;
      const rand = prng(seed);
      mock = await MeterMock.start({ tokenLifetimeMs: 150, advertisedLifetimeMs: 60_000 }); // tokens die long before the client expects
      for (const i of [17, 404, 999]) mock.poison(`ev_${i}`);
      mock.onSession = () => {
        const x = rand();
        if (x < 0.15) return { status: 500, body: JSON.stringify({ error: { type: 'api_error', message: 'session boom' } }) };
        if (x < 0.2) return { hang: true };
        return undefined;
      };
      mock.onStream = () => {
        const x = rand();
        if (x < 0.2) return { status: 500 };
        if (x < 0.3) return { status: 429, headers: { 'retry-after': rand() < 0.5 ? '0' : '3600' } };
        if (x < 0.35) return { status: 400, body: JSON.stringify({ error: { type: 'invalid_request_error', message: 'request refused' } }) };
        if (x < 0.45) return { delayMs: 30 + Math.floor(rand() * 150) }; // some outlive requestTimeoutMs: possibly delivered
        if (x < 0.5) return { reset: true };
        return undefined;
      };
      const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', { host: '127.0.0.1', port: mock.port, protocol: 'http' });
      const undelivered: UndeliveredEvent[] = [];
      const errors: MeterEventStreamError[] = [];
      const stream = stripe.meterEvents.stream({
        clock,
        random: rand,
        lingerMs: 5,
        maxInFlight: 4,
        maxEventsPerSecond: Infinity,
        requestTimeoutMs: 100,
        deliveryTimeoutMs: 500,
        retryBaseMs: 5,
        retryMaxMs: 50,
        maxRetryAfterMs: 30,
        onUndelivered: (events) => undelivered.push(...events),
        onError: (e) => errors.push(e),
      });
      const event = (i: number) => ({ event_name: 'api_call', payload: { stripe_customer_id: `cus_${i % 5}`, value: String(i) }, identifier: `ev_${i}` });
      for (let i = 0; i < N; i += 50) {
        if ((i / 50) % 2 === 0) await stream.sendMany(Array.from({ length: 50 }, (_, k) => event(i + k)));
        else for (let k = 0; k < 50; k++) await stream.send(event(i + k));
        await new Promise((r) => setTimeout(r, 10)); // spread over a few token lifetimes
      }
      const result = await stream.close({ timeoutMs: 400 }); // short: some batches are still retrying
      await stripe.close();

      expect(result.sent + result.failed + result.pending.length + result.dropped).toBe(N);
      expect(result.dropped).toBe(0);
      expect(undelivered).toHaveLength(result.failed);
      const reported = new Set([...undelivered.map((u) => u.identifier), ...result.pending.map((e) => e.identifier)]);
      expect(reported.size).toBe(undelivered.length + result.pending.length); // no event both failed and pending
      const onServer = mock.identifiers();
      for (let i = 0; i < N; i++) {
        const id = `ev_${i}`;
        if (!onServer.has(id)) expect(reported.has(id), `${id} is neither on the server nor reported`).toBe(true);
      }
      // Poisoned events never reach the server's store, so they are reported (rejected, refused, or pending).
      for (const id of ['ev_17', 'ev_404', 'ev_999']) expect(reported.has(id)).toBe(true);
      expect(result.sent).toBeLessThanOrEqual(onServer.size);
      // A dead letter the server does hold had an attempt whose answer was lost.
      for (const u of undelivered) if (onServer.has(u.identifier)) expect(u.possiblyDelivered).toBe(true);
      expect(mock.statusCounts[401] ?? 0).toBeGreaterThan(0); // tokens did expire under it
      expect(stream.stats().retried).toBeGreaterThan(0);
    },
    60_000,
  );
});
