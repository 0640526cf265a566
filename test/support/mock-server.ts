// A local stand-in for Stripe's API on 127.0.0.1 (port 0) for tests and, via
// mock-server-main.ts, as a standalone process. Records every request, answers
// with fixture objects (retrieve, create, update, delete, v1 list, search, v2
// list, meter events) and injects faults: statuses with bodies, delays,
// connection resets, Stripe-Should-Retry / Retry-After, malformed and
// truncated bodies.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { idPrefix, loadFixtures, looksLikeId, typeFor, type Fixture } from './mock-fixtures.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query, still percent-encoded as sent. */
  path: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  rawBody: Buffer;
}

interface FaultMatch {
  method?: string;
  /** Exact path (without query) or a pattern tested against it. */
  path?: string | RegExp;
  /** How many matching requests this fault answers (default 1). */
  times?: number;
  /** Wait before acting. */
  delayMs?: number;
}

export type MockFault = FaultMatch &
  (
    | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
    | { type: 'reset' }
    | { type: 'truncate'; status?: number; body: string; headers?: Record<string, string> }
    | { type: 'delay'; ms: number }
  );

export interface MockReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface MockStripeOptions {
  /** Pages every list/search/v2 list has at the default page size (default 3). */
  listPages?: number;
  /** Items per page when the request has no `limit` (default 2). */
  pageSize?: number;
  fixturesPath?: string;
  /** Listen port; 0 (default) picks a free one. */
  port?: number;
}

export interface MockStripe {
  url: string;
  host: string;
  port: number;
  requests: RecordedRequest[];
  /** Replaces the fault queue. */
  setFaults(faults: MockFault[]): void;
  /** Appends one fault to the queue. */
  enqueue(fault: MockFault): void;
  /** A custom answer for a method + path, checked after faults and before the defaults. */
  route(method: string, path: string | RegExp, reply: (req: RecordedRequest) => MockReply): void;
  reset(): void;
  close(): Promise<void>;
}

interface Route {
  method: string;
  path: string | RegExp;
  reply: (req: RecordedRequest) => MockReply;
}

