// One contender of bench/meter-stream, in its own process: sends `warmup` events,
// then `events` more, timing the second part from the first send until the last
// event is acknowledged (2xx). Prints one JSON line (LoadResult) on stdout.
// Started by bench/meter-stream.ts as:
//   node --import tsx bench/meter-stream-load.ts '<LoadArgs as JSON>'
// Contenders:
//   stream        this client: `new Stripe(key, {host, port, protocol}).meterEvents.stream()`, `await stream.send(e)` per event
//   stream-auto   the same, but events leave identifier/timestamp for the stream to fill in
//   stream-spool  `stream` in durable mode: `spool: { dir }` in a fresh temp folder, default fsync policy ('interval')
//   undici-pool   (a) raw undici Pool loop: JSON.stringify 100 events per POST, 8 in flight
//   node-batch    (b) stripe-node by hand: chunks of 100 through v2.billing.meterEventStream.create, 8 in flight,
//                     on a stripe-node client whose key is the session token
//   node-example  (c) stripe-node's official example: one event per request, awaited in turn, on a client
//                     made once per session (the example makes one per event: node-example-literal)
//   latency       this client at a steady `rate` events/s for `seconds`: send-to-acknowledge latency per event

import { API_KEY, HOST, SESSION_PATH, STREAM_PATH, eventFactory, type BenchEvent } from './meter-stream-events.js';

export interface LoadArgs {
  contender: 'stream' | 'stream-auto' | 'stream-spool' | 'undici-pool' | 'node-batch' | 'node-example' | 'node-example-literal' | 'latency';
  port: number;
  events: number;
  warmup: number;
  /** latency mode */
  rate?: number;
  seconds?: number;
  warmupSeconds?: number;
}

