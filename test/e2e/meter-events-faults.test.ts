// Every meter-event fault of issue 10, through the generated client (`stripe.meterEvents.stream()`
// on `new Stripe(key, { host, port, protocol: 'http' })`) against the meter-event mock on 127.0.0.1.
// Timers are real but short (options); the wall clock is fixed, so nothing depends on today's date.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../runtime/meter-events/clock.js';
import {
  MeterEventCallbackError,
  MeterEventDeliveryError,
  MeterEventFatalError,
  MeterEventSessionError,
  QueueFullError,
  StreamClosedError,
  type MeterEventStream,
  type MeterEventStreamError,
  type MeterEventStreamOptions,
  type UndeliveredEvent,
} from '../../generated/runtime/meter-events/index.js';
import { requireGenerated } from '../support/built.js';
import { apiKeyExpiredBody, MeterMock, type MeterMockOptions } from '../support/meter-mock.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

const KEY = 'sk_test_51AbCdEfGhIjKlMnOp9876';
const WALL = Date.parse('2026-11-20T12:05:00.000Z');
const clock = { ...systemClock, wallNow: () => WALL };

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Run {
  mock: MeterMock;
  stream: MeterEventStream;
  undelivered: UndeliveredEvent[];
  errors: MeterEventStreamError[];
}

async function start(options: MeterEventStreamOptions = {}, mockOptions: MeterMockOptions = {}, setup?: (mock: MeterMock) => void): Promise<Run> {
  const mock = await MeterMock.start(mockOptions);
  setup?.(mock);
  const stripe = new Stripe(KEY, { host: '127.0.0.1', port: mock.port, protocol: 'http' });
  const undelivered: UndeliveredEvent[] = [];
  const errors: MeterEventStreamError[] = [];
  const stream = stripe.meterEvents.stream({
    clock,
    lingerMs: 5,
    retryBaseMs: 10,
    retryMaxMs: 50,
    maxEventsPerSecond: Infinity,
    onUndelivered: (events) => undelivered.push(...events),
    onError: (e) => errors.push(e),
    ...options,
  });
  cleanups.push(
    () => mock.close(),
    () => stripe.close(),
    () => stream.close({ timeoutMs: 200 }),
  );
  return { mock, stream, undelivered, errors };
}

const event = (i: number) => ({ event_name: 'api_call', payload: { stripe_customer_id: `cus_${i % 7}`, value: String(i) }, identifier: `ev_${i}` });
const ids = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => `ev_${from + k}`);

describe('1. Retry-After is capped (maxRetryAfterMs) and never freezes the stream', () => {
  it('a 429 with Retry-After: 3600 waits the cap, retries inside the deadline and delivers everything', async () => {
    const { mock, stream, undelivered } = await start({ maxRetryAfterMs: 100, deliveryTimeoutMs: 20_000 }, {}, (m) => {
      m.onStream = (r) => (r.n <= 2 ? { status: 429, headers: { 'retry-after': '3600' } } : undefined);
    });
    for (let i = 0; i < 300; i++) await stream.send(event(i));
    await stream.flush(); // resolves: the rate limiter paused 100 ms, not an hour
    expect(undelivered).toEqual([]);
    expect(mock.identifiers()).toEqual(new Set(ids(0, 300)));
    expect(stream.stats().responses['4xx']).toBe(2);
  });

  it('defaults the cap to the client’s 60 s', async () => {
    const { resolveOptions } = await import('../../runtime/meter-events/options.js');
    const { classifyMeterEventError } = await import('../../generated/runtime/meter-events/index.js');
    expect(resolveOptions({}).maxRetryAfterMs).toBe(60_000);
    expect(classifyMeterEventError({ statusCode: 429, headers: { 'retry-after': '3600' } }, WALL)).toEqual({
      kind: 'retry',
      reason: 'rate_limited',
      retryAfterMs: 60_000,
    });
  });
});

