// An HTTP mock of Stripe's two v2 meter-event endpoints on 127.0.0.1 (port 0):
// issues sessions with a configurable lifetime, rejects expired tokens the way
// Stripe does, records every received event (raw JSON and identifier), and
// injects faults: 429 bursts with Retry-After, 500s, connection resets, slow
// or hanging responses, a poisoned identifier (400), a revoked API key (401).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { splitEvents } from './meter-mock-json.js';

export const SESSION_PATH = '/v2/billing/meter_event_session';
export const STREAM_PATH = '/v2/billing/meter_event_stream';
export const CONTROL_PREFIX = '/__mock/';

export interface MeterMockOptions {
  /** Session token lifetime; default 15 min. */
  tokenLifetimeMs?: number;
  /** Shifts the server's `created`/`expires_at` (a skewed server clock). */
  clockSkewMs?: number;
  /** What the session response claims the lifetime is (default: the real one); lets a test make tokens die early. */
  advertisedLifetimeMs?: number;
  /** Delay before answering a session request (widens the refresh window). */
  sessionDelayMs?: number;
  /** 'raw' keeps every event's JSON; 'count' only counts (for benchmarks). Default 'raw'. */
  record?: 'raw' | 'count';
  /**
   * Serve control routes for a driver in another process (benchmarks, the demo):
   * GET /__mock/stats, POST /__mock/expire-tokens, POST /__mock/server-errors?n=N,
   * POST /__mock/rate-limit?n=N&retryAfter=S, POST /__mock/reset-connections?n=N.
   * Off by default.
   */
  control?: boolean;
}

/**
 * What a scripted stream request gets instead of the normal answer (see `MeterMock.onStream`):
 * an HTTP answer (nothing recorded), a reset or a hang before recording, or a normal
 * 200 after `delayMs` (recorded at once).
 */
export type StreamFault =
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  | { reset: true }
  | { hang: true }
  | { delayMs: number };

/** What a scripted session request gets (see `MeterMock.onSession`): an HTTP answer with a raw body, or a hang. */
export type SessionFault = { status: number; body: string } | { hang: true };

export interface StreamRequestInfo {
  /** 1-based count of stream requests that passed the token check. */
  n: number;
  identifiers: string[];
  token: string;
}

export interface ReceivedEvent {
  raw: string;
  identifier: string;
}

const sessionExpiredBody = JSON.stringify({
  error: { type: 'temporary_session_expired', code: 'billing_meter_event_session_expired', message: 'The temporary session token has expired.' },
});
export const apiKeyExpiredBody = JSON.stringify({
  error: { type: 'invalid_request_error', code: 'api_key_expired', message: 'Expired API Key provided.' },
});

export class MeterMock {
  tokenLifetimeMs: number;
  clockSkewMs: number;
  advertisedLifetimeMs: number | undefined;
  sessionDelayMs: number;
  readonly record: 'raw' | 'count';
  readonly control: boolean;
  readonly events: ReceivedEvent[] = [];
  eventCount = 0;
  sessionsCreated = 0;
  streamRequests = 0;
  readonly statusCounts: Record<number, number> = {};
  /** Authorization values seen on stream requests (tests check no API key leaks there). */
  readonly tokensUsed = new Set<string>();

  // Faults, consumed per stream request in this order.
  private rateLimited = 0;
  private retryAfterSeconds = 1;
  private serverErrorsLeft = 0;
  private resetsBefore = 0;
  private resetsAfter = 0;
  private slowLeft = 0;
  private slowMs = 0;
  private hanging = false;
  private revoked = false;
  readonly poisoned = new Set<string>();
  /** Scripted faults per stream request (after the token check); undefined answers normally. */
  onStream: ((req: StreamRequestInfo) => StreamFault | undefined) | undefined;
  /** Scripted faults per session request (1-based); undefined issues a session normally. */
  onSession: ((n: number) => SessionFault | undefined) | undefined;
  /** Token issued for session `n`; default `ek_test_<n>_<random>`. Lets a test hand out short tokens such as `tok_1`. */
  tokenFor: (n: number) => string = (n) => `ek_test_${n}_${Math.random().toString(36).slice(2)}`;
  /** Session requests received (including scripted and refused ones). */
  sessionRequests = 0;
  private revokedSessionsOnly = false;

