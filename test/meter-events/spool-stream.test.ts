// Durable mode through the generated client: `stripe.meterEvents.stream({ spool })` against the meter
// mock. Replay after close() handed events back, the lock, a damaged log, and onFull on the spool's bound.
import { appendFileSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../runtime/meter-events/clock.js';
import {
  MeterEventFatalError,
  MeterEventStreamError,
  QueueFullError,
  SpoolCorruptionError,
  SpoolLockedError,
  SpoolOptionsError,
  StreamClosedError,
  type MeterEventStreamOptions,
  type OnFullPolicy,
  type UndeliveredEvent,
} from '../../generated/runtime/meter-events/index.js';
import { Spool } from '../../runtime/meter-events/spool/index.js';
import { requireGenerated } from '../support/built.js';
import { MeterMock } from '../support/meter-mock.js';
import { spawnSpoolHolder } from '../support/spool-events.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

const WALL = Date.parse('2026-11-20T12:05:00.000Z');
const clock = { ...systemClock, wallNow: () => WALL };
const utf8 = new TextEncoder();
const event = (i: number) => ({
  event_name: 'api_call',
  payload: { stripe_customer_id: `cus_${i % 7}`, value: String(i) },
});
const json = (i: number) =>
  JSON.stringify({
    ...event(i),
    identifier: `ev_${i}`,
    timestamp: '2026-11-20T12:00:00.000Z',
  });

let mock: MeterMock | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await mock?.close();
  mock = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spool-stream-'));
  dirs.push(d);
  return d;
}
function open(m: MeterMock, options: MeterEventStreamOptions) {
  const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', {
    host: '127.0.0.1',
    port: m.port,
    protocol: 'http',
  });
  return {
    stripe,
    stream: stripe.meterEvents.stream({
      clock,
      lingerMs: 5,
      maxEventsPerSecond: Infinity,
      retryBaseMs: 5,
      retryMaxMs: 20,
      ...options,
    }),
  };
}