describe('2. every event is settled within deliveryTimeoutMs of its send(), queued time included', () => {
  it('during an outage, batches still queued past the deadline fail without an attempt (and are not possibly delivered)', async () => {
    const { mock, stream, undelivered } = await start({ deliveryTimeoutMs: 300, maxInFlight: 1, maxBatchSize: 10, lingerMs: 1 }, {}, (m) => m.hang());
    await stream.sendMany(Array.from({ length: 50 }, (_, i) => event(i)));
    await stream.flush(); // about 300 ms after the sends, not 5 x 300 ms
    expect(undelivered).toHaveLength(50);
    // The first batch was tried (its request hung, so it is possibly delivered); the ones queued behind it
    // were failed at their deadline without a request (allowing one more on a loaded machine).
    expect(mock.streamRequests).toBeLessThanOrEqual(2);
    const maybe = undelivered.filter((u) => u.possiblyDelivered).map((u) => u.identifier);
    expect(maybe.slice(0, 10)).toEqual(ids(0, 10));
    expect(maybe.length).toBeLessThanOrEqual(20);
    expect(new Set(undelivered.map((u) => u.reason))).toEqual(new Set(['delivery_timeout']));
    mock.hang(false);
  });
});

describe('3. the session response is checked', () => {
  it('a 200 {} is a retryable session failure: a second session call is made and everything is delivered', async () => {
    const { mock, stream, undelivered } = await start({}, {}, (m) => {
      m.onSession = (n) => (n === 1 ? { status: 200, body: '{}' } : undefined);
    });
    for (let i = 0; i < 50; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered).toEqual([]);
    expect(mock.sessionRequests).toBe(2);
    expect(mock.identifiers()).toEqual(new Set(ids(0, 50)));
  });

  it('a session endpoint that keeps answering {} ends in a clear error, not "undefined"', async () => {
    const { stream, undelivered, errors } = await start({ deliveryTimeoutMs: 300 }, {}, (m) => {
      m.onSession = () => ({ status: 200, body: '{}' });
    });
    for (let i = 0; i < 10; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered.map((u) => u.reason)).toEqual(Array(10).fill('delivery_timeout'));
    expect(errors[0]).toBeInstanceOf(MeterEventDeliveryError);
    expect(errors[0].message).toContain('malformed meter event session response: no authentication_token');
    expect(errors[0].cause).toBeInstanceOf(MeterEventSessionError);
  });
});

describe('4. the session token is the server’s business', () => {
  it('a short token such as tok_1 is sent as given', async () => {
    const { mock, stream, undelivered } = await start({}, {}, (m) => {
      m.tokenFor = (n) => `tok_${n}`;
    });
    for (let i = 0; i < 20; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered).toEqual([]);
    expect([...mock.tokensUsed]).toEqual(['tok_1']);
    expect(mock.identifiers().size).toBe(20);
  });

  it('a token that cannot go in a header stops the stream at once (a usage error is not transient), naming no part of it', async () => {
    const { mock, stream, errors } = await start({ deliveryTimeoutMs: 60_000 }, {}, (m) => {
      m.tokenFor = () => 'tok\nsecretpart';
    });
    for (let i = 0; i < 5; i++) await stream.send(event(i));
    await expect(stream.flush()).rejects.toBeInstanceOf(MeterEventFatalError);
    expect(mock.streamRequests).toBe(0);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('cannot be sent in an HTTP header');
    expect(errors[0].message).not.toContain('secretpart');
    const result = await stream.close({ timeoutMs: 100 });
    expect(result.pending.map((e) => e.identifier)).toEqual(ids(0, 5));
  });
});