  private readonly tokens = new Map<string, number>(); // token -> expiry (epoch ms, real time)
  private readonly hung = new Set<http.ServerResponse>();
  private constructor(
    private readonly server: http.Server,
    options: MeterMockOptions,
  ) {
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
    this.clockSkewMs = options.clockSkewMs ?? 0;
    this.advertisedLifetimeMs = options.advertisedLifetimeMs;
    this.sessionDelayMs = options.sessionDelayMs ?? 0;
    this.record = options.record ?? 'raw';
    this.control = options.control ?? false;
  }

  static async start(options: MeterMockOptions = {}): Promise<MeterMock> {
    let mock!: MeterMock;
    const server = http.createServer((req, res) => mock.handle(req, res));
    server.keepAliveTimeout = 60_000;
    mock = new MeterMock(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return mock;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Distinct identifiers received. */
  identifiers(): Set<string> {
    return new Set(this.events.map((e) => e.identifier));
  }

  /** Every raw copy received per identifier (resends must be identical). */
  rawByIdentifier(): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const e of this.events) {
      const list = m.get(e.identifier);
      if (list) list.push(e.raw);
      else m.set(e.identifier, [e.raw]);
    }
    return m;
  }

  // ---- fault injection ----------------------------------------------------
  rateLimit(requests: number, retryAfterSeconds = 1): void {
    this.rateLimited = requests;
    this.retryAfterSeconds = retryAfterSeconds;
  }
  serverErrors(requests: number): void {
    this.serverErrorsLeft = requests;
  }
  /** Destroys the connection of the next `requests` stream requests; `afterRecord` simulates a lost response. */
  resetConnections(requests: number, afterRecord = false): void {
    if (afterRecord) this.resetsAfter = requests;
    else this.resetsBefore = requests;
  }
  slowResponses(requests: number, delayMs: number): void {
    this.slowLeft = requests;
    this.slowMs = delayMs;
  }
  /** Never answer stream requests (the memory test's black hole). */
  hang(on = true): void {
    this.hanging = on;
  }
  poison(identifier: string): void {
    this.poisoned.add(identifier);
  }
  /** The API key stops working: sessions and stream both answer 401 api_key_expired. */
  revokeApiKey(): void {
    this.revoked = true;
  }
  /** The API key stops working for new sessions only: tokens already issued keep working until they expire. */
  revokeSessions(): void {
    this.revokedSessionsOnly = true;
  }
  /** Server-side expiry of every issued token (the client still believes they are valid). */
  expireAllTokens(): void {
    for (const t of this.tokens.keys()) this.tokens.set(t, 0);
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- handlers -----------------------------------------------------------
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (this.control && req.url?.startsWith(CONTROL_PREFIX)) this.controlRoute(req, res);
      else if (req.method === 'POST' && req.url === SESSION_PATH) this.session(req, res);
      else if (req.method === 'POST' && req.url === STREAM_PATH) this.stream(req, res, body);
      else this.reply(res, 404, JSON.stringify({ error: { type: 'invalid_request_error', code: 'not_found', message: 'no route' } }));
    });
  }

  /** Control routes (only with `control: true`); they are not counted in statusCounts. */
  private controlRoute(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://mock');
    const n = Number(url.searchParams.get('n') ?? '1');
    const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
    let body: unknown = { ok: true };
    switch (route) {
      case 'GET stats': {
        const cpu = process.cpuUsage();
        body = {
          eventCount: this.eventCount,
          // Distinct identifiers received (record 'raw' only): resends of one event count once.
          distinctEvents: this.record === 'raw' ? this.identifiers().size : undefined,
          streamRequests: this.streamRequests,
          sessionsCreated: this.sessionsCreated,
          statusCounts: this.statusCounts,
          cpuMs: (cpu.user + cpu.system) / 1000,
        };
        break;
      }
      case 'POST expire-tokens':
        this.expireAllTokens();
        break;
      case 'POST server-errors':
        this.serverErrors(n);
        break;
      case 'POST rate-limit':
        this.rateLimit(n, Number(url.searchParams.get('retryAfter') ?? '1'));
        break;
      case 'POST reset-connections':
        this.resetConnections(n);
        break;
      default:
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no control route ${route}` } }));
        return;
    }
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private reply(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  private session(req: http.IncomingMessage, res: http.ServerResponse): void {
    const auth = req.headers.authorization ?? '';
    const n = ++this.sessionRequests;
    if (this.revoked || this.revokedSessionsOnly || !auth.startsWith('Bearer sk_')) return this.reply(res, 401, apiKeyExpiredBody);
    const fault = this.onSession?.(n);
    if (fault !== undefined) {
      if ('hang' in fault) this.hung.add(res);
      else this.reply(res, fault.status, fault.body);
      return;
    }
    if (this.sessionDelayMs > 0) {
      setTimeout(() => this.issueSession(res), this.sessionDelayMs);
      return;
    }
    this.issueSession(res);
  }

  private issueSession(res: http.ServerResponse): void {
    const n = ++this.sessionsCreated;
    const token = this.tokenFor(n);
    const now = Date.now();
    this.tokens.set(token, now + this.tokenLifetimeMs);
    const created = now + this.clockSkewMs;
    this.reply(
      res,
      200,
      JSON.stringify({
        id: `mes_${n}`,
        object: 'v2.billing.meter_event_session',
        authentication_token: token,
        created: new Date(created).toISOString(),
        expires_at: new Date(created + (this.advertisedLifetimeMs ?? this.tokenLifetimeMs)).toISOString(),
        livemode: false,
      }),
    );
  }

  private stream(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    this.streamRequests++;
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    this.tokensUsed.add(token);
    if (this.revoked) return this.reply(res, 401, apiKeyExpiredBody);
    const expiry = this.tokens.get(token);
    if (expiry === undefined || expiry <= Date.now()) return this.reply(res, 401, sessionExpiredBody);

    let delayMs: number | undefined;
    if (this.onStream !== undefined) {
      let identifiers: string[] = [];
      try {
        identifiers = splitEvents(body).map((raw) => (JSON.parse(raw) as { identifier: string }).identifier);
      } catch {
        // a malformed body is answered below
      }
      const fault = this.onStream({ n: this.streamRequests, identifiers, token });
      if (fault !== undefined) {
        if ('reset' in fault) return void req.socket.destroy();
        if ('hang' in fault) return void this.hung.add(res);
        if ('status' in fault) {
          const answer = (): void =>
            this.reply(res, fault.status, fault.body ?? JSON.stringify({ error: { type: 'api_error', message: `scripted ${fault.status}` } }), fault.headers);
          if (fault.delayMs === undefined) return answer();
          return void setTimeout(answer, fault.delayMs);
        }
        delayMs = fault.delayMs;
      }
    }
    if (this.resetsBefore > 0) {
      this.resetsBefore--;
      req.socket.destroy();
      return;
    }
    if (this.hanging) {
      this.hung.add(res);
      return;
    }
    if (this.rateLimited > 0) {
      this.rateLimited--;
      return this.reply(res, 429, JSON.stringify({ error: { type: 'rate_limit', code: 'rate_limit', message: 'Too many requests' } }), {
        'retry-after': String(this.retryAfterSeconds),
      });
    }
    if (this.serverErrorsLeft > 0) {
      this.serverErrorsLeft--;
      return this.reply(res, 500, JSON.stringify({ error: { type: 'api_error', code: 'internal', message: 'boom' } }));
    }

    let raws: string[];
    if (this.record === 'count') {
      let parsed: { events?: unknown[] };
      try {
        parsed = JSON.parse(body) as { events?: unknown[] };
      } catch {
        return this.reply(res, 400, JSON.stringify({ error: { type: 'invalid_request_error', code: 'parse_error', message: 'bad json' } }));
      }
      this.eventCount += parsed.events?.length ?? 0;
      return this.reply(res, 200, '{}');
    }
    try {
      JSON.parse(body);
      raws = splitEvents(body);
    } catch {
      return this.reply(res, 400, JSON.stringify({ error: { type: 'invalid_request_error', code: 'parse_error', message: 'bad json' } }));
    }
    if (raws.length > 100 || Buffer.byteLength(body) > 256 * 1024) {
      return this.reply(res, 400, JSON.stringify({ error: { type: 'invalid_request_error', code: 'too_many_events', message: 'limit' } }));
    }
    const received = raws.map((raw) => ({ raw, identifier: (JSON.parse(raw) as { identifier: string }).identifier }));
    if (this.poisoned.size > 0 && received.some((e) => this.poisoned.has(e.identifier))) {
      return this.reply(res, 400, JSON.stringify({ error: { type: 'invalid_request_error', code: 'payload_invalid_value', message: 'poisoned event' } }));
    }
    for (const e of received) this.events.push(e);
    this.eventCount += received.length;

    if (this.resetsAfter > 0) {
      this.resetsAfter--;
      req.socket.destroy();
      return;
    }
    if (delayMs !== undefined) {
      setTimeout(() => this.reply(res, 200, '{}'), delayMs);
      return;
    }
    if (this.slowLeft > 0) {
      this.slowLeft--;
      setTimeout(() => this.reply(res, 200, '{}'), this.slowMs);
      return;
    }
    this.reply(res, 200, '{}');
  }
}
