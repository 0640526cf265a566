import { describe, expect, it } from 'vitest';
import {
  MeterEventFatalError,
  MeterEvents,
  MeterEventValidationError,
  QueueFullError,
  StreamClosedError,
  type MeterEventStreamError,
  type MeterEventStreamOptions,
  type UndeliveredEvent,
} from '../../runtime/meter-events/index.js';
import { FakeClock, settle } from '../support/meter-mock-clock.js';
import { deferred, expiredError, FakeConnectionError, FakeStripeError, FakeTransport } from '../support/meter-mock-fake.js';

const ev = (i: number, extra: Record<string, string> = {}) => ({
  event_name: 'api_call',
  payload: { stripe_customer_id: 'cus_1', value: String(i), ...extra },
  identifier: `ev_${i}`,
});

function setup(options: MeterEventStreamOptions = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport();
  transport.serverNow = clock.wallNow;
  const undelivered: UndeliveredEvent[] = [];
  const errors: MeterEventStreamError[] = [];
  let ids = 0;
  const stream = new MeterEvents(transport).stream({
    clock,
    random: () => 0.5,
    generateIdentifier: () => `gen_${++ids}`,
    maxEventsPerSecond: Infinity,
    onUndelivered: (events) => undelivered.push(...events),
    onError: (e) => errors.push(e),
    ...options,
  });
  return { clock, transport, stream, undelivered, errors };
}

const sentIds = (t: FakeTransport): string[] => t.allIdentifiers();

describe('intake', () => {
  it('rejects invalid events (send() by rejection, trySend() by throwing), naming the field; they never enter the queue', async () => {
    const { stream } = setup();
    await expect(stream.send({ event_name: 'e', payload: { value: '1' } })).rejects.toThrow(MeterEventValidationError);
    try {
      stream.trySend({ event_name: 'e', payload: { stripe_customer_id: 'c', value: 'ten' } });
    } catch (e) {
      expect((e as MeterEventValidationError).field).toBe('payload.value');
    }
    expect(stream.stats().queueDepth).toBe(0);
    expect(stream.stats().rejected.validation).toBe(2);
  });

  it('sendMany validates the whole array first and reports the index', async () => {
    const { stream } = setup();
    let caught: MeterEventValidationError | undefined;
    await stream.sendMany([ev(1), ev(2), { event_name: '', payload: {} }]).catch((e: unknown) => {
      caught = e as MeterEventValidationError;
    });
    expect(caught?.index).toBe(2);
    expect(caught?.field).toBe('event_name');
    expect(stream.stats().enqueued).toBe(0);
  });

  it('fills identifier and timestamp at send(), not at transmission', async () => {
    const { clock, transport, stream } = setup();
    const sentAt = new Date(clock.wallNow()).toISOString();
    await stream.send({ event_name: 'e', payload: { stripe_customer_id: 'c' } });
    await clock.advance(100); // linger, then transmission happens later than send()
    expect(transport.calls).toHaveLength(1);
    const sent = JSON.parse(transport.calls[0].events[0]);
    expect(sent.identifier).toBe('gen_1');
    expect(sent.timestamp).toBe(sentAt);
    expect(new Date(clock.wallNow()).toISOString()).not.toBe(sentAt);
  });

  it('send() resolves at once when there is room (shared resolved promise, no per-event work)', async () => {
    const { stream } = setup();
    const a = stream.send(ev(1));
    const b = stream.send(ev(2));
    expect(a).toBe(b);
    await a;
  });

  it('after close(), send() and sendMany() reject with StreamClosedError and trySend() returns false', async () => {
    const { stream } = setup();
    await stream.close();
    await expect(stream.send(ev(1))).rejects.toThrow(StreamClosedError);
    await expect(stream.sendMany([ev(1), ev(2)])).rejects.toMatchObject({ name: 'StreamClosedError', accepted: 0 });
    expect(stream.trySend(ev(1))).toBe(false);
    expect(stream.stats().rejected.closed).toBe(4);
  });
});