describe('5. waiting senders are bounded like the queue', () => {
  it('fire-and-forget send() during an outage: at most maxQueueEvents senders wait, the rest are refused at once', async () => {
    const { mock, stream } = await start({ maxQueueEvents: 100, maxBatchSize: 10, maxInFlight: 1, maxBlockMs: 60_000 }, {}, (m) => m.hang());
    let refused = 0;
    const waiting: Array<Promise<void>> = [];
    for (let i = 0; i < 5000; i++) {
      waiting.push(
        stream.send(event(i)).catch((e: unknown) => {
          if (e instanceof QueueFullError) refused++;
          else expect(e).toBeInstanceOf(StreamClosedError); // released by close()
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 20));
    const s = stream.stats();
    expect(s.blockedSenders).toBeLessThanOrEqual(100);
    expect(s.queueDepth).toBeLessThanOrEqual(100);
    expect(s.inFlightEvents).toBeLessThanOrEqual(10);
    expect(refused).toBe(5000 - s.blockedSenders - s.queueDepth - s.inFlightEvents);
    expect(refused).toBeGreaterThanOrEqual(5000 - 210);
    expect(s.rejected.queue_full).toBe(refused);
    const result = await stream.close({ timeoutMs: 50 });
    await Promise.all(waiting);
    const closed = stream.stats().rejected.closed ?? 0;
    expect(result.sent + result.pending.length + refused + closed).toBe(5000);
    mock.hang(false);
  });
});

describe('6. session creation keeps to the stream’s timeouts', () => {
  it('a stalled session endpoint costs requestTimeoutMs, not the client’s 80 s and retries', async () => {
    const { mock, stream, undelivered } = await start({ requestTimeoutMs: 300, deliveryTimeoutMs: 30_000 }, {}, (m) => {
      m.onSession = (n) => (n === 1 ? { hang: true } : undefined);
    });
    for (let i = 0; i < 30; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered).toEqual([]);
    expect(mock.sessionRequests).toBeGreaterThanOrEqual(2); // the stalled attempt was cut off by the stream, then a fresh one
    expect(mock.identifiers().size).toBe(30);
  });
  it('a session that never answers ends each batch at its deliveryTimeoutMs, even with a long requestTimeoutMs', async () => {
    const { stream, undelivered, errors } = await start({ requestTimeoutMs: 60_000, deliveryTimeoutMs: 300 }, {}, (m) => {
      m.onSession = () => ({ hang: true });
    });
    for (let i = 0; i < 5; i++) await stream.send(event(i));
    await stream.flush(); // about 300 ms, not a minute
    expect(undelivered.map((u) => u.reason)).toEqual(Array(5).fill('delivery_timeout'));
    expect(errors[0].message).toContain('no meter event session before the batch deadline');
  });
});

describe('7. a request-level 400 is not a poisoned event', () => {
  const noMeter = JSON.stringify({
    error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No active meter found for event_name api_call' },
  });

  it('"No active meter" for every request: 5 requests per batch, every event reported "refused", and onError fires', async () => {
    const { mock, stream, undelivered, errors } = await start({}, {}, (m) => {
      m.onStream = () => ({ status: 400, body: noMeter });
    });
    for (let i = 0; i < 1000; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered).toHaveLength(1000);
    expect(new Set(undelivered.map((u) => u.reason))).toEqual(new Set(['refused']));
    // 5 requests for a batch that shows it (a few may be in flight at once), then 1 per batch.
    expect(mock.streamRequests).toBeLessThanOrEqual(10 * 5);
    expect(mock.streamRequests).toBeGreaterThanOrEqual(5 + 9);
    expect(errors.length).toBe(10);
    expect(errors[0]).toBeInstanceOf(MeterEventDeliveryError);
    expect(errors[0].message).toContain('No active meter');
    expect(stream.stats().failed).toEqual({ refused: 1000 });
  });

  it('once shown, the same refusal fails even a one-event batch at once, through onError', async () => {
    const { mock, stream, undelivered, errors } = await start({ lingerMs: 1 }, {}, (m) => {
      m.onStream = () => ({ status: 400, body: noMeter });
    });
    await stream.sendMany(Array.from({ length: 100 }, (_, i) => event(i)));
    await stream.flush();
    const before = mock.streamRequests;
    for (let i = 100; i < 103; i++) {
      await stream.send(event(i));
      await stream.flush();
    }
    expect(mock.streamRequests - before).toBe(3);
    expect(undelivered.filter((u) => u.reason === 'refused')).toHaveLength(103);
    expect(errors).toHaveLength(4);
  });

  it('two poisoned events in different halves are still isolated; the other 98 are delivered', async () => {
    const { mock, stream, undelivered, errors } = await start({ lingerMs: 50 }, {}, (m) => {
      m.poison('ev_37');
      m.poison('ev_80');
    });
    for (let i = 0; i < 100; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered.map((u) => [u.identifier, u.reason])).toEqual([
      ['ev_37', 'rejected'],
      ['ev_80', 'rejected'],
    ]);
    expect(mock.identifiers().size).toBe(98);
    expect(errors).toEqual([]);
  });
});

describe('8. sendMany() cut off by close() says what it accepted', () => {
  it('the rejection carries `accepted`, and every other event counts as refused', async () => {
    const { mock, stream } = await start({ maxQueueEvents: 100, maxBatchSize: 50, maxInFlight: 1 }, {}, (m) => {
      m.onStream = () => ({ delayMs: 100 });
    });
    const many = Array.from({ length: 500 }, (_, i) => event(i));
    const outcome = stream.sendMany(many).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 250));
    const result = await stream.close({ timeoutMs: 5000 });
    const err = (await outcome) as StreamClosedError;
    expect(err).toBeInstanceOf(StreamClosedError);
    expect(err.accepted).toBeGreaterThan(100);
    expect(err.accepted).toBeLessThan(500);
    expect(stream.stats().rejected.closed).toBe(500 - err.accepted!);
    expect(result.sent + result.pending.length).toBe(err.accepted);
    expect(new Set([...mock.identifiers(), ...result.pending.map((e) => e.identifier)])).toEqual(new Set(ids(0, err.accepted!)));
  });
});

