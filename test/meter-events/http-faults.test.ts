// Fault injection over real HTTP: the stream, the meter-mock server, and either a
// test-only undici transport or the generated client (`stripe.meterEvents`), so
// every scenario also runs through the real client path. For every scenario: each accepted identifier reaches
// the server at least once, the server's distinct identifiers equal those sent
// minus exactly the poisoned ones (reported undelivered), and every copy the
// server received is byte-for-byte the JSON made at send().

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MeterEventFatalError,
  MeterEvents,
  prepareMeterEvent,
  type CloseResult,
  type MeterEvent,
  type MeterEventStream,
  type MeterEventStreamError,
  type MeterEventStreamOptions,
  type UndeliveredEvent,
} from '../../generated/runtime/meter-events/index.js';
import { MeterMock, type MeterMockOptions } from '../support/meter-mock.js';
import { createMockTransport } from '../support/meter-mock-transport.js';
import { requireGenerated } from '../support/built.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');
type Via = 'test transport' | 'generated client';
let via: Via = 'test transport';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await (cleanups.pop() as () => Promise<void>)();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function makeEvent(i: number): MeterEvent {
  return {
    event_name: 'api_call',
    // Non-ASCII and escapes so byte-for-byte checks mean something.
    payload: { stripe_customer_id: `cus_${i % 7}`, value: String((i % 13) + 0.5), note: `ünï "q" \\ ${i} ✓` },
    identifier: `ev_${i}`,
    timestamp: new Date(Date.now() - 1000).toISOString(),
  };
}

interface Run {
  mock: MeterMock;
  stream: MeterEventStream;
  expected: Map<string, string>;
  originals: Map<string, MeterEvent>;
  undelivered: UndeliveredEvent[];
  errors: MeterEventStreamError[];
}

async function start(mockOptions: MeterMockOptions = {}, options: MeterEventStreamOptions = {}): Promise<Run> {
  const mock = await MeterMock.start(mockOptions);
  let meterEvents: MeterEvents;
  if (via === 'test transport') {
    const transport = createMockTransport(mock.url);
    cleanups.push(() => mock.close(), () => transport.close());
    meterEvents = new MeterEvents(transport);
  } else {
    const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', { host: '127.0.0.1', port: mock.port, protocol: 'http' });
    cleanups.push(() => mock.close(), () => stripe.close());
    meterEvents = stripe.meterEvents;
  }
  const undelivered: UndeliveredEvent[] = [];
  const errors: MeterEventStreamError[] = [];
  const stream = meterEvents.stream({
    lingerMs: 5,
    retryBaseMs: 20,
    retryMaxMs: 200,
    maxEventsPerSecond: Infinity,
    onUndelivered: (events) => undelivered.push(...events),
    onError: (e) => errors.push(e),
    ...options,
  });
  cleanups.push(async () => void (await stream.close({ timeoutMs: 1000 })));
  return { mock, stream, expected: new Map(), originals: new Map(), undelivered, errors };
}

/** Sends `count` events (ev_<first>…) spread over about `durationMs`, from `producers` concurrent loops. */
async function produce(run: Run, count: number, durationMs: number, producers = 1, first = 0): Promise<void> {
  const ctx = { customerKey: 'stripe_customer_id', wallNow: Date.now, generateIdentifier: () => 'unused' };
  const perProducer = Math.ceil(count / producers);
  const step = 50;
  const pause = (durationMs * step) / perProducer;
  await Promise.all(
    Array.from({ length: producers }, async (_, p) => {
      for (let k = 0; k < perProducer; k++) {
        const i = p * perProducer + k;
        if (i >= count) break;
        const event = makeEvent(first + i);
        run.expected.set(event.identifier as string, prepareMeterEvent(event, ctx).json);
        run.originals.set(event.identifier as string, event);
        try {
          await run.stream.send(event);
        } catch (err) {
          // Not accepted: the caller still holds it, so it is not owed to the server.
          run.expected.delete(event.identifier as string);
          throw err;
        }
        if (k % step === step - 1) await sleep(pause);
      }
    }),
  );
}

function assertDelivered(run: Run, poisoned: string[] = []): void {
  const undeliveredIds = run.undelivered.map((u) => u.identifier).sort();
  expect(undeliveredIds).toEqual([...poisoned].sort());
  for (const u of run.undelivered) expect(u.reason).toBe('rejected');
  const wanted = new Set([...run.expected.keys()].filter((id) => !poisoned.includes(id)));
  expect(run.mock.identifiers()).toEqual(wanted);
  for (const [id, copies] of run.mock.rawByIdentifier()) {
    for (const raw of copies) expect(raw).toBe(run.expected.get(id));
    expect(JSON.parse(copies[0])).toEqual(run.originals.get(id));
  }
}

async function finish(run: Run): Promise<CloseResult> {
  const result = await run.stream.close({ timeoutMs: 20_000 });
  expect(result.pending).toEqual([]);
  return result;
}

