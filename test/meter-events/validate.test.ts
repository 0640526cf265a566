import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeterEventValidationError } from '../../runtime/meter-events/errors.js';
import { parseDateTime } from '../../runtime/meter-events/iso-date.js';
import { EventQueue } from '../../runtime/meter-events/queue.js';
import { EventEncoder, MAX_EVENT_BYTES, prepareMeterEvent, significantDigits, TimestampSource, type PrepareContext } from '../../runtime/meter-events/validate.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const ctx: PrepareContext = { customerKey: 'stripe_customer_id', wallNow: () => NOW, generateIdentifier: () => 'gen-id' };
const good = { event_name: 'api_call', payload: { stripe_customer_id: 'cus_1', value: '25' } };

function fieldOf(event: unknown, c: PrepareContext = ctx): string {
  try {
    prepareMeterEvent(event, c);
  } catch (err) {
    expect(err).toBeInstanceOf(MeterEventValidationError);
    return (err as MeterEventValidationError).field;
  }
  throw new Error('expected a validation error');
}

describe('prepareMeterEvent', () => {
  it('serialises in stripe-node field order and fills identifier and timestamp', () => {
    const { json, bytes } = prepareMeterEvent(good, ctx);
    expect(json).toBe(
      '{"event_name":"api_call","payload":{"stripe_customer_id":"cus_1","value":"25"},"identifier":"gen-id","timestamp":"2026-06-01T12:00:00.000Z"}',
    );
    expect(bytes).toBe(Buffer.byteLength(json));
  });

  it('keeps a given identifier and timestamp string byte for byte; Dates become ISO', () => {
    const ts = '2026-06-01T11:59:00+00:00';
    expect(JSON.parse(prepareMeterEvent({ ...good, identifier: 'x', timestamp: ts }, ctx).json)).toMatchObject({ identifier: 'x', timestamp: ts });
    const d = new Date(NOW - 1000);
    expect(JSON.parse(prepareMeterEvent({ ...good, timestamp: d }, ctx).json).timestamp).toBe(d.toISOString());
  });

  it('counts bytes as UTF-8', () => {
    const { json, bytes } = prepareMeterEvent({ ...good, payload: { ...good.payload, note: 'ünïcödé ✓' } }, ctx);
    expect(bytes).toBe(Buffer.byteLength(json));
    expect(bytes).toBeGreaterThan(json.length);
  });

  it.each([
    ['not an object', null, 'event'],
    ['array', [], 'event'],
    ['missing event_name', { payload: good.payload }, 'event_name'],
    ['empty event_name', { ...good, event_name: '' }, 'event_name'],
    ['numeric event_name', { ...good, event_name: 3 }, 'event_name'],
    ['missing payload', { event_name: 'e' }, 'payload'],
    ['array payload', { event_name: 'e', payload: [] }, 'payload'],
    ['number in payload', { event_name: 'e', payload: { stripe_customer_id: 'c', value: 3 } }, 'payload.value'],
    ['null in payload', { event_name: 'e', payload: { stripe_customer_id: 'c', other: null } }, 'payload.other'],
    ['missing customer key', { event_name: 'e', payload: { value: '1' } }, 'payload.stripe_customer_id'],
    ['empty customer', { event_name: 'e', payload: { stripe_customer_id: '' } }, 'payload.stripe_customer_id'],
    ['non-decimal value', { event_name: 'e', payload: { stripe_customer_id: 'c', value: '1e5' } }, 'payload.value'],
    ['value with spaces', { event_name: 'e', payload: { stripe_customer_id: 'c', value: ' 1' } }, 'payload.value'],
    ['16 significant digits', { event_name: 'e', payload: { stripe_customer_id: 'c', value: '1234567890.123456' } }, 'payload.value'],
    ['empty identifier', { ...good, identifier: '' }, 'identifier'],
    ['numeric identifier', { ...good, identifier: 5 }, 'identifier'],
    ['non-ISO timestamp', { ...good, timestamp: 'June 1 2026' }, 'timestamp'],
    ['impossible date', { ...good, timestamp: '2026-02-30T00:00:00.000Z' }, 'timestamp'],
    ['invalid Date', { ...good, timestamp: new Date(Number.NaN) }, 'timestamp'],
    ['numeric timestamp', { ...good, timestamp: 1700000000 }, 'timestamp'],
    ['36 days old', { ...good, timestamp: new Date(NOW - 36 * 86_400_000) }, 'timestamp'],
    ['6 minutes ahead', { ...good, timestamp: new Date(NOW + 6 * 60_000).toISOString() }, 'timestamp'],
  ])('rejects %s naming the field', (_label, event, field) => {
    expect(fieldOf(event)).toBe(field);
  });

  it('accepts the edges: 35 days old, 5 minutes ahead, 15 significant digits, no value', () => {
    expect(() => prepareMeterEvent({ ...good, timestamp: new Date(NOW - 35 * 86_400_000 + 1000) }, ctx)).not.toThrow();
    expect(() => prepareMeterEvent({ ...good, timestamp: new Date(NOW + 5 * 60_000) }, ctx)).not.toThrow();
    expect(() => prepareMeterEvent({ event_name: 'e', payload: { stripe_customer_id: 'c', value: '123456789012345' } }, ctx)).not.toThrow();
    expect(() => prepareMeterEvent({ event_name: 'e', payload: { stripe_customer_id: 'c', value: '0.000123456789012345000' } }, ctx)).not.toThrow();
    expect(() => prepareMeterEvent({ event_name: 'e', payload: { stripe_customer_id: 'c' } }, ctx)).not.toThrow();
  });

  it('uses the configured customer key', () => {
    const c = { ...ctx, customerKey: 'tenant' };
    expect(fieldOf(good, c)).toBe('payload.tenant');
    expect(() => prepareMeterEvent({ event_name: 'e', payload: { tenant: 't' } }, c)).not.toThrow();
  });

  it('rejects an event that cannot fit a 256 KiB request', () => {
    expect(fieldOf({ ...good, payload: { ...good.payload, big: 'x'.repeat(MAX_EVENT_BYTES) } })).toBe('payload');
  });

  it('counts significant digits', () => {
    expect(significantDigits('0')).toBe(0);
    expect(significantDigits('-001.2300')).toBe(3);
    expect(significantDigits('100')).toBe(3);
    expect(significantDigits('.5')).toBe(1);
  });

  it('caches the enqueue-time ISO string per millisecond', () => {
    let now = NOW;
    const ts = new TimestampSource(() => now);
    const a = ts.iso();
    expect(ts.iso()).toBe(a);
    now += 1;
    expect(ts.iso()).toBe(new Date(NOW + 1).toISOString());
  });
});