describe('9. a fatal stop hands events back in the order they were sent', () => {
  it('batches refused 401 in reverse order come back oldest first', async () => {
    const { stream } = await start({ maxBatchSize: 10, maxInFlight: 4, lingerMs: 1 }, {}, (m) => {
      m.onStream = (r) => ({ status: 401, body: apiKeyExpiredBody, delayMs: 250 - r.n * 50 });
    });
    await stream.sendMany(Array.from({ length: 40 }, (_, i) => event(i)));
    await expect(stream.flush()).rejects.toBeInstanceOf(MeterEventFatalError);
    await new Promise((r) => setTimeout(r, 300)); // the other three 401s arrive, newest batch first
    const result = await stream.close({ timeoutMs: 100 });
    expect(result.pending.map((e) => e.identifier)).toEqual(ids(0, 40));
  });
});

describe('10. one way to refuse, and close() keeps its word', () => {
  it('trySend() after close() returns false; send() rejects (never throws), a second close() brings the deadline forward', async () => {
    const { stream } = await start({}, {}, (m) => m.hang());
    await stream.send(event(1));
    const first = stream.close({ timeoutMs: 60_000 });
    const second = stream.close({ timeoutMs: 50 });
    expect(second).toBe(first);
    const result = await second; // would take 60 s if the second timeout were ignored
    expect(result.pending.map((e) => e.identifier)).toEqual(['ev_1']);
    expect(stream.trySend(event(2))).toBe(false);
    const sent = stream.send({ event_name: '', payload: {} });
    expect(sent).toBeInstanceOf(Promise);
    await expect(sent).rejects.toBeInstanceOf(StreamClosedError);
  });

  it('an invalid event is a rejection from send(), not a throw', async () => {
    const { stream } = await start();
    let thrown = false;
    let p: Promise<void> | undefined;
    try {
      p = stream.send({ event_name: 'e', payload: { value: '1' } });
    } catch {
      thrown = true;
    }
    expect(thrown).toBe(false);
    await expect(p).rejects.toMatchObject({ name: 'MeterEventValidationError', field: 'payload.stripe_customer_id' });
  });
});

