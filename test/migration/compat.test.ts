// Issue 13, item by item: the same call through stripe-node and through our generated client,
// against the same local mock server, compared field by field. Where only we can run (a bare
// StripeClient refusing an option, a Buffer upload), the test says so.
import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import StripeNode from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StripeClient } from '../../runtime/index.js';
import { requireGenerated } from '../support/built.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';

requireGenerated();
const { default: Stripe } = await import('../../generated/index.js');

let mock: MockStripe;
beforeAll(async () => {
  mock = await startMockStripe();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

const KEY = 'sk_test_compat_4242';
const cfg = () => ({ host: mock.host, port: mock.port, protocol: 'http' as const, maxNetworkRetries: 0 });
const both = (extra: Record<string, unknown> = {}) => ({ node: new StripeNode(KEY, { ...cfg(), ...extra }), ours: new Stripe(KEY, { ...cfg(), ...extra }) });
const caught = async (p: Promise<unknown>): Promise<Record<string, unknown>> => p.then(() => ({ resolved: true }), (e: Record<string, unknown>) => e);
const last = () => mock.requests[mock.requests.length - 1]!;

const cardErrorBody = {
  error: {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'insufficient_funds',
    advice_code: 'try_again_later',
    network_decline_code: '51',
    charge: 'ch_1',
    message: 'Your card has insufficient funds.',
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    request_log_url: 'https://dashboard.stripe.com/logs/req_1',
    user_message: 'Try another card.',
    param: 'payment_method',
    payment_intent: { id: 'pi_1', object: 'payment_intent', status: 'requires_payment_method' },
  },
};

describe('errors', () => {
  it('card error: err.type is the class name, rawType the API type, snake_case fields and err.raw as stripe-node has them', async () => {
    const { node, ours } = both();
    const fields = ['type', 'rawType', 'code', 'decline_code', 'advice_code', 'network_decline_code', 'charge', 'doc_url', 'request_log_url', 'user_message', 'userMessage', 'param', 'statusCode', 'requestId', 'message'];
    const pick = (e: Record<string, unknown>): Record<string, unknown> => ({
      ...Object.fromEntries(fields.map((f) => [f, e[f]])),
      pi: (e.payment_intent as { id?: string } | undefined)?.id,
      rawKeys: Object.keys(e.raw as object).sort(),
      rawStatus: (e.raw as { statusCode?: number }).statusCode,
      rawRequestId: (e.raw as { requestId?: string }).requestId,
      rawHeader: (e.raw as { headers: Record<string, string> }).headers['request-id'],
    });
    mock.enqueue({ type: 'status', status: 402, body: cardErrorBody });
    const theirs = pick(await caught(node.paymentIntents.create({ amount: 1, currency: 'usd' })));
    mock.enqueue({ type: 'status', status: 402, body: cardErrorBody });
    const mine = pick(await caught(ours.paymentIntents.create({ amount: 1, currency: 'usd' })));
    expect(mine).toEqual({ ...theirs, requestId: mine.requestId, rawRequestId: mine.requestId, rawHeader: mine.requestId });
    expect(mine).toMatchObject({ type: 'StripeCardError', rawType: 'card_error', decline_code: 'insufficient_funds', pi: 'pi_1', rawStatus: 402 });
  });

  it('OAuth errors map to the same classes', async () => {
    const { node, ours } = both();
    const body = { error: 'invalid_grant', error_description: 'Authorization code does not exist: ac_123' };
    mock.enqueue({ type: 'status', status: 400, body });
    const theirs = await caught(node.oauth.token({ grant_type: 'authorization_code', code: 'ac_123' }));
    mock.enqueue({ type: 'status', status: 400, body });
    const mine = await caught(ours.oauth.token({ grant_type: 'authorization_code', code: 'ac_123' }));
    expect(theirs).toBeInstanceOf(StripeNode.errors.StripeInvalidGrantError);
    expect(mine).toBeInstanceOf(Stripe.errors.StripeInvalidGrantError);
    expect(mine).toBeInstanceOf(Stripe.errors.StripeOAuthError);
    expect([mine.type, mine.rawType, mine.message, mine.statusCode]).toEqual([theirs.type, theirs.rawType, theirs.message, theirs.statusCode]);
  });

  it('Stripe.errors holds every error class stripe-node exports', () => {
    const theirs = Object.entries(StripeNode.errors).filter(([k, v]) => typeof v === 'function' && /^[A-Z]\w*Error$/.test(k)).map(([k]) => k);
    expect(theirs.filter((k) => !(k in Stripe.errors))).toEqual([]);
    for (const [k, cls] of Object.entries(Stripe.errors)) {
      const e = k === 'StripeSignatureVerificationError' ? new Stripe.errors.StripeSignatureVerificationError(undefined, undefined, {}) : new (cls as typeof Stripe.errors.StripeError)({});
      expect(e.type, k).toBe(k === 'StripeTimeoutError' ? 'StripeConnectionError' : k);
    }
  });
});

describe('webhooks', () => {
  const secret = 'whsec_compat';
  const t = 1_700_000_000;
  const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created', data: { object: { id: 'cus_1', object: 'customer' } } });
  const thin = JSON.stringify({ id: 'evt_thin', object: 'v2.core.event', type: 'v1.billing.meter.no_meter_found', created: '2024-06-01T12:00:00.000Z', livemode: false, context: 'acct_123', related_object: { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' } });

  it('constructEvent(payload, header, secret, tolerance, cryptoProvider, receivedAt) and the static Stripe.webhooks', async () => {
    const header = StripeNode.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
    expect(Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t })).toBe(header);
    const at = (t + 10) * 1000;
    const ev = Stripe.webhooks.constructEvent(payload, header, secret, 300, Stripe.createNodeCryptoProvider(), at);
    expect(ev).toEqual(StripeNode.webhooks.constructEvent(payload, header, secret, 300, StripeNode.createNodeCryptoProvider(), at));
    // Each side's Web Crypto provider works with the other's verifier.
    expect(await Stripe.webhooks.constructEventAsync(payload, header, secret, 300, StripeNode.createSubtleCryptoProvider(), at)).toEqual(ev);
    expect(await StripeNode.webhooks.constructEventAsync(payload, header, secret, 300, Stripe.createSubtleCryptoProvider(), at)).toEqual(ev);
    // A sync call with an async-only provider fails the same way in both.
    const sync = (w: { constructEvent: (...a: never[]) => unknown }, p: unknown) => {
      try {
        (w.constructEvent as (...a: unknown[]) => unknown)(payload, header, secret, 300, p, at);
      } catch (e) {
        return (e as Error).constructor.name;
      }
    };
    expect(sync(Stripe.webhooks, Stripe.createSubtleCryptoProvider())).toBe(sync(StripeNode.webhooks, StripeNode.createSubtleCryptoProvider()));
    // Expired, per receivedAt, in both.
    expect(() => StripeNode.webhooks.constructEvent(payload, header, secret, 300, undefined, (t + 301) * 1000)).toThrow(StripeNode.errors.StripeSignatureVerificationError);
    expect(() => Stripe.webhooks.constructEvent(payload, header, secret, 300, undefined, (t + 301) * 1000)).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('signature.verifyHeader, constructEventWithoutVerification (with cloud envelopes), and thin events refused', () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
    expect(Stripe.webhooks.signature.verifyHeader(payload, header, secret, 0)).toBe(StripeNode.webhooks.signature!.verifyHeader(payload, header, secret, 0));
    const bridge = JSON.stringify({ 'detail-type': 'customer.created', detail: JSON.parse(payload) });
    expect(Stripe.webhooks.constructEventWithoutVerification(bridge)).toEqual(StripeNode.webhooks.constructEventWithoutVerification(bridge));
    const thinHeader = Stripe.webhooks.generateTestHeaderString({ payload: thin, secret, timestamp: t });
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as Error).message;
      }
    };
    const refused = message(() => StripeNode.webhooks.constructEvent(thin, thinHeader, secret, 0));
    expect(refused).toMatch(/thin event notification/);
    expect(message(() => Stripe.webhooks.constructEvent(thin, thinHeader, secret, 0))).toBe(refused);
    expect(message(() => Stripe.webhooks.constructEventWithoutVerification(thin))).toBe(refused);
  });

  it('parseEventNotification (sync, async, unverified), fetchRelatedObject and fetchEvent send the same requests', async () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload: thin, secret, timestamp: t });
    const { node, ours } = both();
    const run = async (c: { parseEventNotification: typeof ours.parseEventNotification; parseEventNotificationAsync: typeof ours.parseEventNotificationAsync; parseEventNotificationWithoutVerification: typeof ours.parseEventNotificationWithoutVerification }) => {
      mock.reset();
      const at = (t + 5) * 1000;
      const n = c.parseEventNotification(thin, header, secret, 300, undefined, at);
      const a = await c.parseEventNotificationAsync(thin, header, secret, 300, undefined, at);
      const u = c.parseEventNotificationWithoutVerification(thin);
      const related = await n.fetchRelatedObject();
      const event = await a.fetchEvent();
      const seen = mock.requests.map((r) => [r.method, r.path, r.headers['stripe-request-trigger'], r.headers['stripe-context']]);
      return { ids: [n.id, a.id, u.id, u.type], related: related?.id, event: event.id, seen };
    };
    const mine = await run(ours);
    const theirs = await run(node as unknown as Parameters<typeof run>[0]);
    expect(mine).toEqual(theirs);
    expect(mine.seen).toEqual([
      ['GET', '/v1/billing/meters/mtr_1', 'event=evt_thin', 'acct_123'],
      ['GET', '/v2/core/events/evt_thin', 'event=evt_thin', 'acct_123'],
    ]);
    const v1 = () => ours.parseEventNotification(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t }), secret, 300, undefined, t * 1000);
    expect(v1).toThrow(/You passed a v1 Event/);
  });
});