export interface LoadResult {
  contender: string;
  events: number;
  elapsedMs: number;
  eventsPerSec: number;
  cpuMs: number;
  errors: number;
  firstError?: string;
  /** latency mode: send-to-acknowledge per event (ms) */
  latency?: { count: number; p50: number; p90: number; p99: number; max: number; rate: number };
  /** the stream's own stats after close (stream contenders) */
  stats?: Record<string, unknown>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as LoadArgs;
const { port } = args;
const origin = `http://${HOST}:${port}`;
const BATCH = 100;
const IN_FLIGHT = 8;
const runId = `${args.contender}_${process.pid}`;

let errors = 0;
let firstError: string | undefined;
const noteError = (e: unknown): void => {
  errors++;
  firstError ??= e instanceof Error ? `${e.name}: ${e.message}` : String(e);
};

/** Runs `fn(from, to)` on `[0, warmup)` then times it on `[warmup, warmup + events)`. */
async function timed(fn: (from: number, to: number) => Promise<void>): Promise<{ elapsedMs: number; cpuMs: number }> {
  if (args.warmup > 0) await fn(0, args.warmup);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn(args.warmup, args.warmup + args.events);
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** `IN_FLIGHT` workers each taking the next chunk of up to 100 events from [from, to). */
async function chunked(from: number, to: number, post: (events: BenchEvent[]) => Promise<void>, make: (i: number) => BenchEvent): Promise<void> {
  let next = from;
  const worker = async (): Promise<void> => {
    while (next < to) {
      const start = next;
      const end = Math.min(to, start + BATCH);
      next = end;
      const events = new Array<BenchEvent>(end - start);
      for (let i = start; i < end; i++) events[i - start] = make(i);
      try {
        await post(events);
      } catch (e) {
        noteError(e);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** `IN_FLIGHT` workers posting chunks of 100 complete events through `post`, timed. */
function timedChunks(post: (events: BenchEvent[]) => Promise<void>): Promise<{ elapsedMs: number; cpuMs: number }> {
  const make = eventFactory(runId, true);
  return timed((from, to) => chunked(from, to, post, make));
}

function result(t: { elapsedMs: number; cpuMs: number }): LoadResult {
  return { contender: args.contender, events: args.events, ...t, eventsPerSec: args.events / (t.elapsedMs / 1000), errors, firstError };
}

async function runStream(complete: boolean, spool = false): Promise<LoadResult> {
  const { default: Stripe } = await import('../generated/dist/esm/index.js');
  const stripe = new Stripe(API_KEY, { host: HOST, port, protocol: 'http' });
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = spool ? mkdtempSync(join(tmpdir(), 'bench-spool-')) : undefined;
  const stream = stripe.meterEvents.stream({ maxEventsPerSecond: Infinity, onError: noteError, ...(dir ? { spool: { dir } } : {}) });
  const make = eventFactory(runId, complete);
  const t = await timed(async (from, to) => {
    // What a producer loop looks like: await each send (backpressure), then flush.
    for (let i = from; i < to; i++) await stream.send(make(i));
    await stream.flush();
  });
  const closed = await stream.close();
  const stats = stream.stats();
  await stripe.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (closed.sent !== args.warmup + args.events) noteError(new Error(`stream reports ${closed.sent} sent, expected ${args.warmup + args.events}`));
  return {
    contender: args.contender,
    events: args.events,
    ...t,
    eventsPerSec: args.events / (t.elapsedMs / 1000),
    errors,
    firstError,
    stats: {
      batches: stats.batches.count,
      meanBatch: Number(stats.batches.meanSize.toFixed(1)),
      retried: stats.retried,
      sessionRefreshes: stats.sessionRefreshes,
      requestP50Ms: stats.latencyMs.p50,
      requestP99Ms: stats.latencyMs.p99,
    },
  };
}

async function runPool(): Promise<LoadResult> {
  const { Pool } = await import('undici');
  const pool = new Pool(origin, { connections: 16, pipelining: 1 });
  const sessionRes = await pool.request({
    method: 'POST',
    path: SESSION_PATH,
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const token = ((await sessionRes.body.json()) as { authentication_token: string }).authentication_token;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const t = await timedChunks(async (events) => {
    const res = await pool.request({ method: 'POST', path: STREAM_PATH, headers, body: JSON.stringify({ events }) });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
  });
  await pool.close();
  return result(t);
}

async function runNodeBatch(): Promise<LoadResult> {
  const { default: StripeNode } = await import('stripe');
  const config = { host: HOST, port, protocol: 'http' as const };
  const session = await new StripeNode(API_KEY, config).v2.billing.meterEventSession.create();
  // As in Stripe's example: a client whose key is the session token.
  const client = new StripeNode(session.authentication_token, config);
  const t = await timedChunks(async (events) => {
    await client.v2.billing.meterEventStream.create({ events });
  });
  return result(t);
}

async function runNodeExample(literal: boolean): Promise<LoadResult> {
  // stripe-node's examples/snippets/meter_event_stream.ts in shape: refresh the session when it
  // has expired, then send one event with a client keyed by the session token. The example
  // builds that client for every event (literal); by default it is built once per session,
  // which is kinder to stripe-node (a client costs it ~0.3 ms of CPU).
  // (The example compares `expires_at * 1000`; v2 dates are ISO strings, so we parse them.)
  const { default: StripeNode } = await import('stripe');
  const config = { host: HOST, port, protocol: 'http' as const };
  let meterEventSession: { authentication_token: string; expires_at: string } | null = null;
  let sessionClient: InstanceType<typeof StripeNode> | null = null;
  async function refreshMeterEventSession(): Promise<void> {
    if (meterEventSession === null || new Date(meterEventSession.expires_at) <= new Date()) {
      const client = new StripeNode(API_KEY, config);
      meterEventSession = await client.v2.billing.meterEventSession.create();
      sessionClient = new StripeNode(meterEventSession.authentication_token, config);
    }
  }
  async function sendMeterEvent(meterEvent: BenchEvent): Promise<void> {
    await refreshMeterEventSession();
    const client = literal ? new StripeNode(meterEventSession!.authentication_token, config) : sessionClient!;
    await client.v2.billing.meterEventStream.create({ events: [meterEvent] });
  }
  const make = eventFactory(runId, true);
  const t = await timed(async (from, to) => {
    for (let i = from; i < to; i++) {
      try {
        await sendMeterEvent(make(i));
      } catch (e) {
        noteError(e);
      }
    }
  });
  return result(t);
}

async function runLatency(): Promise<LoadResult> {
  const { default: Stripe } = await import('../generated/dist/esm/index.js');
  // The client's own default transport, wrapped to note when each batch is acknowledged.
  const { UndiciTransport } = await import('../generated/dist/esm/runtime/transport/undici.js');
  const inner = new UndiciTransport();
  const rate = args.rate ?? 10_000;
  const warmupN = Math.round(rate * (args.warmupSeconds ?? 1));
  const measureN = Math.round(rate * (args.seconds ?? 3));
  const total = warmupN + measureN;
  const sentAt = new Float64Array(total);
  const latencies: number[] = [];
  const idRe = /"identifier":"[^"]*_(\d+)"/g;
  type Transport = import('../generated/dist/esm/index.js').Transport;
  const transport: Transport = {
    async request(req) {
      const res = await inner.request(req);
      if (req.path === STREAM_PATH && res.statusCode >= 200 && res.statusCode < 300) {
        const now = performance.now();
        const body = typeof req.body === 'string' ? req.body : new TextDecoder().decode(req.body);
        for (const m of body.matchAll(idRe)) {
          const i = Number(m[1]);
          if (i >= warmupN) latencies.push(now - sentAt[i]);
        }
      }
      return res;
    },
    close: () => inner.close(),
  };
  const stripe = new Stripe(API_KEY, { host: HOST, port, protocol: 'http', httpClient: transport });
  const stream = stripe.meterEvents.stream({ maxEventsPerSecond: Infinity, onError: noteError });
  const make = eventFactory(runId, true);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let i = 0;
  let measureStart = 0;
  // Steady rate: each ~1 ms tick sends the events that are due by now.
  while (i < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - t0) * rate) / 1000));
    for (; i < due; i++) {
      if (i === warmupN) measureStart = performance.now();
      sentAt[i] = performance.now();
      await stream.send(make(i));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const sendEnd = performance.now();
  await stream.flush();
  const cpu = process.cpuUsage(cpu0);
  await stream.close();
  await stripe.close();
  latencies.sort((a, b) => a - b);
  const at = (p: number): number => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? NaN;
  if (latencies.length !== measureN) noteError(new Error(`${latencies.length} acknowledged of ${measureN}`));
  return {
    contender: args.contender,
    events: measureN,
    elapsedMs: sendEnd - measureStart,
    eventsPerSec: measureN / ((sendEnd - measureStart) / 1000),
    cpuMs: (cpu.user + cpu.system) / 1000,
    errors,
    firstError,
    latency: { count: latencies.length, p50: at(50), p90: at(90), p99: at(99), max: latencies[latencies.length - 1] ?? NaN, rate: measureN / ((sendEnd - measureStart) / 1000) },
  };
}

const runners: Record<LoadArgs['contender'], () => Promise<LoadResult>> = {
  stream: () => runStream(true),
  'stream-auto': () => runStream(false),
  'stream-spool': () => runStream(true, true),
  'undici-pool': runPool,
  'node-batch': runNodeBatch,
  'node-example': () => runNodeExample(false),
  'node-example-literal': () => runNodeExample(true),
  latency: runLatency,
};
const run = runners[args.contender];
if (!run) throw new Error(`unknown contender ${String(args.contender)}`);
const outcome = await run();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.exit(0);