describe.each<Via>(['test transport', 'generated client'])('meter-event stream over HTTP (meter-mock), through the %s', (through) => {
  beforeAll(() => {
    via = through;
  });
  it('delivers a plain stream, batching up to 100 events per request', async () => {
    const run = await start();
    await produce(run, 3000, 100);
    const result = await finish(run);
    assertDelivered(run);
    expect(result.sent).toBe(3000);
    expect(run.mock.sessionsCreated).toBe(1);
    expect(run.stream.stats().batches.maxSize).toBe(100);
    // The API key never travels to the stream endpoint; only session tokens do.
    for (const t of run.mock.tokensUsed) expect(t.startsWith('ek_test_')).toBe(true);
  });

  it('proactive refresh with 1 s tokens: new sessions before expiry, no expired answers', async () => {
    const run = await start({ tokenLifetimeMs: 1000 });
    await produce(run, 3000, 2600);
    await finish(run);
    assertDelivered(run);
    expect(run.mock.sessionsCreated).toBeGreaterThanOrEqual(3);
    expect(run.mock.statusCounts[401] ?? 0).toBeLessThanOrEqual(1);
    expect(run.stream.stats().sessionRefreshes).toBe(run.mock.sessionsCreated);
  });

  it('session expiry mid-stream: 401 expired answers are refreshed and resent with the same bytes', async () => {
    // The server claims 15 min but kills tokens after 1 s, so only the 401 can tell.
    const run = await start({ tokenLifetimeMs: 1000, advertisedLifetimeMs: 15 * 60_000 });
    await produce(run, 3000, 2500);
    await finish(run);
    assertDelivered(run);
    expect(run.mock.statusCounts[401]).toBeGreaterThan(0);
    expect(run.stream.stats().sessionExpiredResends).toBeGreaterThan(0);
    expect(run.mock.sessionsCreated).toBeGreaterThanOrEqual(3);
  });

  it('server-side expiry of every token at once (401 expiry answer) is absorbed', async () => {
    const run = await start();
    const producing = produce(run, 2000, 600);
    await sleep(300);
    run.mock.expireAllTokens();
    await producing;
    await finish(run);
    assertDelivered(run);
    expect(run.mock.statusCounts[401]).toBeGreaterThan(0);
    expect(run.mock.sessionsCreated).toBe(2);
  });

  it('concurrent senders during a slow refresh share a single session request', async () => {
    const run = await start({ tokenLifetimeMs: 1000, sessionDelayMs: 150 }, { maxBatchSize: 20 });
    const t0 = performance.now();
    await produce(run, 4000, 2000, 16);
    await finish(run);
    const elapsed = performance.now() - t0;
    assertDelivered(run);
    // One refresh per ~800 ms of lifetime at most, however many senders.
    expect(run.mock.sessionsCreated).toBeLessThanOrEqual(Math.ceil(elapsed / 800) + 2);
  });

  it('429 bursts: honours Retry-After and delivers everything', async () => {
    const run = await start({}, { maxEventsPerSecond: 50_000 });
    run.mock.rateLimit(6, 1);
    const t0 = performance.now();
    await produce(run, 1500, 200);
    await finish(run);
    assertDelivered(run);
    expect(run.mock.statusCounts[429]).toBe(6);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(run.stream.stats().rateLimit).toBeLessThan(50_000);
  });

  it('500s are retried with backoff', async () => {
    const run = await start();
    run.mock.serverErrors(15);
    await produce(run, 2000, 300);
    await finish(run);
    assertDelivered(run);
    expect(run.mock.statusCounts[500]).toBe(15);
    expect(run.stream.stats().retried).toBeGreaterThanOrEqual(15);
  });

  it('connection resets, before and after the server recorded the batch', async () => {
    const run = await start();
    run.mock.resetConnections(4);
    await produce(run, 1000, 100);
    run.mock.resetConnections(4, true);
    await produce(run, 1000, 100, 1, 1000);
    await finish(run);
    assertDelivered(run);
    expect(run.stream.stats().responses.network).toBeGreaterThanOrEqual(8);
  });

  it('slow responses beyond requestTimeoutMs are retried; duplicates are byte-identical', async () => {
    const run = await start({}, { requestTimeoutMs: 150 });
    run.mock.slowResponses(5, 400);
    await produce(run, 1500, 200);
    await finish(run);
    assertDelivered(run);
    expect(run.stream.stats().retried).toBeGreaterThanOrEqual(5);
    expect(run.mock.events.length).toBeGreaterThan(run.mock.identifiers().size);
  });

  it('a poisoned event is isolated by bisection and reported; the rest are delivered', async () => {
    const run = await start();
    run.mock.poison('ev_123');
    run.mock.poison('ev_1777');
    await produce(run, 2000, 200);
    const result = await finish(run);
    assertDelivered(run, ['ev_123', 'ev_1777']);
    expect(result.failed).toBe(2);
    expect(run.stream.stats().bisections).toBeGreaterThan(0);
  });

  it('a fatal 401 stops sending and close() hands back everything undelivered', async () => {
    const run = await start({}, { onFull: 'reject' });
    await produce(run, 500, 50);
    await run.stream.flush();
    run.mock.revokeApiKey();
    await produce(run, 500, 0, 1, 500).catch(() => undefined);
    const result = await run.stream.close({ timeoutMs: 5000 });
    expect(run.errors.some((e) => e instanceof MeterEventFatalError)).toBe(true);
    const delivered = run.mock.identifiers();
    const pending = result.pending.map((e) => e.identifier);
    expect(new Set([...delivered, ...pending])).toEqual(new Set(run.expected.keys()));
    expect(pending.length + delivered.size).toBe(run.expected.size);
    for (const e of result.pending) expect(JSON.stringify(e)).toBe(run.expected.get(e.identifier));
    expect(run.undelivered).toEqual([]);
  });
});