describe('batching', () => {
  it('a full batch leaves at once; a partial batch waits lingerMs from its first event', async () => {
    const { clock, transport, stream } = setup();
    for (let i = 0; i < 250; i++) void stream.send(ev(i));
    await settle();
    expect(transport.calls.map((c) => c.events.length)).toEqual([100, 100]);
    await clock.advance(99);
    expect(transport.calls).toHaveLength(2);
    await clock.advance(1);
    expect(transport.calls.map((c) => c.events.length)).toEqual([100, 100, 50]);
    expect(sentIds(transport)).toEqual(Array.from({ length: 250 }, (_, i) => `ev_${i}`));
  });

  it('the linger timer starts at the first event of the partial batch', async () => {
    const { clock, transport, stream } = setup({ lingerMs: 100 });
    void stream.send(ev(1));
    await clock.advance(60);
    void stream.send(ev(2));
    await clock.advance(39);
    expect(transport.calls).toHaveLength(0);
    await clock.advance(1);
    expect(transport.calls[0].events).toHaveLength(2);
  });

  it('cuts batches at 256 KiB per request', async () => {
    const { transport, stream } = setup();
    const big = 'x'.repeat(60_000);
    for (let i = 0; i < 10; i++) void stream.send(ev(i, { blob: big }));
    await stream.flush();
    for (const c of transport.calls) expect(Buffer.byteLength(c.body)).toBeLessThanOrEqual(256 * 1024);
    expect(transport.calls.map((c) => c.events.length)).toEqual([4, 4, 2]);
    expect(stream.stats().sent).toBe(10);
  });

  it('respects maxBatchSize and maxInFlight', async () => {
    const { transport, stream } = setup({ maxBatchSize: 10, maxInFlight: 3 });
    const gates = Array.from({ length: 10 }, () => deferred());
    transport.onBatch = (c) => gates[c.index].promise;
    for (let i = 0; i < 100; i++) void stream.send(ev(i));
    await settle();
    expect(transport.calls).toHaveLength(3);
    expect(stream.stats().inFlightRequests).toBe(3);
    expect(stream.stats().inFlightEvents).toBe(30);
    gates[1].resolve();
    await settle();
    expect(transport.calls).toHaveLength(4);
    for (const g of gates) g.resolve();
    await stream.flush();
    expect(stream.stats().sent).toBe(100);
    expect(transport.calls.every((c) => c.events.length === 10)).toBe(true);
  });

  it('rate-limits events per second with a token bucket', async () => {
    const { clock, transport, stream } = setup({ maxEventsPerSecond: 1000 });
    for (let i = 0; i < 500; i++) void stream.send(ev(i));
    await settle();
    expect(transport.calls).toHaveLength(1); // the burst allowance is one batch
    await clock.advance(100);
    expect(transport.calls).toHaveLength(2);
    await clock.advance(300);
    expect(transport.calls).toHaveLength(5);
  });

  it('halves the rate on 429 and recovers on success', async () => {
    const { clock, transport, stream } = setup({ maxEventsPerSecond: 10_000, retryBaseMs: 1 });
    transport.onBatch = (c) => {
      if (c.index === 0) throw new FakeStripeError(429, 'rate_limit', 'rate_limit', { 'retry-after': '1' });
    };
    void stream.send(ev(1));
    await clock.advance(100);
    expect(stream.stats().rateLimit).toBe(5000);
    await clock.advance(1000);
    expect(transport.calls).toHaveLength(2);
    expect(stream.stats().rateLimit).toBe(5500);
  });
});