describe('oauth', () => {
  it('authorizeUrl, token and deauthorize match stripe-node', async () => {
    const { node, ours } = both();
    node.setClientId('ca_123');
    ours.setClientId('ca_123');
    const params = { redirect_uri: 'https://example.com/cb', state: 'x y', stripe_user: { email: 'a@b.co' } };
    expect(ours.oauth.authorizeUrl(params)).toBe(node.oauth.authorizeUrl(params));
    expect(ours.oauth.authorizeUrl({}, { express: true })).toBe(node.oauth.authorizeUrl({}, { express: true }));
    const sent = async (c: typeof node | typeof ours) => {
      mock.reset();
      mock.route('POST', /^\/oauth\//, () => ({ body: { stripe_user_id: 'acct_1', access_token: 'sk_test_x' } }));
      await c.oauth.token({ grant_type: 'authorization_code', code: 'ac_1' });
      await c.oauth.deauthorize({ stripe_user_id: 'acct_1' });
      return mock.requests.map((r) => [r.method, r.path, r.body]);
    };
    expect(await sent(ours)).toEqual(await sent(node));
    expect(mock.requests.map((r) => r.path)).toEqual(['/oauth/token', '/oauth/deauthorize']);
  });
});

describe('configuration', () => {
  it('httpAgent is honoured (both send through the agent); a bare StripeClient refuses it', async () => {
    class CountingAgent extends Agent {
      sockets_made = 0;
      override createConnection(options: ClientRequestArgs, cb?: (err: Error | null, s: Duplex) => void): Duplex {
        this.sockets_made++;
        return (Agent.prototype as unknown as { createConnection: (o: unknown, c: unknown) => Duplex }).createConnection.call(this, options, cb);
      }
    }
    const nodeAgent = new CountingAgent();
    const ourAgent = new CountingAgent();
    await new StripeNode(KEY, { ...cfg(), httpAgent: nodeAgent }).customers.retrieve('cus_1');
    await new Stripe(KEY, { ...cfg(), httpAgent: ourAgent }).customers.retrieve('cus_1');
    expect([ourAgent.sockets_made, nodeAgent.sockets_made]).toEqual([1, 1]);
    expect(() => new StripeClient(KEY, { httpAgent: ourAgent })).toThrow(/httpAgent/);
    nodeAgent.destroy();
    ourAgent.destroy();
  });

  it('unknown config keys throw in both', () => {
    expect(() => new StripeNode(KEY, { hots: 'x' } as never)).toThrow(/Config object may only contain/);
    expect(() => new Stripe(KEY, { hots: 'x' } as never)).toThrow('Config option "hots" is not supported');
  });

  it('per-request headers and rawRequest additionalHeaders reach the server as in stripe-node', async () => {
    const { node, ours } = both();
    const sent = async (c: typeof node | typeof ours) => {
      mock.reset();
      await c.customers.create({ email: 'a@b.co' }, { headers: { 'X-Team': 'billing', 'idempotency-key': 'mine-1' } });
      await c.rawRequest('POST', '/v1/customers', { name: 'Raw' }, { additionalHeaders: { 'X-Raw': '1' }, apiBase: 'api' });
      return mock.requests.map((r) => [r.path, r.body, r.headers['x-team'], r.headers['idempotency-key'], r.headers['x-raw']]);
    };
    const theirs = await sent(node);
    const mine = await sent(ours);
    expect(mine[0]).toEqual(theirs[0]);
    expect(mine[1]!.slice(0, 2)).toEqual(theirs[1]!.slice(0, 2));
    expect(mine[1]![4]).toBe('1');
  });

  it('rawRequest apiBase and OAuth pick the same hosts as stripe-node (no network: each client records where it would send)', async () => {
    const ourHosts: string[] = [];
    const theirHosts: string[] = [];
    const ok = { statusCode: 200, headers: { 'request-id': 'req_1' }, bodyText: '{"id":"x"}' };
    const ours = new Stripe(KEY, { maxNetworkRetries: 0, httpClient: { request: async (req) => (ourHosts.push(req.origin), ok), close: async () => {} } });
    const response = { getStatusCode: () => 200, getHeaders: () => ({ 'request-id': 'req_1' }), toJSON: async () => ({ id: 'x' }), getRawResponse: () => ({}) };
    const recorder = Object.assign(new StripeNode.HttpClient(), {
      getClientName: () => 'recorder',
      makeRequest: async (host: string, port: string, _path: string, _m: string, _h: object, _b: unknown, protocol: string) => (theirHosts.push(`${protocol}://${host}${port === '443' ? '' : `:${port}`}`), response),
    });
    const node = new StripeNode(KEY, { maxNetworkRetries: 0, httpClient: recorder });
    for (const c of [ours, node] as const) {
      for (const apiBase of ['api', 'files', 'connect', 'meter_events'] as const) await c.rawRequest('POST', '/v1/x', {}, { apiBase });
      await c.oauth.token({ grant_type: 'authorization_code', code: 'ac_1' });
    }
    expect(ourHosts).toEqual(theirHosts);
    expect(ourHosts).toEqual(['https://api.stripe.com', 'https://files.stripe.com', 'https://connect.stripe.com', 'https://meter-events.stripe.com', 'https://connect.stripe.com']);
    await expect(ours.rawRequest('GET', '/v1/x', undefined, { apiBase: 'nope' as never })).rejects.toThrow(/apiBase must be/);
  });

  it('telemetry: the next call carries the previous request id and duration; telemetry: false sends none', async () => {
    const header = async (c: typeof ours | StripeNode) => {
      mock.reset();
      await c.customers.retrieve('cus_1');
      await c.customers.retrieve('cus_2');
      return mock.requests.map((r) => {
        const h = r.headers['x-stripe-client-telemetry'];
        return h === undefined ? undefined : Object.keys((JSON.parse(h) as { last_request_metrics: object }).last_request_metrics).sort().join(',') + ':' + String((JSON.parse(h) as { last_request_metrics: { request_id: string } }).last_request_metrics.request_id);
      });
    };
    const { node, ours } = both();
    expect(await header(ours)).toEqual(await header(node));
    expect(await header(ours)).toEqual([expect.stringMatching(/^request_duration_ms,request_id:req_mock_/), expect.stringMatching(/:req_mock_/)]);
    const off = both({ telemetry: false });
    expect(await header(off.ours)).toEqual(await header(off.node));
    expect(await header(off.ours)).toEqual([undefined, undefined]);
  });

  it("request/response events carry stripe-node's field names (path with query), emitEventBodies, and once()", async () => {
    const record = async (c: typeof ours | StripeNode) => {
      mock.reset();
      const events: Array<Record<string, unknown>> = [];
      const pick = (kind: string) => (e: Record<string, unknown>) =>
        events.push({ kind, ...Object.fromEntries(['method', 'path', 'idempotency_key', 'account', 'status', 'body'].map((k) => [k, e[k]])), keys: Object.keys(e).filter((k) => k !== 'retryCount' && k !== 'body').sort() });
      c.on('request', pick('request'));
      c.on('response', pick('response'));
      c.once('response', pick('once'));
      await c.customers.create({ email: 'a@b.co' }, { idempotencyKey: 'ev-1', stripeAccount: 'acct_9' });
      await c.customers.retrieve('cus_1', { expand: ['tax_ids'] });
      return events;
    };
    const { node, ours } = both({ emitEventBodies: true });
    const mine = await record(ours);
    const theirs = await record(node);
    // Same names; where the mock echoes no header, stripe-node's response event falls back to nothing and ours to what was sent.
    expect(mine.map((e) => [e.kind, e.method, e.path, e.status])).toEqual(theirs.map((e) => [e.kind, e.method, e.path, e.status]));
    // The POST's request events are equal field for field. (For the GET, stripe-node sends the strings
    // "undefined" as account and idempotency_key, which we do not copy.)
    expect(mine[0]).toEqual(theirs[0]);
    expect(mine[3]).toEqual({ ...theirs[3], account: undefined, idempotency_key: undefined, keys: ['api_version', 'method', 'path', 'request_start_time'] });
    for (const e of mine.filter((x) => x.kind !== 'request')) expect(e.keys).toEqual(expect.arrayContaining(['elapsed', 'method', 'path', 'request_end_time', 'request_id', 'request_start_time', 'status']));
    expect(mine[1]!.path).toBe('/v1/customers');
    expect(mine[4]!.path).toBe('/v1/customers/cus_1?expand[0]=tax_ids');
  });

  it('once() delivers a single event, and off() removes a once listener before it fires', async () => {
    const { ours } = both();
    const seen: string[] = [];
    const dropped = (): void => {
      seen.push('dropped');
    };
    ours.once('response', (e) => seen.push(e.path)).once('request', dropped).off('request', dropped);
    await ours.customers.retrieve('cus_1');
    await ours.customers.retrieve('cus_2');
    expect(seen).toEqual(['/v1/customers/cus_1']);
  });

  it("createFetchHttpClient / createNodeHttpClient (ours and stripe-node's) carry calls", async () => {
    const clients = [Stripe.createFetchHttpClient(), Stripe.createNodeHttpClient(), StripeNode.createFetchHttpClient(), StripeNode.createNodeHttpClient()];
    const ids: string[] = [];
    for (const httpClient of clients) ids.push((await new Stripe(KEY, { ...cfg(), httpClient }).customers.retrieve('cus_7')).id);
    expect(ids).toEqual(['cus_7', 'cus_7', 'cus_7', 'cus_7']);
    expect(() => new StripeClient(KEY, { httpClient: StripeNode.createFetchHttpClient() })).toThrow('httpClient must be a Transport or { fetch }');
  });

  it("the API key check accepts what stripe-node accepts: 'api_key_placeholder' and session tokens; an empty key fails at once", () => {
    for (const key of ['api_key_placeholder', 'ek_test_YWNjdF8xTjFhMjM0NTY3ODkw', 'tok_1']) {
      expect(() => new StripeNode(key)).not.toThrow();
      expect(() => new Stripe(key)).not.toThrow();
    }
    expect(() => new Stripe('')).toThrow(Stripe.errors.StripeInvalidApiKeyError);
  });
});

describe('pagination', () => {
  it('autoPagingEach(fn, onDone), (item, next) callbacks and the list promise .next()/.return() behave as in stripe-node', async () => {
    const { node, ours } = both();
    // stripe-node's .d.ts omit the (item, next) form its runtime supports; the list is typed here to what both do.
    type Walkable = AsyncIterableIterator<{ id: string }> & {
      autoPagingEach(fn: (item: { id: string }, next: (go?: boolean) => void) => void, onDone: (...a: unknown[]) => void): Promise<void>;
    };
    const walk = async (c: { customers: { list(p: { limit: number }): unknown } }) => {
      const seen: string[] = [];
      const list = (): Walkable => c.customers.list({ limit: 2 }) as Walkable;
      const done = await new Promise<unknown[]>((resolve) => {
        void list().autoPagingEach(
          (item: { id: string }, next: (go?: boolean) => void) => {
            seen.push(item.id);
            setTimeout(() => next(seen.length < 3), 1);
          },
          (...args: unknown[]) => resolve(args),
        );
      });
      const shared = list();
      const first = await shared.next();
      const second = await shared.next();
      const ended = await shared.return!();
      return { seen, done: done.map(String), next: [first.value?.id, second.value?.id], ended: ended.done ?? true };
    };
    expect(await walk(ours)).toEqual(await walk(node));
  });

  it('onDone receives the error that ended the walk', async () => {
    const { ours } = both();
    mock.enqueue({ type: 'status', status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    const err = await new Promise<unknown>((resolve) => void ours.customers.list().autoPagingEach(() => undefined, resolve));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
  });
});

describe('files', () => {
  it('uploads { file: Buffer } and { file: { data, name, type } } as the same multipart part (ours; stripe-node types only FileData)', async () => {
    const { ours } = both();
    await ours.files.create({ purpose: 'dispute_evidence', file: Buffer.from('hello') });
    await ours.files.create({ purpose: 'dispute_evidence', file: { data: Buffer.from('hello'), name: 'a.txt', type: 'text/plain' } });
    expect(mock.requests.map((r) => /name="file"(; filename="[^"]*")?\r\n(Content-Type: [^\r]+\r\n)?\r\nhello/.test(r.body))).toEqual([true, true]);
  });
});
