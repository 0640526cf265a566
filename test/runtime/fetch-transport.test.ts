// The injected-fetch path (edge runtimes): config.fetch and config.httpClient = { fetch }.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StripeAbortError, StripeClient, StripeConnectionError, StripeTimeoutError, type FetchFn } from '../../runtime/index.js';
import { TEST_KEY } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
beforeAll(async () => {
  mock = await startMockStripe();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

function recordingFetch(): { fetch: FetchFn; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(`${init.method} ${input}`);
      return globalThis.fetch(input, init);
    },
  };
}

const base = (): { host: string; port: number; protocol: 'http'; sleep: () => Promise<void> } => ({ host: mock.host, port: mock.port, protocol: 'http', sleep: async () => {} });

describe('fetch transport', () => {
  it('sends through config.fetch with the same wire format and retries', async () => {
    const f = recordingFetch();
    const client = new StripeClient(TEST_KEY, { ...base(), fetch: f.fetch });
    mock.setFaults([{ type: 'status', status: 503 }]);
    const c = await client._request<{ id: string }>(specs.updateCustomer, ['cus_ä/1'], { metadata: { a: null } }, undefined);
    expect(c.id).toBe('cus_ä/1');
    expect(c.lastResponse.requestId).toBe('req_mock_2');
    expect(f.urls).toEqual([`POST ${mock.url}/v1/customers/cus_%C3%A4%2F1`, `POST ${mock.url}/v1/customers/cus_%C3%A4%2F1`]);
    expect(mock.requests.map((r) => r.body)).toEqual(['metadata[a]=', 'metadata[a]=']);
    expect(mock.requests[0].headers['idempotency-key']).toBe(mock.requests[1].headers['idempotency-key']);
  });

  it('accepts httpClient: { fetch } and sends multipart bodies', async () => {
    const f = recordingFetch();
    const client = new StripeClient(TEST_KEY, { ...base(), httpClient: { fetch: f.fetch } });
    await client._request(specs.createFile, [], { purpose: 'identity_document', file: { data: new Uint8Array([1, 2, 3]), name: 'a.bin' } }, undefined);
    expect(f.urls).toEqual([`POST ${mock.url}/v1/files`]);
    const boundary = mock.requests[0].headers['content-type'].replace('multipart/form-data; boundary=', '');
    expect(mock.requests[0].rawBody).toEqual(
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nidentity_document\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        Buffer.from([1, 2, 3]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    );
  });

  it('maps fetch failures, timeouts and aborts to typed errors', async () => {
    const client = new StripeClient(TEST_KEY, { ...base(), maxNetworkRetries: 0, timeout: 80, fetch: (i, init) => globalThis.fetch(i, init) });
    mock.setFaults([{ type: 'reset' }]);
    await expect(client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined)).rejects.toBeInstanceOf(StripeConnectionError);
    mock.setFaults([{ type: 'delay', ms: 300 }]);
    await expect(client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined)).rejects.toBeInstanceOf(StripeTimeoutError);
    mock.setFaults([{ type: 'delay', ms: 300 }]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await expect(client._request(specs.retrieveCustomer, ['cus_1'], undefined, { signal: ac.signal, timeout: 5000 })).rejects.toBeInstanceOf(StripeAbortError);
  });

  it('works with a fetch that is not the global one (a fake)', async () => {
    const client = new StripeClient(TEST_KEY, {
      fetch: async (input, init) => {
        expect(input).toBe('https://meter-events.stripe.com/v2/billing/meter_event_stream');
        expect(init.body).toBe('{"events":[]}');
        return new Response('', { status: 200, headers: { 'request-id': 'req_fake' } });
      },
    });
    const res = await client._request(specs.meterEventStream, [], { events: [] }, { apiKey: 'ek_test_faketoken1' });
    expect(res.lastResponse).toMatchObject({ statusCode: 200, requestId: 'req_fake' });
    expect({ ...res }).toEqual({});
  });
});