describe('session handling', () => {
  it('on 401 session expired: refreshes once and resends the same bytes (not a retry)', async () => {
    const { transport, stream } = setup();
    transport.onBatch = (c) => {
      if (c.token === 'tok_1') throw expiredError();
    };
    for (let i = 0; i < 100; i++) void stream.send(ev(i));
    await stream.flush();
    expect(transport.calls.map((c) => c.token)).toEqual(['tok_1', 'tok_2']);
    expect(transport.calls[1].body).toBe(transport.calls[0].body);
    const s = stream.stats();
    expect(s.sessionExpiredResends).toBe(1);
    expect(s.retried).toBe(0);
    expect(s.sessionRefreshes).toBe(2);
    expect(s.sent).toBe(100);
  });

  it('concurrent batches hitting expiry share one refresh', async () => {
    const { transport, stream } = setup({ maxBatchSize: 10 });
    transport.onBatch = (c) => {
      if (c.token === 'tok_1') throw expiredError();
    };
    for (let i = 0; i < 80; i++) void stream.send(ev(i));
    await stream.flush();
    expect(transport.sessions).toBe(2);
    expect(stream.stats().sent).toBe(80);
  });

  it('resends at most twice per batch on expiry, then backs off like any retry', async () => {
    const { clock, transport, stream, undelivered } = setup({ deliveryTimeoutMs: 2000, retryBaseMs: 100, retryMaxMs: 100 });
    transport.onBatch = () => {
      throw expiredError();
    };
    void stream.send(ev(1));
    await clock.advance(5000);
    const s = stream.stats();
    expect(s.sessionExpiredResends).toBe(2);
    expect(s.retried).toBeGreaterThan(0);
    expect(s.failed.delivery_timeout).toBe(1);
    expect(undelivered.map((u) => [u.identifier, u.reason])).toEqual([['ev_1', 'delivery_timeout']]);
  });

  it('a fatal 401 stops sending, reports onError once, and close() hands back every event', async () => {
    const { clock, transport, stream, errors } = setup({ maxBatchSize: 10, maxInFlight: 2 });
    transport.onBatch = () => {
      throw new FakeStripeError(401, 'api_key_expired', 'invalid_request_error');
    };
    for (let i = 0; i < 50; i++) void stream.send(ev(i));
    await clock.advance(10);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MeterEventFatalError);
    expect(transport.calls.length).toBeLessThanOrEqual(2);
    await expect(stream.send(ev(99))).rejects.toBeInstanceOf(MeterEventFatalError);
    await expect(stream.flush()).rejects.toBeInstanceOf(MeterEventFatalError);
    const result = await stream.close();
    expect(result.sent).toBe(0);
    expect(result.pending.map((e) => e.identifier).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `ev_${i}`).sort());
    expect(stream.stats().fatal).toBe(true);
  });

  it('a session that cannot be created for auth reasons is fatal too', async () => {
    const { transport, stream, errors } = setup();
    transport.onSession = () => {
      throw new FakeStripeError(401, 'api_key_expired');
    };
    void stream.send(ev(1));
    const result = await stream.close();
    expect(errors[0]).toBeInstanceOf(MeterEventFatalError);
    expect(result.pending.map((e) => e.identifier)).toEqual(['ev_1']);
  });
});