describe('the wall-clock reading reused for range checks', () => {
  const DAY = 86_400_000;
  function setup() {
    const clock = { now: NOW, reads: 0 };
    const encoder = new EventEncoder({
      customerKey: 'stripe_customer_id',
      wallNow: () => (clock.reads++, clock.now),
      generateIdentifier: () => 'gen',
    });
    const queue = new EventQueue();
    const send = (timestamp?: string | Date): void => {
      encoder.encode({ ...good, timestamp }, queue);
      queue.unstage();
    };
    return { clock, encoder, send };
  }

  it('is read once for many events, and again after expireWall() or 256 events', () => {
    const { clock, encoder, send } = setup();
    for (let i = 0; i < 100; i++) send(new Date(NOW - i * 1000).toISOString());
    expect(clock.reads).toBe(1);
    encoder.expireWall();
    send(new Date(NOW));
    expect(clock.reads).toBe(2);
    for (let i = 0; i < 300; i++) send(new Date(NOW).toISOString());
    expect(clock.reads).toBe(3);
  });

  it('never refuses on a stale reading: the 5-minute side is checked again against a fresh one', () => {
    const { clock, send } = setup();
    send(new Date(NOW).toISOString());
    clock.now += 10 * 60_000; // ten minutes pass without a batch
    expect(() => send(new Date(clock.now + 4 * 60_000).toISOString())).not.toThrow();
    expect(clock.reads).toBe(2);
    expect(() => send(new Date(clock.now + 6 * 60_000).toISOString())).toThrow(/5 minutes/);
  });

  it('never accepts on a stale reading what a fresh one refuses at the 35-day edge', () => {
    const { clock, send } = setup();
    send(new Date(NOW).toISOString());
    clock.now += 2 * 3600_000; // two hours pass without a batch
    expect(() => send(new Date(clock.now - 35 * DAY - 1000).toISOString())).toThrow(/35 days/);
    expect(() => send(new Date(clock.now - 35 * DAY + 1000))).not.toThrow();
  });

  it('is not used for filled-in timestamps: those are always a fresh reading', () => {
    const { clock, send } = setup();
    send(new Date(NOW).toISOString());
    send();
    send();
    expect(clock.reads).toBe(3);
  });
});

describe('parseDateTime', () => {
  it('agrees with Date.parse on canonical ISO strings', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
        const s = d.toISOString();
        expect(parseDateTime(s)).toBe(Date.parse(s));
      }),
    );
  });
  it('agrees with Date.parse on runs of timestamps that share dates (its per-date memory)', () => {
    const base = Date.UTC(2024, 1, 27);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 * 86_400_000 }), { maxLength: 50 }), (offsets) => {
        for (const ms of offsets) {
          const s = new Date(base + ms).toISOString();
          expect(parseDateTime(s)).toBe(Date.parse(s));
          // A day that does not exist stays invalid right after valid days of its month were seen.
          expect(parseDateTime(`${s.slice(0, 8)}30${s.slice(10)}`)).toBe(s.startsWith('2024-02') ? NaN : Date.parse(`${s.slice(0, 8)}30${s.slice(10)}`));
        }
      }),
    );
  });
  it('handles offsets and rejects loose formats', () => {
    expect(parseDateTime('2026-06-01T12:00:00+02:00')).toBe(Date.UTC(2026, 5, 1, 10));
    expect(parseDateTime('2026-06-01T12:00Z')).toBe(Date.UTC(2026, 5, 1, 12));
    expect(parseDateTime('2026-06-01')).toBeNaN();
    expect(parseDateTime('2026-13-01T00:00:00.000Z')).toBeNaN();
    expect(parseDateTime('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDateTime('2025-02-29T00:00:00.000Z')).toBeNaN();
  });
});
