// Retries against the mock server with injected faults: one Idempotency-Key per
// logical call, the retry rules, Retry-After, timeouts, aborts. Backoff sleep is
// injected (recorded, not waited).

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  StripeAbortError,
  StripeAPIError,
  StripeClient,
  StripeConnectionError,
  StripeInvalidRequestError,
  StripeRateLimitError,
  StripeTimeoutError,
} from '../../runtime/index.js';
import { mockClient, TEST_KEY } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
const clients: StripeClient[] = [];
const make = (config: Parameters<typeof mockClient>[1] = {}): ReturnType<typeof mockClient> => {
  const t = mockClient(mock, config);
  clients.push(t.client);
  return t;
};

beforeAll(async () => {
  mock = await startMockStripe();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await mock.close();
});
afterEach(() => mock.reset());

const keys = (): Array<string | undefined> => mock.requests.map((r) => r.headers['idempotency-key']);

describe('one Idempotency-Key per logical call', () => {
  it('reuses the generated key across 500, 409, 429 and a reset', async () => {
    const { client, sleeps } = make({ maxNetworkRetries: 4 });
    mock.setFaults([
      { type: 'status', status: 500 },
      { type: 'status', status: 409, body: { error: { type: 'invalid_request_error', code: 'lock_timeout' } } },
      { type: 'status', status: 429, body: { error: { type: 'invalid_request_error', code: 'rate_limit' } } },
      { type: 'reset' },
    ]);
    const c = await client._request<{ id: string }>(specs.createCustomer, [], { email: 'a@b.co' }, undefined);
    expect(mock.requests).toHaveLength(5);
    const k = keys();
    expect(new Set(k).size).toBe(1);
    expect(k[0]).toMatch(/^stripe-codegen-retry-/);
    expect(mock.requests.map((r) => r.body)).toEqual(Array(5).fill('email=a%40b.co'));
    expect(c.lastResponse.idempotencyKey).toBe(k[0]);
    // random() = 0: 500, then max(500, base/2): 500, 1000, 2000.
    expect(sleeps).toEqual([500, 500, 1000, 2000]);
  });

  it('reuses a caller-supplied key across retries', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'status', status: 503, times: 2 }]);
    await client._request(specs.createCustomer, [], undefined, { idempotencyKey: 'order-77' });
    expect(keys()).toEqual(['order-77', 'order-77', 'order-77']);
  });

  it('gives each logical call its own key', async () => {
    const { client } = make();
    await client._request(specs.createCustomer, [], undefined, undefined);
    await client._request(specs.createCustomer, [], undefined, undefined);
    const [a, b] = keys();
    expect(a).not.toBe(b);
  });
});

describe('retry rules', () => {
  it('maxNetworkRetries: 0 sends once', async () => {
    const { client, sleeps } = make({ maxNetworkRetries: 0 });
    mock.setFaults([{ type: 'status', status: 500 }]);
    await expect(client._request(specs.createCustomer, [], undefined, undefined)).rejects.toBeInstanceOf(StripeAPIError);
    expect(mock.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('per-call maxNetworkRetries overrides the client', async () => {
    const { client } = make({ maxNetworkRetries: 5 });
    mock.setFaults([{ type: 'reset', times: 3 }]);
    await expect(client._request(specs.retrieveCustomer, ['cus_1'], undefined, { maxNetworkRetries: 1 })).rejects.toBeInstanceOf(StripeConnectionError);
    expect(mock.requests).toHaveLength(2);
  });

  it('does not retry a 500 with Stripe-Should-Retry: false', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'status', status: 500, headers: { 'stripe-should-retry': 'false' } }]);
    const err = await client._request(specs.createCustomer, [], undefined, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeAPIError);
    expect((err as StripeAPIError).headers['stripe-should-retry']).toBe('false');
    expect(mock.requests).toHaveLength(1);
  });

  it('retries a 400 with Stripe-Should-Retry: true', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'status', status: 400, headers: { 'stripe-should-retry': 'true' } }]);
    await client._request(specs.createCustomer, [], undefined, undefined);
    expect(mock.requests).toHaveLength(2);
  });

  it('does not retry a plain 400', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'status', status: 400, body: { error: { type: 'invalid_request_error', param: 'email' } } }]);
    await expect(client._request(specs.createCustomer, [], undefined, undefined)).rejects.toMatchObject({ param: 'email', statusCode: 400 });
    expect(mock.requests).toHaveLength(1);
  });

  it('honours Retry-After (seconds, capped at 60 s)', async () => {
    const { client, sleeps } = make();
    mock.setFaults([
      { type: 'status', status: 429, headers: { 'retry-after': '7' } },
      { type: 'status', status: 503, headers: { 'retry-after': '600' } },
    ]);
    await client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    expect(sleeps).toEqual([7000, 60_000]);
  });

  it('gives up after the last retry with the last error', async () => {
    const { client, sleeps } = make({ random: () => 1 });
    mock.setFaults([{ type: 'status', status: 429, times: 3, body: { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many' } }, headers: { 'retry-after': 'soon' } }]);
    const err = await client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeRateLimitError);
    expect((err as StripeRateLimitError).message).toBe('Too many');
    expect(mock.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('retries a body cut off mid-response, then succeeds', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'truncate', body: '{"id":"cus_1","obj' }]);
    const c = await client._request<{ id: string }>(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    expect(c.id).toBe('cus_1');
    expect(mock.requests).toHaveLength(2);
  });

  it('a malformed 200 body is a typed StripeAPIError (not retried)', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'status', status: 200, body: '{"id": "cus_1",' }]);
    const err = await client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeAPIError);
    expect((err as StripeAPIError).message).toBe('Invalid JSON received from the Stripe API');
    expect((err as StripeAPIError).raw.body).toBe('{"id": "cus_1",');
    expect(mock.requests).toHaveLength(1);
  });

  it('connection refused is a StripeConnectionError after retries', async () => {
    const c = new StripeClient(TEST_KEY, { host: '127.0.0.1', port: 1, protocol: 'http', sleep: async () => {} });
    clients.push(c);
    const err = await c._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeConnectionError);
    expect((err as StripeConnectionError).timedOut).toBe(false);
    expect((err as Error).message).toMatch(/^An error occurred with our connection to Stripe: .*\. Request was retried 2 times\.$/);
    expect((err as Error).message).not.toContain(TEST_KEY);
  });
});