describe('retries', () => {
  it('retries 5xx, 409, connection errors and Stripe-Should-Retry with backoff', async () => {
    const { clock, transport, stream } = setup({ retryBaseMs: 100 });
    const failures = [
      new FakeStripeError(500),
      new FakeStripeError(409),
      new FakeConnectionError('reset'),
      new FakeStripeError(400, undefined, undefined, { 'stripe-should-retry': 'true' }),
    ];
    transport.onBatch = (c) => {
      if (c.index < failures.length) throw failures[c.index];
    };
    void stream.send(ev(1));
    await clock.advance(100 + 50); // linger, then first retry after 0.5 * 100
    expect(transport.calls).toHaveLength(2);
    await clock.advance(5000);
    expect(transport.calls).toHaveLength(5);
    expect(new Set(transport.calls.map((c) => c.body)).size).toBe(1);
    const s = stream.stats();
    expect(s.retried).toBe(4);
    expect(s.sent).toBe(1);
    expect(s.responses).toMatchObject({ '2xx': 1, '4xx': 2, '5xx': 1, network: 1 });
  });

  it('honours Retry-After on 429', async () => {
    const { clock, transport, stream } = setup({ retryBaseMs: 10 });
    transport.onBatch = (c) => {
      if (c.index === 0) throw new FakeStripeError(429, undefined, undefined, { 'retry-after': '3' });
    };
    void stream.send(ev(1));
    await clock.advance(100);
    await clock.advance(2999);
    expect(transport.calls).toHaveLength(1);
    await clock.advance(1);
    expect(transport.calls).toHaveLength(2);
  });

  it('gives up at deliveryTimeoutMs and reports the events as undelivered', async () => {
    const { clock, transport, stream, undelivered, errors } = setup({ deliveryTimeoutMs: 10_000, retryBaseMs: 500, retryMaxMs: 2000 });
    transport.onBatch = () => {
      throw new FakeStripeError(503);
    };
    for (let i = 0; i < 5; i++) void stream.send(ev(i));
    await clock.advance(20_000);
    expect(undelivered.map((u) => u.reason)).toEqual(Array(5).fill('delivery_timeout'));
    expect(errors.map((e) => e.name)).toEqual(['MeterEventDeliveryError']);
    expect(stream.stats().failed).toEqual({ delivery_timeout: 5 });
    const last = transport.calls.length;
    await clock.advance(20_000);
    expect(transport.calls.length).toBe(last);
  });

  it('times out a hung attempt after requestTimeoutMs and retries it', async () => {
    const { clock, transport, stream } = setup({ requestTimeoutMs: 1000, retryBaseMs: 10 });
    transport.onBatch = (c) =>
      c.index === 0
        ? new Promise<void>((_, reject) => c.signal.addEventListener('abort', () => reject(new Error('aborted'))))
        : undefined;
    void stream.send(ev(1));
    await clock.advance(100 + 1000 + 10);
    expect(transport.calls).toHaveLength(2);
    expect(stream.stats().sent).toBe(1);
  });

  it('bisects a 400 batch down to the poisoned event; everything else is delivered', async () => {
    const { transport, stream, undelivered } = setup();
    transport.onBatch = (c) => {
      if (c.identifiers.includes('ev_37') || c.identifiers.includes('ev_80')) throw new FakeStripeError(400, 'payload_invalid_value');
    };
    for (let i = 0; i < 100; i++) void stream.send(ev(i));
    await stream.flush();
    expect(undelivered.map((u) => [u.identifier, u.reason])).toEqual([
      ['ev_37', 'rejected'],
      ['ev_80', 'rejected'],
    ]);
    const delivered = new Set(transport.calls.filter((c) => !c.identifiers.includes('ev_37') && !c.identifiers.includes('ev_80')).flatMap((c) => c.identifiers));
    expect(delivered.size).toBe(98);
    expect(stream.stats().sent).toBe(98);
    expect(stream.stats().failed).toEqual({ rejected: 2 });
    expect(transport.calls.length).toBeLessThan(30);
    // Each event's bytes are the same in every request that carried it.
    const byId = new Map<string, Set<string>>();
    for (const c of transport.calls) c.events.forEach((e, i) => byId.set(c.identifiers[i], (byId.get(c.identifiers[i]) ?? new Set()).add(e)));
    for (const copies of byId.values()) expect(copies.size).toBe(1);
  });

  it('fails a batch that gets a non-retryable answer (404) without bisecting', async () => {
    const { transport, stream, undelivered } = setup();
    transport.onBatch = () => {
      throw new FakeStripeError(404);
    };
    for (let i = 0; i < 10; i++) void stream.send(ev(i));
    await stream.flush();
    expect(transport.calls).toHaveLength(1);
    expect(undelivered.every((u) => u.reason === 'not_retryable')).toBe(true);
    expect(undelivered).toHaveLength(10);
  });
});

