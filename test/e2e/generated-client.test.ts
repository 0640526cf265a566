// End-to-end: methods of the generated client (from the default build) against the mock Stripe
// server, asserting the exact request each one produced: verb, path, query, body bytes, headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { startMockStripe, type MockStripe, type RecordedRequest } from '../support/mock-server.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

let mock: MockStripe;
let stripe: InstanceType<typeof Stripe>;
const KEY = 'sk_test_51AbCdEfGhIjKlMnOp1234';

beforeAll(async () => {
  mock = await startMockStripe();
  stripe = new Stripe(KEY, { host: '127.0.0.1', port: mock.port, protocol: 'http', maxNetworkRetries: 0 });
});
afterAll(async () => {
  await stripe.close();
  await mock.close();
});

async function one(call: () => Promise<unknown>): Promise<RecordedRequest> {
  mock.reset();
  await call();
  expect(mock.requests).toHaveLength(1);
  return mock.requests[0]!;
}

const form = 'application/x-www-form-urlencoded';

describe('generated client against the mock server', () => {
  it.each([
    ['customers.create', () => stripe.customers.create({ email: 'x+y@z.io', metadata: { plan: 'gold' } }), 'POST', '/v1/customers', '', 'email=x%2By%40z.io&metadata[plan]=gold'],
    ['customers.retrieve (escaped id, expand)', () => stripe.customers.retrieve('cus_ä/1', { expand: ['tax_ids'] }), 'GET', '/v1/customers/cus_%C3%A4%2F1', 'expand[0]=tax_ids', ''],
    ['customers.update (unset)', () => stripe.customers.update('cus_1', { metadata: { old: '' }, description: '' }), 'POST', '/v1/customers/cus_1', '', 'metadata[old]=&description='],
    ['customers.del', () => stripe.customers.del('cus_1'), 'DELETE', '/v1/customers/cus_1', '', ''],
    ['customers.list (ranges)', () => stripe.customers.list({ limit: 3, created: { gte: 1700000000 } }), 'GET', '/v1/customers', 'limit=3&created[gte]=1700000000', ''],
    ['customers.search', () => stripe.customers.search({ query: "email:'a@b.c'" }), 'GET', '/v1/customers/search', 'query=email%3A%27a%40b.c%27', ''],
    ['customers.createBalanceTransaction', () => stripe.customers.createBalanceTransaction('cus_1', { amount: -500, currency: 'usd' }), 'POST', '/v1/customers/cus_1/balance_transactions', '', 'amount=-500&currency=usd'],
    ['customers.listPaymentMethods', () => stripe.customers.listPaymentMethods('cus_1', { type: 'card' }), 'GET', '/v1/customers/cus_1/payment_methods', 'type=card', ''],
    ['paymentIntents.confirm', () => stripe.paymentIntents.confirm('pi_1', { payment_method: 'pm_card_visa' }), 'POST', '/v1/payment_intents/pi_1/confirm', '', 'payment_method=pm_card_visa'],
    ['subscriptions.update (arrays of objects)', () => stripe.subscriptions.update('sub_1', { items: [{ id: 'si_1', deleted: true }] }), 'POST', '/v1/subscriptions/sub_1', '', 'items[0][id]=si_1&items[0][deleted]=true'],
    [
      'checkout.sessions.create (nested)',
      () =>
        stripe.checkout.sessions.create({
          mode: 'payment',
          line_items: [{ price_data: { currency: 'usd', product_data: { name: 'T-shirt & cap' } }, quantity: 1 }],
          success_url: 'https://example.com/s?x=1&y=2',
        }),
      'POST',
      '/v1/checkout/sessions',
      '',
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T-shirt%20%26%20cap&line_items[0][quantity]=1&success_url=https%3A%2F%2Fexample.com%2Fs%3Fx%3D1%26y%3D2',
    ],
    ['billingPortal.sessions.create', () => stripe.billingPortal.sessions.create({ customer: 'cus_1' }), 'POST', '/v1/billing_portal/sessions', '', 'customer=cus_1'],
    ['testHelpers.testClocks.advance', () => stripe.testHelpers.testClocks.advance('clock_1', { frozen_time: 1700000000 }), 'POST', '/v1/test_helpers/test_clocks/clock_1/advance', '', 'frozen_time=1700000000'],
    ['issuing.cards.retrieve', () => stripe.issuing.cards.retrieve('ic_1'), 'GET', '/v1/issuing/cards/ic_1', '', ''],
    ['billing.meters.listEventSummaries', () => stripe.billing.meters.listEventSummaries('mtr_1', { customer: 'cus_1', start_time: 1, end_time: 2 }), 'GET', '/v1/billing/meters/mtr_1/event_summaries', 'customer=cus_1&start_time=1&end_time=2', ''],
    ['billing.creditGrants.create (2026 slice)', () => stripe.billing.creditGrants.create({ customer: 'cus_1', category: 'paid', amount: { type: 'monetary', monetary: { currency: 'usd', value: 500 } }, applicability_config: { scope: { price_type: 'metered' } } }), 'POST', '/v1/billing/credit_grants', '', 'customer=cus_1&category=paid&amount[type]=monetary&amount[monetary][currency]=usd&amount[monetary][value]=500&applicability_config[scope][price_type]=metered'],
    ['customers.listCards (deprecated alias)', () => stripe.customers.listCards('cus_1', { limit: 1 }), 'GET', '/v1/customers/cus_1/cards', 'limit=1', ''],
  ] as const)('%s', async (_name, call, method, path, query, body) => {
    const req = await one(call as () => Promise<unknown>);
    expect([req.method, req.path, req.query, req.body]).toEqual([method, path, query, body]);
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    // Operations from the 2026 slices carry the version they were described in.
    expect(req.headers['stripe-version']).toBe(path.startsWith('/v1/billing/') ? '2026-07-29.dahlia' : '2023-08-16');
    if (method === 'POST') {
      expect(req.headers['content-type']).toBe(form);
      expect(req.headers['idempotency-key']).toMatch(/^stripe-codegen-retry-[0-9a-f-]{36}$/);
    } else {
      expect(req.headers['idempotency-key']).toBeUndefined();
    }
  });

  it('files.create sends multipart to the files host', async () => {
    const req = await one(() => stripe.files.create({ purpose: 'dispute_evidence', file: { data: Buffer.from('%PDF-1.4'), name: 'e.pdf', type: 'application/pdf' } } as never));
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/files');
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.body).toContain('name="purpose"\r\n\r\ndispute_evidence');
    expect(req.body).toMatch(/name="file"; filename="e\.pdf"\r\nContent-Type: application\/pdf\r\n\r\n%PDF-1\.4/);
  });

  it('v2 calls send JSON with the v2 API version, and the stream takes the session token', async () => {
    const session = await stripe.v2.billing.meterEventSession.create();
    expect(session.authentication_token).toMatch(/^ek_test_/);
    const sreq = mock.requests.at(-1)!;
    expect([sreq.method, sreq.path, sreq.headers['stripe-version']]).toEqual(['POST', '/v2/billing/meter_event_session', '2026-07-29.dahlia']);
    expect(sreq.headers['idempotency-key']).toBeDefined();

    const events = [{ event_name: 'e', payload: { stripe_customer_id: 'c', value: '1' }, identifier: 'a1', timestamp: '2024-06-01T12:00:00.000Z' }];
    const req = await one(() => stripe.v2.billing.meterEventStream.create({ events }, { apiKey: session.authentication_token }));
    expect(req.body).toBe('{"events":[{"event_name":"e","payload":{"stripe_customer_id":"c","value":"1"},"identifier":"a1","timestamp":"2024-06-01T12:00:00.000Z"}]}');
    expect(req.headers.authorization).toBe(`Bearer ${session.authentication_token}`);
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('stream batches carry a lean header set; the session call the full one', async () => {
    mock.reset();
    const stream = stripe.meterEvents.stream({ lingerMs: 0, maxEventsPerSecond: Infinity });
    await stream.send({ event_name: 'e', payload: { stripe_customer_id: 'c', value: '1' }, identifier: 'lean-1' });
    await stream.close();
    const session = mock.requests.find((r) => r.path === '/v2/billing/meter_event_session')!;
    const batch = mock.requests.find((r) => r.path === '/v2/billing/meter_event_stream')!;
    expect(session.headers['idempotency-key']).toBeDefined();
    expect(session.headers['x-stripe-client-user-agent']).toBeDefined();
    expect(batch.headers.authorization).toMatch(/^Bearer ek_test_/);
    expect(batch.headers['content-type']).toBe('application/json');
    expect(batch.headers['stripe-version']).toBe('2026-07-29.dahlia');
    expect(batch.headers['user-agent']).toMatch(/^Stripe\/v2 StripeCodegen\//);
    // Stripe deduplicates events by identifier: no generated Idempotency-Key, no per-batch telemetry.
    expect(batch.headers['idempotency-key']).toBeUndefined();
    expect(batch.headers['x-stripe-client-user-agent']).toBeUndefined();
    expect(batch.headers.accept).toBeUndefined();
  });

  it('operations without parameters take none (checked by `npm run typecheck`)', async () => {
    await stripe.accounts.del('acct_1', {});
    expect(mock.requests.at(-1)!.method).toBe('DELETE');
    // @ts-expect-error: DELETE /v1/accounts/{account} has no parameters, so a stray one is a type error.
    const stray = () => stripe.accounts.del('acct_1', { force: true });
    expect(typeof stray).toBe('function');
  });

  it('refuses to send the stream without a session token rather than leaking the secret key', async () => {
    mock.reset();
    await expect(stripe.v2.billing.meterEventStream.create({ events: [] }, {} as { apiKey: string })).rejects.toThrow(/session token/i);
    expect(mock.requests).toHaveLength(0);
  });

  it('walks every page of a generated list method', async () => {
    const ids: string[] = [];
    for await (const c of stripe.customers.list({ limit: 2 })) ids.push(c.id);
    expect(ids.length).toBe(6);
    expect(new Set(ids).size).toBe(6);
    expect(mock.requests.map((r) => r.query)).toEqual(['limit=2', `limit=2&starting_after=${ids[1]}`, `limit=2&starting_after=${ids[3]}`]);
  });

  it('quotes.pdf resolves to bytes', async () => {
    mock.route('GET', '/v1/quotes/qt_1/pdf', () => ({ body: '%PDF-1.4 quote', headers: { 'content-type': 'application/pdf' } }));
    const pdf = await stripe.quotes.pdf('qt_1');
    expect(Buffer.from(pdf.data).toString()).toBe('%PDF-1.4 quote');
    expect(pdf.contentType).toBe('application/pdf');
  });
});
