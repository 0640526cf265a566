// The retry decision and delay are pure functions: tested here by table.

import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs, retryDelayMs, shouldRetry, type AttemptOutcome } from '../../runtime/retry.js';

describe('shouldRetry', () => {
  const base = { retriesSoFar: 0, maxRetries: 2 };
  const table: Array<[string, AttemptOutcome, boolean]> = [
    ['connection error', { ...base, failure: 'connection' }, true],
    ['timeout', { ...base, failure: 'timeout' }, true],
    ['caller abort', { ...base, failure: 'aborted' }, false],
    ['409 conflict', { ...base, statusCode: 409 }, true],
    ['429 rate limit', { ...base, statusCode: 429 }, true],
    ['500', { ...base, statusCode: 500 }, true],
    ['502', { ...base, statusCode: 502 }, true],
    ['503', { ...base, statusCode: 503 }, true],
    ['400', { ...base, statusCode: 400 }, false],
    ['401', { ...base, statusCode: 401 }, false],
    ['402', { ...base, statusCode: 402 }, false],
    ['404', { ...base, statusCode: 404 }, false],
    ['500 with Stripe-Should-Retry: false', { ...base, statusCode: 500, shouldRetryHeader: 'false' }, false],
    ['429 with Stripe-Should-Retry: false', { ...base, statusCode: 429, shouldRetryHeader: 'false' }, false],
    ['400 with Stripe-Should-Retry: true', { ...base, statusCode: 400, shouldRetryHeader: 'true' }, true],
    ['out of retries on 500', { retriesSoFar: 2, maxRetries: 2, statusCode: 500 }, false],
    ['out of retries on connection error', { retriesSoFar: 2, maxRetries: 2, failure: 'connection' }, false],
    ['maxNetworkRetries 0 on 500', { retriesSoFar: 0, maxRetries: 0, statusCode: 500 }, false],
    ['maxNetworkRetries 0 on reset', { retriesSoFar: 0, maxRetries: 0, failure: 'connection' }, false],
    ['maxNetworkRetries 0 ignores Stripe-Should-Retry: true', { retriesSoFar: 0, maxRetries: 0, statusCode: 400, shouldRetryHeader: 'true' }, false],
    ['last allowed retry', { retriesSoFar: 1, maxRetries: 2, statusCode: 503 }, true],
  ];
  it.each(table)('%s → %s', (_n, outcome, expected) => {
    expect(shouldRetry(outcome)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  const NOW = Date.UTC(2015, 9, 21, 7, 28, 0);
  const table: Array<[string, number, string | undefined, number, number]> = [
    // name, retry number, Retry-After, random, expected ms
    ['first retry, no jitter draw', 1, undefined, 0, 500],
    ['first retry, max jitter', 1, undefined, 0.999999, 500],
    ['second retry, low jitter floors at half', 2, undefined, 0, 500],
    ['second retry, high jitter', 2, undefined, 1, 1000],
    ['third retry mid jitter', 3, undefined, 0.5, 1500],
    ['fourth retry full', 4, undefined, 1, 4000],
    ['fifth retry capped at 5 s', 5, undefined, 1, 5000],
    ['tenth retry capped at 5 s, low jitter', 10, undefined, 0, 2500],
    ['Retry-After seconds', 1, '3', 0.7, 3000],
    ['Retry-After zero', 2, '0', 0.7, 0],
    ['Retry-After fractional', 1, '1.5', 0, 1500],
    ['Retry-After capped at 60 s', 1, '3600', 0, 60_000],
    ['Retry-After with spaces', 1, ' 2 ', 0, 2000],
    ['Retry-After HTTP date 7 s ahead', 1, 'Wed, 21 Oct 2015 07:28:07 GMT', 0, 7000],
    ['Retry-After HTTP date in the past: at once', 2, 'Wed, 21 Oct 2015 07:27:00 GMT', 1, 0],
    ['Retry-After HTTP date far ahead capped at 60 s', 1, 'Thu, 22 Oct 2015 07:28:00 GMT', 0, 60_000],
    ['Retry-After loose date ignored (backoff)', 1, '21 Oct 2015', 0, 500],
    ['Retry-After negative ignored', 2, '-5', 1, 1000],
  ];
  it.each(table)('%s', (_n, retry, header, random, expected) => {
    expect(retryDelayMs(retry, header, random, NOW)).toBe(expected);
  });
  it('parses Retry-After', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs('')).toBeUndefined();
    expect(parseRetryAfterMs('10')).toBe(10_000);
  });
});