describe('backpressure', () => {
  // Five events are held in flight; the queue holds ten more.
  function full(onFull: MeterEventStreamOptions['onFull'], extra: MeterEventStreamOptions = {}) {
    const ctx = setup({ maxBatchSize: 5, maxInFlight: 1, maxQueueEvents: 10, onFull, ...extra });
    const gate = deferred();
    ctx.transport.onBatch = () => gate.promise;
    for (let i = 0; i < 15; i++) expect(ctx.stream.trySend(ev(i))).toBe(true);
    return { ...ctx, gate };
  }

  it("'reject' rejects send() with QueueFullError and trySend() returns false", async () => {
    const { stream, gate } = full('reject');
    await settle();
    await expect(stream.send(ev(100))).rejects.toBeInstanceOf(QueueFullError);
    expect(stream.trySend(ev(101))).toBe(false);
    expect(stream.stats().rejected.queue_full).toBe(2);
    expect(stream.stats().queueDepth).toBe(10);
    gate.resolve();
  });

  it("'dropNewest' drops the new event, counts it and reports it", async () => {
    const { stream, undelivered, gate } = full('dropNewest');
    await stream.send(ev(100));
    expect(undelivered.map((u) => [u.identifier, u.reason])).toEqual([['ev_100', 'dropped_newest']]);
    expect(stream.stats().dropped).toEqual({ dropped_newest: 1 });
    gate.resolve();
  });

  it("'dropOldest' evicts the oldest queued event", async () => {
    const { stream, undelivered, transport, gate } = full('dropOldest');
    await settle();
    await stream.send(ev(100));
    expect(stream.trySend(ev(101))).toBe(true);
    expect(undelivered.map((u) => u.identifier)).toEqual(['ev_5', 'ev_6']);
    expect(stream.stats().dropped).toEqual({ dropped_oldest: 2 });
    gate.resolve();
    await stream.flush();
    expect(new Set(transport.allIdentifiers())).toEqual(new Set([...Array.from({ length: 15 }, (_, i) => `ev_${i}`), 'ev_100', 'ev_101'].filter((id) => id !== 'ev_5' && id !== 'ev_6')));
  });

  it("'block' waits for space, in order, and rejects after maxBlockMs", async () => {
    const { clock, stream, gate } = full('block', { maxBlockMs: 1000 });
    await settle();
    let firstDone = false;
    const first = stream.send(ev(100)).then(() => (firstDone = true));
    const second = stream.send(ev(101));
    expect(stream.trySend(ev(102))).toBe(false); // never jumps the blocked senders
    await clock.advance(500);
    expect(firstDone).toBe(false);
    expect(stream.stats().blockedSenders).toBe(2);
    gate.resolve(); // the in-flight batch completes, five slots free up
    await settle();
    await first;
    await second;
    expect(stream.stats().blockedSenders).toBe(0);
    expect(stream.stats().enqueued).toBe(17);
  });

  it('sendMany into a queue with room for part of it: the rest waits, and every event arrives as sent, in order', async () => {
    const { stream, transport, gate } = full('block', { maxQueueEvents: 12 });
    await settle();
    // Two fit at once; the other four are taken back out of the ring as text and wait.
    const many = stream.sendMany([100, 101, 102, 103, 104, 105].map((i) => ev(i, { note: `ünïcode ${i}` })));
    expect(stream.stats().queueDepth).toBe(12);
    expect(stream.stats().blockedSenders).toBe(1);
    gate.resolve();
    await many;
    await stream.flush();
    const sent = transport.calls.flatMap((c) => c.events);
    const expected = [...Array.from({ length: 15 }, (_, i) => ev(i)), ...[100, 101, 102, 103, 104, 105].map((i) => ev(i, { note: `ünïcode ${i}` }))];
    expect(sent.map((json) => JSON.parse(json) as { identifier: string; payload: unknown })).toEqual(
      expected.map((e) => expect.objectContaining({ identifier: e.identifier, payload: e.payload })),
    );
    expect(sent.every((json) => JSON.stringify(JSON.parse(json)) === json)).toBe(true);
  });

  it("'block' rejects with QueueFullError after maxBlockMs", async () => {
    const { clock, stream, gate } = full('block', { maxBlockMs: 1000 });
    await settle();
    const p = stream.send(ev(100));
    const assertion = expect(p).rejects.toBeInstanceOf(QueueFullError);
    await clock.advance(1000);
    await assertion;
    expect(stream.stats().rejected.queue_full).toBe(1);
    gate.resolve();
  });
});

