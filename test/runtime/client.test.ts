// End-to-end through the real client and undici transport against the mock
// server: wire format (design-notes' lines byte for byte), headers, hosts,
// options, responses.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PreEncodedJson, StripeClient, StripeInvalidApiKeyError, StripeResource, StripeUsageError } from '../../runtime/index.js';
import { mockClient, TEST_API_VERSION, TEST_KEY } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
let client: StripeClient;

beforeAll(async () => {
  mock = await startMockStripe();
  client = mockClient(mock).client;
});
afterAll(async () => {
  await client.close();
  await mock.close();
});
afterEach(() => mock.reset());

const IDEMPOTENCY = /^stripe-codegen-retry-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('wire format (design-notes, measured from stripe-node 23.1)', () => {
  it('POST /v1/customers/cus_1 with null and empty string', async () => {
    await client._request(specs.updateCustomer, ['cus_1'], { metadata: { old: null, keep: 'v' }, description: '' }, undefined);
    const r = mock.requests[0];
    expect([r.method, r.path, r.query, r.body]).toEqual(['POST', '/v1/customers/cus_1', '', 'metadata[old]=&metadata[keep]=v&description=']);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('POST /v1/subscriptions/sub_1 with a Date and indexed items', async () => {
    await client._request(specs.updateSubscription, ['sub_1'], { trial_end: new Date(1_700_000_000_000), items: [{ id: 'si_1', deleted: true }] }, undefined);
    expect([mock.requests[0].path, mock.requests[0].body]).toEqual(['/v1/subscriptions/sub_1', 'trial_end=1700000000&items[0][id]=si_1&items[0][deleted]=true']);
  });

  it('GET /v1/customers query with a range', async () => {
    await client._requestList(specs.listCustomers, [], { limit: 3, created: { gte: 1_700_000_000 }, email: 'x+y@z.io' }, undefined);
    const r = mock.requests[0];
    expect([r.method, r.path, r.query, r.body]).toEqual(['GET', '/v1/customers', 'limit=3&created[gte]=1700000000&email=x%2By%40z.io', '']);
    expect(r.headers['content-type']).toBeUndefined();
  });

  it('GET /v1/customers/cus_ä/1 with expand', async () => {
    const c = await client._request<{ id: string; object: string }>(specs.retrieveCustomer, ['cus_ä/1'], { expand: ['tax_ids'] }, undefined);
    expect(`${mock.requests[0].path}?${mock.requests[0].query}`).toBe('/v1/customers/cus_%C3%A4%2F1?expand[0]=tax_ids');
    expect([c.id, c.object]).toEqual(['cus_ä/1', 'customer']);
  });

  it('POST /v1/checkout/sessions with nested line items', async () => {
    await client._request(
      specs.createCheckoutSession,
      [],
      {
        mode: 'payment',
        line_items: [{ price_data: { currency: 'usd', product_data: { name: 'T-shirt & cap' } }, quantity: 1 }],
        success_url: 'https://example.com/s?x=1&y=2',
      },
      undefined,
    );
    expect(mock.requests[0].body).toBe(
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T-shirt%20%26%20cap&line_items[0][quantity]=1&success_url=https%3A%2F%2Fexample.com%2Fs%3Fx%3D1%26y%3D2',
    );
  });

  it('POST /v2/billing/meter_event_stream with a session token and a pre-encoded body', async () => {
    const body = '{"events":[{"event_name":"e","payload":{"stripe_customer_id":"c","value":"1"},"identifier":"a1","timestamp":"2024-06-01T12:00:00.000Z"}]}';
    const res = await client._request(specs.meterEventStream, [], new PreEncodedJson(body), { apiKey: 'ek_test_sessiontoken1234' });
    const r = mock.requests[0];
    expect([r.method, r.path, r.body]).toEqual(['POST', '/v2/billing/meter_event_stream', body]);
    expect(r.headers.authorization).toBe('Bearer ek_test_sessiontoken1234');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['idempotency-key']).toMatch(IDEMPOTENCY);
    expect(res.lastResponse.statusCode).toBe(200);
  });

  it('serialises a plain object for JSON endpoints', async () => {
    await client._request(specs.meterEventStream, [], { events: [{ event_name: 'e', payload: { value: '1' } }] }, undefined);
    expect(mock.requests[0].body).toBe('{"events":[{"event_name":"e","payload":{"value":"1"}}]}');
  });
});

describe('headers', () => {
  it('sends the standard set on a v1 POST', async () => {
    await client._request(specs.createCustomer, [], { email: 'a@b.co' }, undefined);
    const h = mock.requests[0].headers;
    expect(h.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(h['stripe-version']).toBe(TEST_API_VERSION);
    expect(h['content-type']).toBe('application/x-www-form-urlencoded');
    expect(h['idempotency-key']).toMatch(IDEMPOTENCY);
    expect(h['user-agent']).toBe('Stripe/v1 StripeCodegen/9.9.9');
    expect(h.accept).toBe('application/json');
    expect(h['stripe-account']).toBeUndefined();
    expect(h['stripe-context']).toBeUndefined();
    expect(JSON.parse(h['x-stripe-client-user-agent'])).toEqual({
      bindings_version: '9.9.9',
      lang: 'node',
      publisher: 'stripe-codegen',
      typescript: true,
      lang_version: process.version,
    });
  });

  it('puts an Idempotency-Key on v1 POST and v2 POST/DELETE only', async () => {
    await client._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    await client._request(specs.deleteCustomer, ['cus_1'], undefined, undefined);
    await client._request(specs.deleteV2Thing, ['ed_1'], undefined, undefined);
    await client._request(specs.meterEventSession, [], undefined, undefined);
    const keys = mock.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBeUndefined();
    expect(keys[1]).toBeUndefined();
    expect(keys[2]).toMatch(IDEMPOTENCY);
    expect(keys[3]).toMatch(IDEMPOTENCY);
    expect(keys[2]).not.toBe(keys[3]);
  });

  it('uses per-call options over client config', async () => {
    const c = mockClient(mock, { stripeAccount: 'acct_client', stripeContext: 'ctx_client', apiVersion: '2023-08-16', appInfo: { name: 'MyApp', version: '1.2.3', url: 'https://my.app' } }).client;
    await c._request(specs.createCustomer, [], undefined, undefined);
    await c._request(specs.createCustomer, [], undefined, {
      idempotencyKey: 'my-key-1',
      stripeAccount: 'acct_call',
      stripeContext: 'ctx_call',
      apiVersion: '2025-01-01',
      apiKey: 'rk_test_otherkey',
    });
    const [a, b] = mock.requests.map((r) => r.headers);
    expect([a['stripe-account'], a['stripe-context'], a['stripe-version']]).toEqual(['acct_client', 'ctx_client', '2023-08-16']);
    expect(a['user-agent']).toBe('Stripe/v1 StripeCodegen/9.9.9 MyApp/1.2.3 (https://my.app)');
    expect(JSON.parse(a['x-stripe-client-user-agent']).application).toEqual({ name: 'MyApp', version: '1.2.3', url: 'https://my.app' });
    expect([b['stripe-account'], b['stripe-context'], b['stripe-version'], b['idempotency-key'], b.authorization]).toEqual([
      'acct_call',
      'ctx_call',
      '2025-01-01',
      'my-key-1',
      'Bearer rk_test_otherkey',
    ]);
    await c.close();
  });

  it('uses the v2 User-Agent on v2 paths', async () => {
    await client._request(specs.meterEventSession, [], undefined, undefined);
    expect(mock.requests[0].headers['user-agent']).toBe('Stripe/v2 StripeCodegen/9.9.9');
  });

  it('omits Stripe-Version when no version is known', async () => {
    const c = new StripeClient(TEST_KEY, { host: mock.host, port: mock.port, protocol: 'http' });
    await c._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    expect(mock.requests[0].headers['stripe-version']).toBeUndefined();
    await c.close();
  });
});

describe('hosts and responses', () => {
  it('sends files and meter-event hosts to the overridden host too', async () => {
    const file = await client._request<{ object: string }>(specs.createFile, [], { purpose: 'dispute_evidence', file: { data: Buffer.from('%PDF'), name: 'e.pdf', type: 'application/pdf' } }, undefined);
    const r = mock.requests[0];
    expect(r.path).toBe('/v1/files');
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(r.headers['content-type'])?.[1];
    expect(boundary).toMatch(/^----StripeCodegenBoundary[0-9a-f]{32}$/);
    expect(r.body).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\ndispute_evidence\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--${boundary}--\r\n`,
    );
    expect(file.object).toBe('file');
  });

  it('returns the fixture with lastResponse attached but not enumerable', async () => {
    const c = await client._request<{ id: string; object: string; currency: string }>(specs.retrieveCustomer, ['cus_42'], undefined, undefined);
    expect([c.id, c.object, c.currency]).toEqual(['cus_42', 'customer', 'usd']);
    expect(c.lastResponse).toEqual({
      headers: expect.objectContaining({ 'request-id': 'req_mock_1', 'stripe-version': TEST_API_VERSION }),
      requestId: 'req_mock_1',
      statusCode: 200,
      apiVersion: TEST_API_VERSION,
      idempotencyKey: undefined,
      stripeAccount: undefined,
    });
    expect(Object.keys(c)).not.toContain('lastResponse');
    expect(JSON.stringify(c)).not.toContain('lastResponse');
  });

  it('reports the idempotency key it sent on lastResponse', async () => {
    const c = await client._request(specs.createCustomer, [], undefined, { idempotencyKey: 'k-123' });
    expect(c.lastResponse.idempotencyKey).toBe('k-123');
  });

  it('rejects a missing path argument without sending', async () => {
    await expect(client._request(specs.retrieveCustomer, [], undefined, undefined)).rejects.toMatchObject({ name: 'StripeUsageError', param: 'customer' });
    await expect(client._request(specs.retrieveCustomer, [], undefined, undefined)).rejects.toBeInstanceOf(StripeUsageError);
    expect(mock.requests).toHaveLength(0);
  });

  it('rejects a malformed per-call key without sending it', async () => {
    const p = client._request(specs.createCustomer, [], undefined, { apiKey: 'sk_test_ has space' });
    await expect(p).rejects.toBeInstanceOf(StripeInvalidApiKeyError);
    await expect(p).rejects.toThrow('Per-request apiKey or session token cannot be sent in an HTTP header (character 9 of 18: whitespace, control or out of range)');
    expect(mock.requests).toHaveLength(0);
  });

  it('rawRequest: GET with a query in the path, POST with params, v2 as JSON', async () => {
    const got = await client.rawRequest('GET', '/v1/customers/cus_7?expand[0]=tax_ids');
    await client.rawRequest('POST', '/v1/customers', { name: 'A B' });
    await client.rawRequest('POST', '/v2/billing/meter_event_session', { x: 1 });
    await client.rawRequest('GET', '/v1/customers', { limit: 1 });
    expect(got.id).toBe('cus_7');
    expect(mock.requests.map((r) => [r.method, r.path, r.query, r.body])).toEqual([
      ['GET', '/v1/customers/cus_7', 'expand[0]=tax_ids', ''],
      ['POST', '/v1/customers', '', 'name=A%20B'],
      ['POST', '/v2/billing/meter_event_session', '', '{"x":1}'],
      ['GET', '/v1/customers', 'limit=1', ''],
    ]);
    await expect(client.rawRequest('GET', '//evil.example/v1/x')).rejects.toBeInstanceOf(StripeUsageError);
  });

  it('creates resources lazily and caches them', () => {
    class Customers extends StripeResource {
      client(): StripeClient {
        return this._client;
      }
    }
    let created = 0;
    const make = (c: StripeClient): Customers => {
      created++;
      return new Customers(c);
    };
    const a = client._resource('customers', make);
    const b = client._resource('customers', make);
    expect(a).toBe(b);
    expect(created).toBe(1);
    expect(a.client()).toBe(client);
  });

  it('rejects bad config values at construction', () => {
    expect(() => new StripeClient(TEST_KEY, { maxNetworkRetries: -1 })).toThrowError('maxNetworkRetries must be a non-negative integer, got -1');
    expect(() => new StripeClient(TEST_KEY, { timeout: 0 })).toThrowError('timeout must be a positive number of milliseconds, got 0');
    expect(() => new StripeClient(TEST_KEY, { protocol: 'ftp' as 'http' })).toThrowError(StripeUsageError);
  });

  it('can be used again after close()', async () => {
    const c = mockClient(mock).client;
    await c._request(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    await c.close();
    const again = await c._request<{ id: string }>(specs.retrieveCustomer, ['cus_2'], undefined, undefined);
    expect(again.id).toBe('cus_2');
    await c.close();
  });
});
