// MethodSpec extras the generator may set: apiVersion, auth: 'sessionToken', binary.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StripeUsageError, type BinaryResponse, type MethodSpec } from '../../runtime/index.js';
import { mockClient, TEST_API_VERSION } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
beforeAll(async () => {
  mock = await startMockStripe();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

const versioned: MethodSpec = { ...specs.retrieveCustomer, apiVersion: '2026-07-29.preview' };
const stream: MethodSpec = { ...specs.meterEventStream, auth: 'sessionToken' };
const pdf: MethodSpec = { method: 'GET', path: '/v1/quotes/{quote}/pdf', pathParams: ['quote'], host: 'files', encoding: 'form', binary: true };

describe('MethodSpec.apiVersion', () => {
  it('beats the generated default, loses to config and per-call versions', async () => {
    const plain = mockClient(mock).client;
    const configured = mockClient(mock, { apiVersion: '2020-08-27' }).client;
    await plain._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    await plain._request(versioned, ['cus_1'], undefined, undefined);
    await configured._request(versioned, ['cus_1'], undefined, undefined);
    await plain._request(versioned, ['cus_1'], undefined, { apiVersion: '2019-01-01' });
    expect(mock.requests.map((r) => r.headers['stripe-version'])).toEqual([TEST_API_VERSION, '2026-07-29.preview', '2020-08-27', '2019-01-01']);
    await Promise.all([plain.close(), configured.close()]);
  });
});

describe("MethodSpec.auth = 'sessionToken'", () => {
  it('refuses to send the secret key, and sends the session token when given', async () => {
    const { client } = mockClient(mock);
    await expect(client._request(stream, [], { events: [] }, undefined)).rejects.toMatchObject({ name: 'StripeUsageError', code: 'session_token_required', param: 'apiKey' });
    await expect(client._request(stream, [], { events: [] }, undefined)).rejects.toBeInstanceOf(StripeUsageError);
    expect(mock.requests).toHaveLength(0);
    await client._request(stream, [], { events: [] }, { apiKey: 'ek_test_token123456' });
    expect(mock.requests[0].headers.authorization).toBe('Bearer ek_test_token123456');
    await client.close();
  });
});

describe('MethodSpec.binary', () => {
  const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0x00, 0xc3]);
  it('resolves to the bytes and content type (undici and fetch transports)', async () => {
    mock.route('GET', /^\/v1\/quotes\/[^/]+\/pdf$/, () => ({ body: bytes, headers: { 'content-type': 'application/pdf' } }));
    for (const config of [{}, { fetch: (i: string, init: RequestInit) => globalThis.fetch(i, init) }]) {
      const { client } = mockClient(mock, config);
      const res = await client._request<BinaryResponse>(pdf, ['qt_1'], undefined, undefined);
      expect([...res.data]).toEqual([...bytes]);
      expect(res.contentType).toBe('application/pdf');
      expect(res.lastResponse.statusCode).toBe(200);
      await client.close();
    }
    expect(mock.requests.map((r) => r.path)).toEqual(['/v1/quotes/qt_1/pdf', '/v1/quotes/qt_1/pdf']);
  });
  it('still maps error bodies to typed errors', async () => {
    mock.enqueue({ type: 'status', status: 500, body: { error: { type: 'api_error', message: 'render failed' } }, headers: { 'stripe-should-retry': 'false' } });
    const { client } = mockClient(mock);
    await expect(client._request(pdf, ['qt_1'], undefined, undefined)).rejects.toEqual(expect.objectContaining({ message: 'render failed' }));
    await client.close();
  });
});