describe('timeouts and aborts', () => {
  it('a timeout is a StripeTimeoutError (a StripeConnectionError) and is retried', async () => {
    const { client } = make({ timeout: 100, maxNetworkRetries: 0 });
    mock.setFaults([{ type: 'delay', ms: 400 }]);
    const err = await client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeTimeoutError);
    expect(err).toBeInstanceOf(StripeConnectionError);
    expect((err as StripeTimeoutError).timedOut).toBe(true);
    // Named like stripe-node's timeout (a connection error) so name-based classifiers see a network failure.
    expect((err as Error).name).toBe('StripeConnectionError');
    expect((err as Error).message).toBe('Request aborted due to timeout being reached (100ms).');

    mock.reset();
    mock.setFaults([{ type: 'delay', ms: 400 }]);
    const c = await client._request<{ id: string }>(specs.retrieveCustomer, ['cus_2'], undefined, { maxNetworkRetries: 1 });
    expect(c.id).toBe('cus_2');
    expect(mock.requests).toHaveLength(2);
  });

  it('per-call timeout overrides the client', async () => {
    const { client } = make({ timeout: 10_000 });
    mock.setFaults([{ type: 'delay', ms: 400 }]);
    await expect(client._request(specs.retrieveCustomer, ['cus_1'], undefined, { timeout: 50, maxNetworkRetries: 0 })).rejects.toBeInstanceOf(StripeTimeoutError);
  });

  it('an aborted signal rejects with StripeAbortError and is not retried', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'delay', ms: 300 }]);
    const ac = new AbortController();
    const p = client._request(specs.createCustomer, [], undefined, { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StripeAbortError);
    expect(err).not.toBeInstanceOf(StripeConnectionError);
    expect(mock.requests).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const { client } = make();
    await expect(client._request(specs.createCustomer, [], undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(StripeAbortError);
    expect(mock.requests).toHaveLength(0);
  });

  it('aborting during backoff stops the retries', async () => {
    const ac = new AbortController();
    const { client } = make({
      sleep: async () => {
        ac.abort();
      },
    });
    mock.setFaults([{ type: 'status', status: 500, times: 3 }]);
    await expect(client._request(specs.createCustomer, [], undefined, { signal: ac.signal })).rejects.toBeInstanceOf(StripeAbortError);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('error responses are not retried unless the rules say so', () => {
  it('404 resource_missing', async () => {
    const { client } = make();
    mock.setFaults([{ type: 'status', status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: 'No such customer' } } }]);
    await expect(client._request(specs.retrieveCustomer, ['cus_x'], undefined, undefined)).rejects.toBeInstanceOf(StripeInvalidRequestError);
    expect(mock.requests).toHaveLength(1);
  });
});