const matches = (p: string | RegExp | undefined, path: string): boolean => p === undefined || (typeof p === 'string' ? p === path : p.test(path));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startMockStripe(opts: MockStripeOptions = {}): Promise<MockStripe> {
  const fixtures = loadFixtures(opts.fixturesPath);
  const listPages = opts.listPages ?? 3;
  const pageSize = opts.pageSize ?? 2;
  const requests: RecordedRequest[] = [];
  let faults: Array<MockFault & { left: number }> = [];
  const routes: Route[] = [];
  let counter = 0;

  const fixtureFor = (type: string): Fixture => fixtures.get(type) ?? { object: type };
  const items = (type: string): Fixture[] => {
    const f = fixtureFor(type);
    const prefix = idPrefix(f);
    return Array.from({ length: listPages * pageSize }, (_, i) => ({ ...f, id: `${prefix}_${String(i + 1).padStart(4, '0')}` }));
  };

  function defaultReply(r: RecordedRequest): MockReply {
    const segs = r.path.split('/').filter(Boolean);
    const version = segs.shift();
    const params = new URLSearchParams(r.query);
    const collections = segs.filter((s) => !looksLikeId(s) && s !== 'search');
    const ids = segs.filter((s) => looksLikeId(s)).map((s) => decodeURIComponent(s));
    const last = segs[segs.length - 1] ?? '';
    const type = typeFor(collections, fixtures);
    const limit = Number(params.get('limit') ?? pageSize);

    if (version === 'v2') {
      if (r.path === '/v2/billing/meter_event_stream') return { body: {} };
      if (r.path === '/v2/billing/meter_event_session') {
        counter++;
        return {
          body: {
            id: `mes_mock_${counter}`,
            object: 'v2.billing.meter_event_session',
            authentication_token: `ek_test_mocktoken${counter}`,
            created: '2024-06-01T12:00:00.000Z',
            expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
            livemode: false,
          },
        };
      }
      if (r.method === 'GET' && !looksLikeId(last)) {
        const all = items(type).map((it) => ({ id: it.id, object: `v2.${type}` }));
        const offset = Number((params.get('page') ?? 'p0').slice(1));
        const data = all.slice(offset, offset + limit);
        const more = offset + limit < all.length;
        return {
          body: {
            data,
            next_page_url: more ? `${r.path}?limit=${limit}&page=p${offset + limit}` : null,
            previous_page_url: offset > 0 ? `${r.path}?limit=${limit}&page=p${Math.max(0, offset - limit)}` : null,
          },
        };
      }
      return { body: { id: ids[ids.length - 1] ?? `obj_mock_${++counter}`, object: `v2.${type}` } };
    }

    if (r.method === 'GET' && last === 'search') {
      const all = items(type);
      const offset = Number((params.get('page') ?? 'page_0').slice(5));
      const data = all.slice(offset, offset + limit);
      const more = offset + limit < all.length;
      return { body: { object: 'search_result', data, has_more: more, next_page: more ? `page_${offset + limit}` : null, url: r.path, total_count: all.length } };
    }
    if (r.method === 'GET' && !looksLikeId(last)) {
      const all = items(type);
      const after = params.get('starting_after');
      const before = params.get('ending_before');
      let start = 0;
      let end = Math.min(limit, all.length);
      let more = end < all.length;
      if (after !== null) {
        start = all.findIndex((x) => x.id === after) + 1;
        end = Math.min(start + limit, all.length);
        more = end < all.length;
      } else if (before !== null) {
        end = Math.max(0, all.findIndex((x) => x.id === before));
        start = Math.max(0, end - limit);
        more = start > 0;
      }
      return { body: { object: 'list', data: all.slice(start, end), has_more: more, url: r.path } };
    }
    const f = fixtureFor(type);
    if (r.method === 'DELETE') return { body: { id: ids[ids.length - 1], object: type, deleted: true } };
    if (r.method === 'POST' && !looksLikeId(last)) return { body: { ...f, id: `${idPrefix(f)}_mock${++counter}` } };
    return { body: { ...f, id: ids[ids.length - 1] ?? f.id ?? `obj_mock_${++counter}`, object: f.object ?? type } };
  }

  function send(res: ServerResponse, r: RecordedRequest, reply: MockReply): void {
    const text = typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': `req_mock_${requests.length}`,
      ...(r.headers['stripe-version'] ? { 'stripe-version': r.headers['stripe-version'] } : {}),
      ...(r.headers['idempotency-key'] ? { 'idempotency-key': r.headers['idempotency-key'] } : {}),
      ...reply.headers,
    };
    res.writeHead(reply.status ?? 200, headers);
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const r: RecordedRequest = {
      method: req.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      query: q < 0 ? '' : url.slice(q + 1),
      headers,
      body: rawBody.toString('utf8'),
      rawBody,
    };
    requests.push(r);

    const fault = faults.find((f) => f.left > 0 && (f.method === undefined || f.method === r.method) && matches(f.path, r.path));
    if (fault) {
      fault.left--;
      if (fault.delayMs) await sleep(fault.delayMs);
      switch (fault.type) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'truncate': {
          const t = Buffer.from(fault.body);
          res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', 'content-length': String(t.length + 64), ...fault.headers });
          res.write(t);
          // Let the partial body reach the client, then cut the connection mid-body.
          setTimeout(() => req.socket.destroy(), 10);
          return;
        }
        case 'delay':
          await sleep(fault.ms);
          break;
        case 'status':
          send(res, r, { status: fault.status, body: fault.body ?? { error: { type: 'api_error', message: `Injected ${fault.status}` } }, headers: fault.headers });
          return;
      }
    }
    const route = routes.find((x) => x.method === r.method && matches(x.path, r.path));
    send(res, r, route ? route.reply(r) : defaultReply(r));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: `mock server error: ${String(e)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    requests,
    setFaults(list) {
      faults = list.map((f) => ({ ...f, left: f.times ?? 1 }));
    },
    enqueue(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    route(method, path, reply) {
      routes.push({ method, path, reply });
    },
    reset() {
      requests.length = 0;
      faults = [];
      routes.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
