// request/response events: fields, retry counts, and that no secret is ever in them.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent, ResponseEvent } from '../../runtime/index.js';
import { mockClient, TEST_API_VERSION, TEST_KEY } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
beforeAll(async () => {
  mock = await startMockStripe();
});
afterAll(() => mock.close());
afterEach(() => mock.reset());

describe('events', () => {
  it('emits one request and one response event per attempt, with retry counts and the shared idempotency key', async () => {
    const { client } = mockClient(mock, { stripeAccount: 'acct_1' });
    const reqs: RequestEvent[] = [];
    const ress: ResponseEvent[] = [];
    client.on('request', (e) => reqs.push(e)).on('response', (e) => ress.push(e));
    mock.setFaults([{ type: 'status', status: 500 }, { type: 'reset' }]);
    await client._request(specs.createCustomer, [], { email: 'secret@example.com' }, { idempotencyKey: 'idem-1', apiKey: 'sk_test_percallsecretkey9999' });

    expect(reqs.map((e) => [e.method, e.path, e.retryCount, e.idempotency_key, e.api_version, e.account])).toEqual([
      ['POST', '/v1/customers', 0, 'idem-1', TEST_API_VERSION, 'acct_1'],
      ['POST', '/v1/customers', 1, 'idem-1', TEST_API_VERSION, 'acct_1'],
      ['POST', '/v1/customers', 2, 'idem-1', TEST_API_VERSION, 'acct_1'],
    ]);
    expect(ress.map((e) => [e.status, e.request_id, e.retryCount, e.error === undefined])).toEqual([
      [500, 'req_mock_1', 0, true],
      [undefined, undefined, 1, false],
      [200, 'req_mock_3', 2, true],
    ]);
    expect(ress[1].error).toMatch(/^connection: /);
    for (const e of ress) {
      expect(e.elapsed).toBe(e.request_end_time - e.request_start_time);
      expect(e.elapsed).toBeGreaterThanOrEqual(0);
    }
    const dump = JSON.stringify([reqs, ress]);
    expect(dump).not.toContain(TEST_KEY);
    expect(dump).not.toContain('percallsecretkey');
    expect(dump).not.toContain('Bearer');
    expect(dump).not.toContain('secret@example.com');
    await client.close();
  });

  it('puts the query in the event path (as stripe-node does), and off() stops delivery', async () => {
    const { client } = mockClient(mock);
    const paths: string[] = [];
    const listener = (e: ResponseEvent): void => {
      paths.push(e.path);
    };
    client.on('response', listener);
    await client._request(specs.retrieveCustomer, ['cus_1'], { expand: ['tax_ids'] }, undefined);
    client.off('response', listener);
    await client._request(specs.retrieveCustomer, ['cus_2'], undefined, undefined);
    expect(paths).toEqual(['/v1/customers/cus_1?expand[0]=tax_ids']);
    await client.close();
  });

  it('emitEventBodies puts params and the parsed response on the events; off by default', async () => {
    const bodies: unknown[] = [];
    for (const emitEventBodies of [true, false]) {
      const { client } = mockClient(mock, { emitEventBodies });
      client.on('request', (e) => bodies.push(e.body)).on('response', (e) => bodies.push((e.body as { object?: string } | undefined)?.object));
      await client._request(specs.createCustomer, [], { email: 'a@b.co' }, undefined);
      await client.close();
    }
    expect(bodies).toEqual([{ email: 'a@b.co' }, 'customer', undefined, undefined]);
  });

  it('a throwing listener does not break the call', async () => {
    const { client } = mockClient(mock);
    client.on('request', () => {
      throw new Error('listener bug');
    });
    const c = await client._request<{ id: string }>(specs.retrieveCustomer, ['cus_1'], undefined, undefined);
    expect(c.id).toBe('cus_1');
    await client.close();
  });
});
