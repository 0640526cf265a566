// The durability seam (runtime/meter-events/durability.ts), driven through the generated client and
// the meter mock with a recording log: what a spool would be told, and when.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../runtime/meter-events/clock.js';
import type { MeterEventDurability, SettleOutcome } from '../../runtime/meter-events/index.js';
import { requireGenerated } from '../support/built.js';
import { MeterMock } from '../support/meter-mock.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

const WALL = Date.parse('2026-11-20T12:05:00.000Z');
const clock = { ...systemClock, wallNow: () => WALL };
const text = new TextDecoder();
let mock: MeterMock | undefined;
afterEach(async () => mock?.close());

class RecordingLog implements MeterEventDurability {
  readonly appended: Array<{ seq: number; json: string }> = [];
  readonly settled = new Map<number, SettleOutcome>();
  closed = false;
  /** Resolves appends only when released, to show send() waits for them. */
  gate: Promise<void> | undefined;
  constructor(private readonly recovered: readonly string[] = []) {}
  recover(): Promise<readonly string[]> {
    return Promise.resolve(this.recovered);
  }
  append(seq: number, bytes: Uint8Array, off: number, len: number): Promise<void> | undefined {
    this.appended.push({ seq, json: text.decode(bytes.subarray(off, off + len)) });
    return this.gate;
  }
  settle(first: number, count: number, outcome: SettleOutcome): void {
    for (let s = first; s < first + count; s++) this.settled.set(s, outcome);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const event = (i: number) => ({ event_name: 'api_call', payload: { stripe_customer_id: 'cus_1', value: String(i) }, identifier: `ev_${i}` });

describe('durability hooks', () => {
  it('recovered events go first at positions 0..n-1; each accepted event is appended with its exact bytes before send() resolves; Stripe’s 2xx settles them', async () => {
    mock = await MeterMock.start();
    mock.poison('ev_5');
    const recovered = [0, 1].map((i) => JSON.stringify({ ...event(100 + i), timestamp: '2026-11-20T12:00:00.000Z' }));
    const log = new RecordingLog(recovered);
    const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', { host: '127.0.0.1', port: mock.port, protocol: 'http' });
    const stream = stripe.meterEvents.stream({ clock, lingerMs: 5, maxEventsPerSecond: Infinity, durability: log, onUndelivered: () => {} });

    let release!: () => void;
    log.gate = new Promise<void>((r) => (release = r));
    let resolved = false;
    const first = stream.send(event(0)).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false); // waiting for the log
    release();
    await first;
    log.gate = undefined;
    for (let i = 1; i < 10; i++) await stream.send(event(i));
    const result = await stream.close({ timeoutMs: 5000 });

    expect(log.appended.map((a) => a.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const a of log.appended) expect(mock.rawByIdentifier().get(JSON.parse(a.json).identifier)?.[0] ?? a.json).toBe(a.json);
    expect(mock.rawByIdentifier().get('ev_100')).toEqual([recovered[0]]); // replayed byte for byte
    expect(result.sent).toBe(11);
    const outcomes = [...log.settled.entries()].sort((a, b) => a[0] - b[0]);
    expect(outcomes).toEqual(Array.from({ length: 12 }, (_, s) => [s, s === 7 ? 'failed' : 'delivered'])); // ev_5 is position 7
    expect(log.closed).toBe(true);
    await stripe.close();
  });

  it('a recover() that gives no iterable is reported through onError, and the stream goes on', async () => {
    mock = await MeterMock.start();
    const log = new RecordingLog();
    log.recover = () => Promise.resolve(42 as unknown as readonly string[]);
    const errors: string[] = [];
    const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', { host: '127.0.0.1', port: mock.port, protocol: 'http' });
    const stream = stripe.meterEvents.stream({ clock, lingerMs: 5, durability: log, onError: (e) => void errors.push(e.message) });
    await stream.send(event(1));
    await stream.flush();
    await stream.close();
    await stripe.close();
    expect(errors).toEqual(['durable log recovery failed']);
    expect([...mock.identifiers()]).toEqual(['ev_1']);
  });

  it('events dropped by onFull settle as dropped; events handed back by close() do not settle', async () => {
    mock = await MeterMock.start();
    mock.hang();
    const log = new RecordingLog();
    const stripe = new Stripe('sk_test_51AbCdEfGhIjKlMnOp9876', { host: '127.0.0.1', port: mock.port, protocol: 'http' });
    const stream = stripe.meterEvents.stream({
      clock,
      lingerMs: 1,
      maxBatchSize: 2,
      maxInFlight: 1,
      maxQueueEvents: 3,
      onFull: 'dropOldest',
      durability: log,
      onUndelivered: () => {},
    });
    for (let i = 0; i < 10; i++) await stream.send(event(i));
    const result = await stream.close({ timeoutMs: 50 });
    const dropped = [...log.settled.entries()].filter(([, o]) => o === 'dropped').map(([s]) => s);
    expect(dropped.length).toBe(10 - result.pending.length);
    for (const e of result.pending) {
      const seq = log.appended.find((a) => JSON.parse(a.json).identifier === e.identifier)!.seq;
      expect(log.settled.has(seq)).toBe(false);
    }
    mock.hang(false);
    await stripe.close();
  });
});