describe('stream({ spool })', () => {
  it('events close() handed back are sent by the next stream on the folder, with the same identifiers and bytes', async () => {
    mock = await MeterMock.start();
    mock.onStream = () => ({ status: 503 });
    const dir = tempDir();
    const a = open(mock, { spool: { dir } });
    for (let i = 0; i < 250; i++) await a.stream.send(event(i)); // identifiers filled in by the stream
    const first = await a.stream.close({ timeoutMs: 200 });
    await a.stripe.close();
    expect(first.sent).toBe(0);
    expect(first.pending.length).toBe(250);

    mock.onStream = undefined;
    const b = open(mock, { spool: { dir } });
    await b.stream.send(event(999));
    const second = await b.stream.close({ timeoutMs: 10_000 });
    await b.stripe.close();
    expect(second.sent).toBe(251);
    const raw = mock.rawByIdentifier();
    expect(raw.size).toBe(251);
    for (const e of first.pending) expect(raw.get(e.identifier)).toEqual([JSON.stringify(e)]);

    // All acknowledged: a third stream has nothing to send.
    const s = Spool.open({ dir });
    expect([...s.recovered()]).toEqual([]);
    await s.close();
  });

  describe('a backlog bigger than the queue (a long outage, then a restart)', () => {
    const BACKLOG = 3000;
    /** A spool left holding BACKLOG undelivered events (the server refused them all), and their identifiers. */
    async function backlog(m: MeterMock, dir: string): Promise<string[]> {
      m.onStream = () => ({ status: 503 });
      const a = open(m, { spool: { dir } });
      for (let i = 0; i < BACKLOG; i++) expect(a.stream.trySend(event(i))).toBe(true); // send() would be paced while Stripe refuses
      const first = await a.stream.close({ timeoutMs: 100 });
      await a.stripe.close();
      expect(first.pending.length).toBe(BACKLOG);
      return first.pending.map((e) => e.identifier);
    }

    it('is queued as batches leave, never past maxQueueEvents; new events wait behind it; each event is delivered once', async () => {
      mock = await MeterMock.start();
      const dir = tempDir();
      const ids = await backlog(mock, dir);
      const depths: number[] = [];
      let b: ReturnType<typeof open> | undefined;
      mock.onStream = () => {
        if (b) depths.push(b.stream.stats().queueDepth);
        return undefined;
      };
      b = open(mock, { spool: { dir }, maxQueueEvents: 200 });
      expect(b.stream.stats().queueDepth).toBeLessThanOrEqual(200);
      expect(b.stream.trySend(event(10_000))).toBe(false); // behind the backlog: refused, not queued ahead of it
      let newQueued = false;
      const sent = b.stream.send(event(10_001)).then(() => {
        newQueued = true;
      });
      await b.stream.flush(); // the backlog counts as sent before the call
      await sent;
      expect(newQueued).toBe(true);
      await b.stream.flush();
      expect(Math.max(...depths)).toBeLessThanOrEqual(200);
      expect(depths.length).toBeGreaterThanOrEqual(BACKLOG / 100);
      const received = mock.identifiers();
      for (const id of ids) expect(received.has(id)).toBe(true);
      expect(received.size).toBe(BACKLOG + 1);
      expect(b.stream.stats().spool!.unacked).toBe(0);
      const result = await b.stream.close();
      await b.stripe.close();
      expect(result).toMatchObject({ sent: BACKLOG + 1, failed: 0, dropped: 0, pending: [] });
    });

    it('new events behind it meet onFull as at a full queue: reject and dropOldest refuse, dropNewest drops, block waits up to maxBlockMs', async () => {
      mock = await MeterMock.start();
      const dir = tempDir();
      await backlog(mock, dir);
      mock.onStream = () => ({ status: 503 }); // the backlog does not drain
      const policies: [OnFullPolicy, Partial<MeterEventStreamOptions>][] = [['reject', {}], ['dropOldest', {}], ['dropNewest', {}], ['block', { maxBlockMs: 50 }]];
      for (const [onFull, extra] of policies) {
        const undelivered: UndeliveredEvent[] = [];
        const b = open(mock, { spool: { dir }, maxQueueEvents: 100, onFull, onUndelivered: (e) => void undelivered.push(...e), ...extra });
        const one = await b.stream.send(event(20_000)).then(
          () => 'resolved',
          (err: unknown) => err,
        );
        const many = await b.stream.sendMany([event(20_001), event(20_002)]).then(
          () => 'resolved',
          (err: unknown) => err,
        );
        if (onFull === 'dropNewest') {
          expect([one, many]).toEqual(['resolved', 'resolved']);
          expect(undelivered.map((e) => [e.reason, e.event.payload.value])).toEqual([
            ['dropped_newest', '20000'],
            ['dropped_newest', '20001'],
            ['dropped_newest', '20002'],
          ]);
        } else {
          expect(one, onFull).toBeInstanceOf(QueueFullError);
          expect((one as QueueFullError).message).toMatch(/backlog/);
          expect(many, onFull).toMatchObject({ name: 'QueueFullError', accepted: 0 });
          if (onFull === 'block') expect((one as QueueFullError).message).toMatch(/still being queued after \d+ ms/);
          expect(b.stream.stats().rejected.queue_full).toBe(3);
        }
        await b.stream.close({ timeoutMs: 20 });
        await b.stripe.close();
        expect(mock.identifiers().size).toBe(0);
      }
      // Nothing new reached the log: the next stream sends exactly the backlog.
      mock.onStream = undefined;
      const c = open(mock, { spool: { dir } });
      await c.stream.flush();
      await c.stream.close();
      await c.stripe.close();
      expect(mock.identifiers().size).toBe(BACKLOG);
    });

    it('senders waiting behind it are bounded like blocked senders: past maxQueueEvents events, send() rejects at once', async () => {
      mock = await MeterMock.start();
      const dir = tempDir();
      await backlog(mock, dir);
      mock.onStream = () => ({ status: 503 });
      const b = open(mock, { spool: { dir }, maxQueueEvents: 100 });
      const waiting = Array.from({ length: 100 }, (_, i) =>
        b.stream.send(event(40_000 + i)).then(
          () => 'resolved',
          (err: unknown) => err,
        ),
      );
      const over = await b.stream.send(event(40_100)).then(
        () => 'resolved',
        (err: unknown) => err,
      );
      expect(over).toBeInstanceOf(QueueFullError);
      expect((over as Error).message).toMatch(/100 events already wait behind it/);
      await b.stream.close({ timeoutMs: 20 });
      await b.stripe.close();
      for (const w of await Promise.all(waiting)) expect(w).toBeInstanceOf(StreamClosedError);
    });

    it('a fatal error while it is being queued refuses the sends waiting behind it instead of leaving them waiting', async () => {
      mock = await MeterMock.start();
      const dir = tempDir();
      await backlog(mock, dir);
      mock.onStream = undefined;
      mock.revokeApiKey();
      const b = open(mock, { spool: { dir }, maxQueueEvents: 100, onError: () => {} });
      const waiting = b.stream.send(event(30_000)).then(
        () => 'resolved',
        (err: unknown) => err,
      );
      expect(await waiting).toBeInstanceOf(MeterEventFatalError);
      await b.stream.close({ timeoutMs: 20 });
      await b.stripe.close();
    });

    it('close() while it is being queued leaves the rest in the spool, and the next stream sends every event', async () => {
      mock = await MeterMock.start();
      const dir = tempDir();
      const ids = await backlog(mock, dir);
      mock.onStream = () => ({ status: 503 });
      const b = open(mock, { spool: { dir }, maxQueueEvents: 100, maxInFlight: 2 });
      expect(b.stream.stats().spool!.unacked).toBe(BACKLOG);
      const late = b.stream.send(event(10_002)).then(
        () => 'queued',
        (err: unknown) => err,
      );
      const second = await b.stream.close({ timeoutMs: 50 });
      await b.stripe.close();
      expect(await late).toBeInstanceOf(StreamClosedError); // it waited behind the backlog, then close() refused it
      expect(second.sent).toBe(0);
      // In memory at the close: the queue (100) and the batches being retried (2 x 100), not the backlog.
      expect(second.pending.length).toBeLessThanOrEqual(300);

      mock.onStream = undefined;
      const c = open(mock, { spool: { dir } });
      await c.stream.flush();
      const third = await c.stream.close();
      await c.stripe.close();
      expect(third.sent).toBe(BACKLOG);
      expect([...mock.identifiers()].sort()).toEqual([...ids].sort());
    });
  });

  it('stats().spool says how much the log holds: every unacknowledged event while Stripe refuses, none once delivered', async () => {
    mock = await MeterMock.start();
    let refuse = true;
    mock.onStream = () => (refuse ? { status: 503 } : undefined);
    const dir = tempDir();
    const { stripe, stream } = open(mock, { spool: { dir, maxBytes: 1 << 20 } });
    for (let i = 0; i < 40; i++) await stream.send(event(i));
    const held = stream.stats().spool!;
    expect(held).toMatchObject({ unacked: 40, maxBytes: 1 << 20 });
    expect(held.bytes).toBeGreaterThan(40 * json(0).length);
    expect(held.segments).toBeGreaterThanOrEqual(1);
    refuse = false;
    await stream.flush();
    expect(stream.stats().spool!.unacked).toBe(0);
    expect(mock.identifiers().size).toBe(40);
    await stream.close();
    await stripe.close();
    // An in-memory stream has no log to report.
    const plain = open(mock, {});
    expect(plain.stream.stats().spool).toBeNull();
    await plain.stream.close();
    await plain.stripe.close();
  });

  it('stream() on a folder another live process holds throws SpoolLockedError naming its pid', async () => {
    mock = await MeterMock.start();
    const dir = tempDir();
    const holder = await spawnSpoolHolder(dir);
    try {
      let err: unknown;
      try {
        open(mock, { spool: { dir } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SpoolLockedError);
      expect((err as SpoolLockedError).message).toBe(`meter event spool ${realpathSync(dir)} is in use: locked by running process ${holder.pid}`);
      expect((err as SpoolLockedError).holder?.pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('close', r));
    }
    const { stripe, stream } = open(mock, { spool: { dir } }); // the dead holder's lock is taken over
    await stream.close();
    await stripe.close();
  });

  it('a second stream on a folder in use is refused with SpoolLockedError; close() releases it', async () => {
    mock = await MeterMock.start();
    const dir = tempDir();
    const a = open(mock, { spool: { dir } });
    let err: unknown;
    try {
      open(mock, { spool: { dir } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SpoolLockedError);
    expect((err as Error).message).toBe(`meter event spool ${realpathSync(dir)} is in use: already open in this process`);
    await a.stream.close();
    const b = open(mock, { spool: { dir } });
    await b.stream.close();
    await Promise.all([a.stripe.close(), b.stripe.close()]);
    expect(() => open(mock!, { spool: { dir, fsync: 'sometimes' as 'always' } })).toThrow(
      new SpoolOptionsError("spool.fsync: sometimes is not 'always', 'interval' or 'never'"),
    );
    expect(() =>
      open(mock!, {
        spool: { dir },
        durability: {
          recover: () => [],
          append: () => undefined,
          settle: () => {},
          close: async () => {},
        },
      }),
    ).toThrow(/spool and durability cannot be used together/);
  });

  it('a truncated tail is reported to onError and skipped; every intact event is delivered', async () => {
    mock = await MeterMock.start();
    const dir = tempDir();
    const s = Spool.open({ dir });
    s.append(Array.from({ length: 20 }, (_, i) => utf8.encode(json(i))));
    await s.close();
    const log = join(
      dir,
      readdirSync(dir).find((f) => f.endsWith('.log'))!,
    );
    truncateSync(log, statSync(log).size - 10); // the last record torn, as by a crash inside its write()
    appendFileSync(log, Buffer.from([0xde, 0xad])); // plus junk after it

    const errors: MeterEventStreamError[] = [];
    const { stripe, stream } = open(mock, {
      spool: { dir },
      onError: (e) => errors.push(e),
    });
    const result = await stream.close({ timeoutMs: 10_000 });
    await stripe.close();
    expect(errors).toHaveLength(1);
    expect(errors[0].cause).toBeInstanceOf(SpoolCorruptionError);
    expect((errors[0].cause as SpoolCorruptionError).reason).toBe('truncated');
    expect(errors[0].message).toMatch(/^meter event spool: truncated at .*\.log:\d+ \(\d+ bytes skipped\)$/);
    expect(result.sent).toBe(19);
    expect([...mock.identifiers()].sort()).toEqual(Array.from({ length: 19 }, (_, i) => `ev_${i}`).sort());
    for (let i = 0; i < 19; i++) expect(mock.rawByIdentifier().get(`ev_${i}`)).toEqual([json(i)]);
  });

  describe("onFull on the spool's maxBytes (64 KiB, about 380 events) while Stripe is down", () => {
    const SENT = 600;
    async function run(onFull: OnFullPolicy, extra: MeterEventStreamOptions = {}) {
      mock = await MeterMock.start();
      let down = true;
      mock.onStream = () => (down ? { status: 503 } : undefined);
      const dir = tempDir();
      const undelivered: UndeliveredEvent[] = [];
      const { stripe, stream } = open(mock, {
        spool: { dir, maxBytes: 64 * 1024, segmentBytes: 4096 },
        onFull,
        maxBatchSize: 10,
        maxInFlight: 1,
        maxBlockMs: 30_000,
        onUndelivered: (events) => undelivered.push(...events),
        ...extra,
      });
      const outcomes = Array.from({ length: SENT }, (_, i) =>
        stream.send({ ...event(i), identifier: `ev_${i}` }).then(
          () => 'ok',
          (e: unknown) => e,
        ),
      );
      await new Promise((r) => setTimeout(r, 100));
      const settledEarly = await Promise.race([Promise.all(outcomes), new Promise((r) => setTimeout(() => r('waiting'), 10))]);
      down = false;
      const all = await Promise.all(outcomes);
      const result = await stream.close({ timeoutMs: 10_000 });
      await stripe.close();
      const spool = Spool.open({ dir });
      const left = [...spool.recovered()].length;
      await spool.close();
      return {
        all,
        result,
        undelivered,
        delivered: mock.identifiers(),
        settledEarly,
        left,
      };
    }

    it("'reject': sends past the bound reject with QueueFullError; the accepted ones are delivered", async () => {
      const { all, delivered, left } = await run('reject');
      const accepted = all.flatMap((o, i) => (o === 'ok' ? [`ev_${i}`] : []));
      expect(accepted.length).toBeGreaterThan(300);
      expect(accepted.length).toBeLessThan(SENT);
      for (const o of all) if (o !== 'ok') expect(o).toBeInstanceOf(QueueFullError);
      expect(delivered).toEqual(new Set(accepted));
      expect(left).toBe(0);
    });

    it("'dropNewest': events past the bound are reported dropped_newest; the rest are delivered", async () => {
      const { all, undelivered, delivered, left } = await run('dropNewest');
      expect(all.every((o) => o === 'ok')).toBe(true);
      expect(undelivered.length).toBeGreaterThan(0);
      for (const u of undelivered) expect(u.reason).toBe('dropped_newest');
      const dropped = new Set(undelivered.map((u) => u.event.identifier));
      expect(dropped.has(`ev_${SENT - 1}`)).toBe(true);
      expect(dropped.size + delivered.size).toBe(SENT);
      for (const id of dropped) expect(delivered.has(id)).toBe(false);
      expect(left).toBe(0);
    });

    it("'dropOldest': the oldest queued events are reported dropped_oldest to make room; the rest are delivered", async () => {
      const { all, undelivered, delivered, left } = await run('dropOldest');
      expect(all.every((o) => o === 'ok')).toBe(true);
      expect(undelivered.length).toBeGreaterThan(0);
      for (const u of undelivered) expect(u.reason).toBe('dropped_oldest');
      const dropped = new Set(undelivered.map((u) => u.event.identifier));
      expect(dropped.has(`ev_${SENT - 1}`)).toBe(false); // the newest is kept
      expect(delivered.has('ev_0')).toBe(true); // the batch in flight is not dropped
      expect(dropped.size + delivered.size).toBe(SENT);
      for (const id of dropped) expect(delivered.has(id)).toBe(false);
      expect(left).toBe(0);
    });

    it("'dropOldest' never drops batches in flight: when they alone fill the spool, send() rejects with QueueFullError", async () => {
      const { all, undelivered, delivered, left } = await run('dropOldest', {
        maxBatchSize: 100,
        maxInFlight: 8,
      });
      const refused = all.filter((o) => o !== 'ok');
      expect(refused.length).toBeGreaterThan(0);
      for (const o of refused) expect((o as Error).message).toBe('meter event spool is full and only batches in flight hold it: nothing queued left to drop');
      const accepted = all.flatMap((o, i) => (o === 'ok' ? [`ev_${i}`] : []));
      const dropped = new Set(undelivered.map((u) => u.event.identifier));
      expect(new Set([...delivered, ...dropped])).toEqual(new Set(accepted));
      expect(dropped.size + delivered.size).toBe(accepted.length);
      expect(left).toBe(0);
    });

    it("'block': sends past the bound wait for room, and all are delivered once Stripe is back", async () => {
      const { all, settledEarly, delivered, left } = await run('block');
      expect(settledEarly).toBe('waiting');
      expect(all.every((o) => o === 'ok')).toBe(true);
      expect(delivered.size).toBe(SENT);
      expect(left).toBe(0);
    });
  });
});
