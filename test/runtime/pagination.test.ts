// Auto-pagination over 3+ pages in each style, through _requestList with
// hand-written MethodSpecs against the mock server.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StripeClient, StripeUsageError, type ListObject, type SearchResult, type V2ListObject } from '../../runtime/index.js';
import { mockClient } from '../support/mock-client.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { specs } from '../support/mock-specs.js';

let mock: MockStripe;
let client: StripeClient;

beforeAll(async () => {
  mock = await startMockStripe({ listPages: 4, pageSize: 2 });
  client = mockClient(mock).client;
});
afterAll(async () => {
  await client.close();
  await mock.close();
});
afterEach(() => mock.reset());

interface Item {
  id: string;
}
const ids = (n: number[]): string[] => n.map((i) => `cus_${String(i).padStart(4, '0')}`);
const queries = (): string[] => mock.requests.map((r) => r.query);

describe('v1 list', () => {
  it('resolves to the first page', async () => {
    const page = await client._requestList<Item>(specs.listCustomers, [], { limit: 2 }, undefined);
    expect(page.object).toBe('list');
    expect(page.data.map((x) => x.id)).toEqual(ids([1, 2]));
    expect(page.has_more).toBe(true);
    expect(page.url).toBe('/v1/customers');
    expect(page.lastResponse.statusCode).toBe(200);
  });

  it('walks forward with starting_after = last id', async () => {
    const seen: string[] = [];
    for await (const c of client._requestList<Item>(specs.listCustomers, [], { limit: 2 }, undefined)) seen.push(c.id);
    expect(seen).toEqual(ids([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(queries()).toEqual(['limit=2', 'limit=2&starting_after=cus_0002', 'limit=2&starting_after=cus_0004', 'limit=2&starting_after=cus_0006']);
  });

  it('walks backward with ending_before = first id, each page reversed', async () => {
    const seen = await client._requestList<Item>(specs.listCustomers, [], { limit: 2, ending_before: 'cus_0008' }, undefined).autoPagingToArray({ limit: 100 });
    expect(seen.map((x) => x.id)).toEqual(ids([7, 6, 5, 4, 3, 2, 1]));
    expect(queries()).toEqual(['limit=2&ending_before=cus_0008', 'limit=2&ending_before=cus_0006', 'limit=2&ending_before=cus_0004', 'limit=2&ending_before=cus_0002']);
  });

  it('autoPagingEach stops when the handler returns false or Promise<false>', async () => {
    const seen: string[] = [];
    await client._requestList<Item>(specs.listCustomers, [], undefined, undefined).autoPagingEach((c) => {
      seen.push(c.id);
      return seen.length < 3;
    });
    expect(seen).toEqual(ids([1, 2, 3]));
    expect(mock.requests).toHaveLength(2);
    const async: string[] = [];
    await client._requestList<Item>(specs.listCustomers, [], undefined, undefined).autoPagingEach(async (c) => {
      async.push(c.id);
      return async.length === 5 ? false : undefined;
    });
    expect(async).toEqual(ids([1, 2, 3, 4, 5]));
  });

  it('autoPagingToArray honours limit and validates it', async () => {
    const list = client._requestList<Item>(specs.listCustomers, [], undefined, undefined);
    expect((await list.autoPagingToArray({ limit: 3 })).map((x) => x.id)).toEqual(ids([1, 2, 3]));
    await expect(list.autoPagingToArray({ limit: 10_001 })).rejects.toThrow('autoPagingToArray needs a `limit` from 1 to 10,000');
    await expect(list.autoPagingToArray({} as { limit: number })).rejects.toBeInstanceOf(StripeUsageError);
  });

  it('each for-await starts again from the first page', async () => {
    const list = client._requestList<Item>(specs.listCustomers, [], { limit: 4 }, undefined);
    const a: string[] = [];
    const b: string[] = [];
    for await (const c of list) a.push(c.id);
    for await (const c of list) b.push(c.id);
    expect(a).toEqual(ids([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(b).toEqual(a);
    // The first page is fetched once; later pages once per walk.
    expect(mock.requests).toHaveLength(3);
  });

  it('a failing page rejects the iteration', async () => {
    mock.setFaults([{ type: 'status', status: 400, path: '/v1/customers', times: 1, body: { error: { type: 'invalid_request_error', message: 'nope' } } }]);
    await expect(client._requestList<Item>(specs.listCustomers, [], undefined, undefined).autoPagingToArray({ limit: 10 })).rejects.toThrow('nope');
  });
});

describe('v1 search', () => {
  it('follows next_page with page=', async () => {
    const list = client._requestList<Item, SearchResult<Item>>(specs.searchCustomers, [], { query: "email:'a@b.co'", limit: 3 }, undefined);
    const first = await list;
    expect([first.object, first.next_page, first.total_count]).toEqual(['search_result', 'page_3', 8]);
    const all = await list.autoPagingToArray({ limit: 50 });
    expect(all.map((x) => x.id)).toEqual(ids([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(queries()).toEqual([
      'query=email%3A%27a%40b.co%27&limit=3',
      'query=email%3A%27a%40b.co%27&limit=3&page=page_3',
      'query=email%3A%27a%40b.co%27&limit=3&page=page_6',
    ]);
  });
});

describe('v2 list', () => {
  it('follows next_page_url with GET', async () => {
    const list = client._requestList<Item, V2ListObject<Item>>(specs.listV2Events, [], { limit: 3 }, undefined);
    const first = await list;
    expect(first.next_page_url).toBe('/v2/core/events?limit=3&page=p3');
    expect(first.previous_page_url).toBeNull();
    const seen: string[] = [];
    for await (const e of list) seen.push(e.id);
    expect(seen).toEqual(['evt_0001', 'evt_0002', 'evt_0003', 'evt_0004', 'evt_0005', 'evt_0006', 'evt_0007', 'evt_0008']);
    expect(mock.requests.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
      'GET /v2/core/events?limit=3',
      'GET /v2/core/events?limit=3&page=p3',
      'GET /v2/core/events?limit=3&page=p6',
    ]);
  });

  it('refuses a next_page_url that would change the host', async () => {
    mock.route('GET', '/v2/core/events', () => ({ body: { data: [{ id: 'evt_1' }], next_page_url: '//evil.example/v2/core/events', previous_page_url: null } }));
    await expect(client._requestList<Item, V2ListObject<Item>>(specs.listV2Events, [], undefined, undefined).autoPagingToArray({ limit: 5 })).rejects.toBeInstanceOf(StripeUsageError);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('page types', () => {
  it('defaults ListPromise to a v1 ListObject', async () => {
    const page: ListObject<Item> = await client._requestList<Item>(specs.listCustomers, [], { limit: 1 }, undefined);
    expect(page.data).toHaveLength(1);
  });
});