describe('flush and close', () => {
  it('flush() sends partial batches at once and waits for in-flight requests', async () => {
    const { transport, stream } = setup();
    const gate = deferred();
    transport.onBatch = () => gate.promise;
    for (let i = 0; i < 30; i++) void stream.send(ev(i));
    let flushed = false;
    const f = stream.flush().then(() => (flushed = true));
    await settle();
    expect(transport.calls).toHaveLength(1); // no linger wait
    expect(flushed).toBe(false);
    gate.resolve();
    await f;
    expect(stream.stats().sent).toBe(30);
  });

  it('close() delivers what it can, then hands back undelivered events by the deadline', async () => {
    const { clock, transport, stream } = setup({ maxBatchSize: 10, maxInFlight: 1 });
    transport.onBatch = (c) =>
      c.index === 0 ? undefined : new Promise<void>((_, reject) => c.signal.addEventListener('abort', () => reject(new Error('aborted'))));
    for (let i = 0; i < 35; i++) void stream.send({ event_name: 'e', payload: { stripe_customer_id: 'c' }, identifier: `ev_${i}` });
    const closing = stream.close({ timeoutMs: 5000 });
    await expect(stream.send(ev(1))).rejects.toThrow(StreamClosedError);
    await clock.advance(5000);
    const result = await closing;
    expect(result.sent).toBe(10);
    expect(result.failed).toBe(0);
    expect(result.pending.map((e) => e.identifier)).toEqual(Array.from({ length: 25 }, (_, i) => `ev_${i + 10}`));
    expect(result.pending[0]).toMatchObject({ event_name: 'e', payload: { stripe_customer_id: 'c' } });
    expect(typeof result.pending[0].timestamp).toBe('string');
    expect(transport.calls[1].signal.aborted).toBe(true);
    expect(await stream.close()).toBe(result);
  });

  it('close() releases blocked senders with StreamClosedError', async () => {
    const { stream, transport } = setup({ maxBatchSize: 5, maxInFlight: 1, maxQueueEvents: 5, onFull: 'block' });
    transport.onBatch = () => new Promise(() => {});
    for (let i = 0; i < 10; i++) stream.trySend(ev(i));
    const blocked = stream.send(ev(99));
    const assertion = expect(blocked).rejects.toBeInstanceOf(StreamClosedError);
    void stream.close({ timeoutMs: 0 });
    await assertion;
  });
});

describe('stats', () => {
  it('reports counts, queue depth, oldest age, batch sizes and latency', async () => {
    const { clock, transport, stream } = setup({ maxBatchSize: 50 });
    transport.onBatch = async () => {
      clock.mono += 7; // pretend each request takes 7 ms
    };
    for (let i = 0; i < 120; i++) void stream.send(ev(i));
    await settle();
    let s = stream.stats();
    expect(s.enqueued).toBe(120);
    expect(s.queueDepth).toBe(20);
    expect(s.queueBytes).toBeGreaterThan(20 * 50);
    await clock.advance(30);
    expect(stream.stats().oldestQueuedAgeMs).toBeGreaterThanOrEqual(30);
    await stream.flush();
    s = stream.stats();
    expect(s.sent).toBe(120);
    expect(s.batches).toMatchObject({ count: 3, maxSize: 50, meanSize: 40 });
    expect(s.batches.histogram).toEqual({ '11-50': 3 });
    expect(s.latencyMs.count).toBe(3);
    expect(s.latencyMs.p50).toBe(7);
    expect(s.responses['2xx']).toBe(3);
    expect(s.queueDepth).toBe(0);
    expect(s.inFlightRequests).toBe(0);
    expect(s.sessionRefreshes).toBe(1);
  });
});
