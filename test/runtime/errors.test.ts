// Every error class produced from a real (mock) HTTP response, with the fields
// the meter-event core relies on: statusCode, code, type, headers.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as R from '../../runtime/index.js';
import { mockClient } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
let client: R.StripeClient;

beforeAll(async () => {
  mock = await startMockStripe();
  client = mockClient(mock, { maxNetworkRetries: 0 }).client;
});
afterAll(async () => {
  await client.close();
  await mock.close();
});
afterEach(() => mock.reset());

type Cls = abstract new (...args: never[]) => R.StripeError;
const err = (type: string, extra: Record<string, unknown> = {}): unknown => ({ error: { type, message: `m:${type}`, ...extra } });

const v1: Array<[Cls, number, unknown]> = [
  [R.StripeInvalidRequestError, 400, err('invalid_request_error', { param: 'email', code: 'parameter_invalid_string' })],
  [R.StripeIdempotencyError, 400, err('idempotency_error')],
  [R.StripeRateLimitError, 429, err('invalid_request_error', { code: 'rate_limit' })],
  [R.StripeAuthenticationError, 401, err('invalid_request_error')],
  [R.StripeCardError, 402, err('card_error', { code: 'card_declined', decline_code: 'insufficient_funds' })],
  [R.StripePermissionError, 403, err('invalid_request_error')],
  [R.StripeAPIError, 500, err('api_error')],
  [R.StripeAPIError, 502, '<html>bad gateway</html>'],
  [R.StripeInvalidRequestError, 404, '{"error": {"type": "invalid_re'],
];

describe('v1 error responses', () => {
  it.each(v1)('%o from HTTP %i', async (cls, status, body) => {
    mock.enqueue({ type: 'status', status, body, headers: { 'retry-after': '3', 'stripe-should-retry': 'false' } });
    const e = (await client._request(specs.createCustomer, [], undefined, undefined).catch((x: unknown) => x)) as R.StripeError;
    expect(e.constructor).toBe(cls);
    expect(e).toBeInstanceOf(R.StripeError);
    expect(e.statusCode).toBe(status);
    expect(e.requestId).toBe('req_mock_1');
    expect(e.headers['retry-after']).toBe('3');
    expect(e.headers['stripe-should-retry']).toBe('false');
    if (typeof body === 'object') {
      expect(e.raw).toMatchObject((body as { error: object }).error);
      expect(e.rawType).toBe((body as { error: { type: string } }).error.type);
      expect(e.type).toBe(cls.name);
      expect(e.message).toBe(`m:${e.rawType}`);
    } else {
      expect(e.raw.body).toBe(body);
      expect(e.rawType).toBeUndefined();
    }
  });
});

describe('v2 error responses', () => {
  it('temporary_session_expired on a 401 from the meter-event stream', async () => {
    mock.enqueue({
      type: 'status',
      status: 401,
      body: { error: { type: 'temporary_session_expired', code: 'billing_meter_event_session_expired', message: 'The temporary session token has expired.' } },
    });
    const e = (await client._request(specs.meterEventStream, [], new R.PreEncodedJson('{"events":[]}'), { apiKey: 'ek_test_expiredtoken' }).catch((x: unknown) => x)) as R.StripeError;
    expect(e).toBeInstanceOf(R.TemporarySessionExpiredError);
    expect([e.statusCode, e.rawType, e.code, e.message]).toEqual([401, 'temporary_session_expired', 'billing_meter_event_session_expired', 'The temporary session token has expired.']);
  });

  it.each<[Cls, number, string]>([
    [R.StripeIdempotencyError, 409, 'idempotency_error'],
    [R.RateLimitError, 429, 'rate_limit'],
    [R.QuotaExceededError, 400, 'quota_exceeded'],
    [R.NotCancelableError, 400, 'not_cancelable'],
    [R.StripeAuthenticationError, 401, 'invalid_request_error'],
  ])('%o from type %s', async (cls, status, type) => {
    mock.enqueue({ type: 'status', status, body: { error: { type, code: 'c', message: 'm' } } });
    const e = await client._request(specs.meterEventSession, [], undefined, undefined).catch((x: unknown) => x);
    expect((e as object).constructor).toBe(cls);
  });
});

describe('client-side errors', () => {
  it('StripeConnectionError on a reset, StripeSignatureVerificationError from webhooks', async () => {
    mock.enqueue({ type: 'reset' });
    await expect(client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined)).rejects.toBeInstanceOf(R.StripeConnectionError);
    expect(() => new R.Webhooks().constructEvent('{}', 't=1,v1=00', 'whsec_x')).toThrow(R.StripeSignatureVerificationError);
  });
});