describe('12. no token fragments in messages; delivery_timeout says "possibly delivered"', () => {
  it('a server echoing the token in 500s: messages hold no part of it, and the dead letters are possibly delivered', async () => {
    const token = 'ek_test_1_sëcrétökén';
    const { stream, undelivered, errors } = await start({ deliveryTimeoutMs: 300 }, {}, (m) => {
      m.tokenFor = () => token;
      m.onStream = (r) => ({ status: 500, body: JSON.stringify({ error: { type: 'api_error', message: `token ${r.token} failed` } }) });
    });
    for (let i = 0; i < 5; i++) await stream.send(event(i));
    await stream.flush();
    expect(undelivered.map((u) => [u.reason, u.possiblyDelivered])).toEqual(Array(5).fill(['delivery_timeout', true]));
    expect(undelivered[0].description).toBe(
      'not confirmed within deliveryTimeoutMs (possibly delivered: resend with the same identifier, Stripe deduplicates it)',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('possibly delivered');
    for (const piece of ['ökén', 'sëcrét', 'ek_test_1', token.slice(-4)]) expect(errors[0].message).not.toContain(piece);
  });

  it('a batch only ever refused with 429 is not possibly delivered', async () => {
    // Retry-After (1 s) is past the deadline: the batch fails after one clean 429, with no attempt cut short.
    const { undelivered, stream } = await start({ deliveryTimeoutMs: 500 }, {}, (m) => {
      m.onStream = () => ({ status: 429, headers: { 'retry-after': '1' } });
    });
    await stream.send(event(1));
    await stream.flush();
    expect(undelivered.map((u) => [u.reason, u.possiblyDelivered])).toEqual([['delivery_timeout', false]]);
  });
});

describe('13. callbacks, background refresh and a fatal stop are all heard', () => {
  it('an onUndelivered that throws is reported to onError; an onError that throws becomes a process warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.message);
    process.on('warning', onWarning);
    cleanups.push(async () => void process.off('warning', onWarning));
    const errors: MeterEventStreamError[] = [];
    const { stream } = await start(
      {
        onUndelivered: () => {
          throw new Error('disk full');
        },
        onError: (e) => {
          errors.push(e);
          if (e instanceof MeterEventCallbackError) throw new Error('logger down');
        },
      },
      {},
      (m) => m.poison('ev_1'),
    );
    await stream.send(event(1));
    await stream.flush();
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => e.name)).toEqual(['MeterEventCallbackError']);
    expect(errors[0].message).toContain('onUndelivered threw: Error disk full');
    expect(warnings.some((w) => w.includes('onError threw') && w.includes('logger down'))).toBe(true);
    expect(stream.stats().callbackErrors).toBe(2);
  });

  it('a background refresh refused with a revoked key is reported at once, while the current token still delivers', async () => {
    const { mock, stream, errors } = await start({ refreshMarginMs: 1500 }, { tokenLifetimeMs: 2000 });
    await stream.send(event(0));
    await stream.flush();
    mock.revokeSessions();
    await new Promise((r) => setTimeout(r, 600)); // past the refresh point (500 ms), before expiry (2 s)
    await stream.send(event(1));
    await stream.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(errors.map((e) => e.name)).toEqual(['MeterEventSessionError']);
    expect(errors[0].message).toMatch(/session refresh refused; the current session expires in \d s/);
    expect(mock.identifiers()).toEqual(new Set(['ev_0', 'ev_1']));
  });

  it('after a fatal error, a batch waiting to retry stops at once instead of retrying to its deadline', async () => {
    const { mock, stream } = await start(
      { maxBatchSize: 10, maxInFlight: 2, retryBaseMs: 5000, retryMaxMs: 5000, random: () => 0.99, lingerMs: 1 },
      {},
      (m) => {
        m.onStream = (r) => (r.identifiers[0] === 'ev_0' ? { status: 503 } : { status: 401, body: apiKeyExpiredBody, delayMs: 50 });
      },
    );
    await stream.sendMany(Array.from({ length: 20 }, (_, i) => event(i)));
    await expect(stream.flush()).rejects.toBeInstanceOf(MeterEventFatalError);
    await new Promise((r) => setTimeout(r, 20));
    expect(stream.stats().inFlightRequests).toBe(0); // the batch in its 5 s backoff handed its events back
    const result = await stream.close({ timeoutMs: 100 });
    expect(result.pending.map((e) => e.identifier)).toEqual(ids(0, 20));
    expect(mock.streamRequests).toBe(2);
  });
});
