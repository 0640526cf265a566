// Pure pieces: error classification, backoff, rate limiter, ring-buffer queue, reservoir.
import { describe, expect, it } from 'vitest';
import { fullJitter, retryDelay } from '../../runtime/meter-events/backoff.js';
import { classifyError, parseRetryAfter } from '../../runtime/meter-events/classify.js';
import { EventQueue } from '../../runtime/meter-events/queue.js';
import { RateLimiter } from '../../runtime/meter-events/rate-limiter.js';
import { Reservoir } from '../../runtime/meter-events/stats.js';

const err = (fields: Record<string, unknown>): Record<string, unknown> => ({ name: 'StripeAPIError', ...fields });

describe('classifyError', () => {
  it.each([
    ['401 session expired (code)', err({ statusCode: 401, code: 'billing_meter_event_session_expired' }), { kind: 'session_expired' }],
    ['session expired by type only', err({ type: 'temporary_session_expired' }), { kind: 'session_expired' }],
    ['fatal 401', err({ statusCode: 401, code: 'api_key_expired', type: 'invalid_request_error' }), { kind: 'fatal' }],
    ['403', err({ statusCode: 403 }), { kind: 'fatal' }],
    ['connection error', { name: 'StripeConnectionError' }, { kind: 'retry', reason: 'network' }],
    ['409', err({ statusCode: 409 }), { kind: 'retry', reason: 'conflict' }],
    ['429 + Retry-After', err({ statusCode: 429, headers: { 'retry-after': '2' } }), { kind: 'retry', reason: 'rate_limited', retryAfterMs: 2000 }],
    ['500', err({ statusCode: 500 }), { kind: 'retry', reason: 'server_error' }],
    ['503 + Retry-After', err({ statusCode: 503, headers: { 'retry-after': '1.5' } }), { kind: 'retry', reason: 'server_error', retryAfterMs: 1500 }],
    ['400 + should-retry true', err({ statusCode: 400, headers: { 'stripe-should-retry': 'true' } }), { kind: 'retry', reason: 'should_retry' }],
    ['500 + should-retry false', err({ statusCode: 500, headers: { 'stripe-should-retry': 'false' } }), { kind: 'permanent' }],
    ['400', err({ statusCode: 400, code: 'payload_invalid_value' }), { kind: 'invalid' }],
    ['413', err({ statusCode: 413 }), { kind: 'invalid' }],
    ['404', err({ statusCode: 404 }), { kind: 'permanent' }],
    ['unknown thrown value', 'boom', { kind: 'retry', reason: 'unknown' }],
  ])('%s', (_label, error, expected) => {
    expect(classifyError(error, 0)).toEqual(expected);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('full jitter stays within [0, min(cap, base*2^n))', () => {
    const policy = { baseMs: 500, capMs: 30_000, random: () => 0.999999 };
    expect(fullJitter(0, policy)).toBeLessThan(500);
    expect(fullJitter(3, policy)).toBeLessThan(4000);
    expect(fullJitter(3, policy)).toBeGreaterThan(3999);
    expect(fullJitter(20, policy)).toBeLessThan(30_000);
    expect(fullJitter(5000, policy)).toBeLessThan(30_000);
    expect(fullJitter(7, { ...policy, random: () => 0 })).toBe(0);
  });
  it('never waits less than Retry-After', () => {
    const policy = { baseMs: 500, capMs: 30_000, random: () => 0.5 };
    expect(retryDelay(0, 2000, policy)).toBe(2000);
    expect(retryDelay(10, 100, policy)).toBe(15_000);
    expect(retryDelay(1, undefined, policy)).toBe(500);
  });
});

describe('RateLimiter', () => {
  it('lets a burst through, then spaces batches at the configured rate', () => {
    const rl = new RateLimiter(1000, 100, 0);
    expect(rl.delayFor(100, 0)).toBe(0);
    rl.take(100, 0);
    expect(rl.delayFor(100, 0)).toBeCloseTo(100); // 100 events at 1000/s
    expect(rl.delayFor(100, 100)).toBe(0);
  });
  it('halves on 429 (down to a floor), honours Retry-After, and recovers on success', () => {
    const rl = new RateLimiter(10_000, 100, 0);
    rl.onRateLimited(0, 2000);
    expect(rl.rate).toBe(5000);
    expect(rl.delayFor(1, 0)).toBe(2000);
    expect(rl.delayFor(1, 2000)).toBe(0);
    for (let i = 0; i < 20; i++) rl.onRateLimited(0);
    expect(rl.rate).toBe(100); // floor: 1% of the configured rate
    for (let i = 0; i < 100; i++) rl.onSuccess();
    expect(rl.rate).toBe(10_000);
  });
  it('is off at Infinity but still honours a Retry-After pause', () => {
    const rl = new RateLimiter(Infinity, 100, 0);
    expect(rl.enabled).toBe(false);
    rl.take(1e9, 0);
    expect(rl.delayFor(100, 0)).toBe(0);
    rl.onRateLimited(0, 500);
    expect(rl.rate).toBe(Infinity);
    expect(rl.delayFor(100, 100)).toBe(400);
  });
});

describe('EventQueue', () => {
  it('is a FIFO that grows, counts bytes and keeps enqueue times', () => {
    const q = new EventQueue();
    const ev = (i: number): string => `e${i}`.padEnd(10, '.'); // 10 bytes
    for (let i = 0; i < 5000; i++) q.push(ev(i), 10, i);
    expect(q.length).toBe(5000);
    expect(q.bytes).toBe(50_000);
    expect(q.oldestTime()).toBe(0);
    expect(q.take(3)).toEqual([ev(0), ev(1), ev(2)]);
    expect(q.oldestTime()).toBe(3);
    // Batches handed back after a fatal error come back in the order they left, whatever order they stopped in.
    q.pushFront(['c'], 99, 2);
    q.pushFront(['a', 'b'], 99, 1);
    expect(q.take(4)).toEqual(['a', 'b', 'c', ev(3)]);
    expect(q.drain()).toHaveLength(4996);
    expect(q.bytes).toBe(0);
    expect(q.pushedTotal - q.removedTotal).toBe(0);
  });
  it('cuts batches by count and by request bytes', () => {
    const q = new EventQueue();
    for (let i = 0; i < 10; i++) q.push('x'.repeat(100), 100, 0);
    expect(q.batchCount(100, 1_000_000, 13)).toBe(10);
    expect(q.batchCount(4, 1_000_000, 13)).toBe(4);
    // 13 + 3*100 + 2 commas = 315 fits in 320; a fourth would not.
    expect(q.batchCount(100, 320, 13)).toBe(3);
  });
});

describe('Reservoir', () => {
  it('keeps a bounded sample and reports percentiles', () => {
    let seed = 1;
    const r = new Reservoir(100, () => ((seed = (seed * 16807) % 2147483647) / 2147483647));
    for (let i = 1; i <= 10_000; i++) r.add(i);
    const s = r.summary();
    expect(s.count).toBe(10_000);
    expect(s.max).toBe(10_000);
    expect(s.p50).toBeGreaterThan(3000);
    expect(s.p50).toBeLessThan(7000);
    expect(s.p99).toBeGreaterThan(s.p90);
  });
});
