// bench/meter-stream: the meter-event stream against hand-written senders, in one run.
//   1. events/s through `stream.send()` on this client (`new Stripe(key, {host, port, protocol:'http'})
//      .meterEvents.stream({ maxEventsPerSecond: Infinity })`, built package in generated/dist/) vs
//      (a) a raw undici Pool loop posting the same 100-event JSON batches, 8 in flight,
//      (b) stripe-node by hand: chunks of 100 through v2.billing.meterEventStream.create, 8 in flight,
//          on a stripe-node client whose key is the session token (as Stripe's example does),
//      (c) stripe-node's official example: one event per request, awaited in turn (on a client made
//          once per session; the example makes one per event, which is also measured once).
//      Every contender sends the same events (identifier and timestamp included) to one mock
//      server (test/support/meter-mock-main.ts) in its own process; each contender run is a
//      fresh process (warm-up, then a timed part from the first send to the last
//      acknowledgement); rounds are interleaved with the order rotated, medians reported, ratios
//      as the median of per-round ratios. The server's count of received events is checked.
//      Durable mode runs in the same rounds: the `stream` contender with `spool: { dir }` (default
//      fsync policy 'interval'), goal >= 0.5x the in-memory stream's events/s (issue 10).
//   2. send-to-acknowledge latency per event at a steady 10 000 events/s.
// Run: npm run bench:meter
// Env: ROUNDS (7), EVENTS (300000), WARMUP (60000), EXAMPLE_EVENTS (4000), RATE (10000), LATENCY_SECONDS (3),
//      BUDGET_S (120: no new round starts past it, at least 3 rounds run), PIN (1: client on CPU 0, mock on CPU 1, via taskset). Per-run noise on a shared 2-core
//      machine is about ±10%, so the ratio is the median of per-round ratios over as many rounds as fit.
// Measures generated/dist/: run `npm run generate` after changing runtime/.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { nodeCommand, root, startMock, type MockProcess } from './meter-stream-events.js';
import type { LoadArgs, LoadResult } from './meter-stream-load.js';
import { median, report, staleRuntime } from './support.js';

const rounds = Number(process.env.ROUNDS ?? 7);
const events = Number(process.env.EVENTS ?? 300_000);
const warmup = Number(process.env.WARMUP ?? 60_000);
const exampleEvents = Number(process.env.EXAMPLE_EVENTS ?? 4_000);
const rate = Number(process.env.RATE ?? 10_000);
const latencySeconds = Number(process.env.LATENCY_SECONDS ?? 3);
const budgetS = Number(process.env.BUDGET_S ?? 120);
/** Each contender process must finish within this (the whole bench stays bounded). */
const CHILD_TIMEOUT_MS = 30_000;

const x = (v: number): string => `${v.toFixed(2)}x`;
const eps = (v: number): string => `${Math.round(v).toLocaleString('en-US').padStart(9)} events/s`;
const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');

if (!existsSync(join(root, 'generated', 'dist', 'esm', 'index.js'))) {
  process.stderr.write('generated/dist/ is missing: run `npm run generate` first.\n');
  process.exit(1);
}
// runtime/ sources changed since the last build (the build bundles the package's copy of runtime/).
const stale = staleRuntime(root);
if (stale.length > 0) process.stdout.write(`WARNING: dist/ is older than ${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', ...' : ''}: run \`npm run generate\`; measuring the stale build.\n`);

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

function runChild(args: LoadArgs): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(...nodeCommand(['--import', 'tsx', join(root, 'bench', 'meter-stream-load.ts'), JSON.stringify(args)], 0), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as LoadResult);
      else reject(new Error(`${args.contender}: exited with ${signal ?? code}${signal === 'SIGKILL' ? ` (over ${CHILD_TIMEOUT_MS} ms)` : ''}; output: ${out.slice(-500)}`));
    });
  });
}

interface Contender {
  name: LoadArgs['contender'];
  label: string;
  events: number;
  warmup: number;
  results: LoadResult[];
  /** Server CPU per received event (µs), per round. */
  serverUs: number[];
}

const contenders: Contender[] = [
  { name: 'stream', label: 'this client: stream.send(), same events', events, warmup, results: [], serverUs: [] },
  { name: 'undici-pool', label: '(a) raw undici Pool loop, 100/POST, 8 in flight', events, warmup, results: [], serverUs: [] },
  { name: 'node-batch', label: '(b) stripe-node by hand, 100/call, 8 in flight', events, warmup, results: [], serverUs: [] },
  { name: 'node-example', label: "(c) stripe-node's example, 1/call, in turn", events: exampleEvents, warmup: Math.round(exampleEvents / 8), results: [], serverUs: [] },
  { name: 'stream-auto', label: 'this client, identifier/timestamp left to the stream', events, warmup, results: [], serverUs: [] },
  { name: 'stream-spool', label: "this client, durable: spool: { dir } (fsync 'interval')", events, warmup, results: [], serverUs: [] },
];

const load0 = loadavg()[0];
const t0 = performance.now();
let mock: MockProcess | undefined;
let latency: LoadResult | undefined;
let literal: LoadResult | undefined;
const problems: string[] = [];
const notes: string[] = [];
try {
  mock = await startMock();
  for (let r = 0; r < rounds; r++) {
    const elapsed = (performance.now() - t0) / 1000;
    if (r >= 3 && elapsed + elapsed / r > budgetS) {
      notes.push(`time budget (BUDGET_S=${budgetS}) reached: ran ${r} of ${rounds} rounds`);
      break;
    }
    for (let j = 0; j < contenders.length; j++) {
      const c = contenders[(r + j) % contenders.length];
      const before = await mock.stats();
      const res = await runChild({ contender: c.name, port: mock.port, events: c.events, warmup: c.warmup });
      const after = await mock.stats();
      const received = after.eventCount - before.eventCount;
      if (received !== c.events + c.warmup) problems.push(`${c.name} round ${r + 1}: server received ${received} events, expected ${c.events + c.warmup}`);
      if (res.errors > 0) problems.push(`${c.name} round ${r + 1}: ${res.errors} errors (first: ${res.firstError})`);
      c.results.push(res);
      c.serverUs.push(((after.cpuMs - before.cpuMs) * 1000) / Math.max(1, received));
    }
  }
  literal = await runChild({ contender: 'node-example-literal', port: mock.port, events: Math.round(exampleEvents / 2), warmup: Math.round(exampleEvents / 16) });
  if (literal.errors > 0) problems.push(`node-example-literal: ${literal.errors} errors (first: ${literal.firstError})`);
  const before = await mock.stats();
  latency = await runChild({ contender: 'latency', port: mock.port, events: 0, warmup: 0, rate, seconds: latencySeconds, warmupSeconds: 1 });
  const after = await mock.stats();
  const expected = Math.round(rate * latencySeconds) + Math.round(rate);
  if (after.eventCount - before.eventCount !== expected) problems.push(`latency: server received ${after.eventCount - before.eventCount} events, expected ${expected}`);
  if (latency.errors > 0) problems.push(`latency: ${latency.errors} errors (first: ${latency.firstError})`);
} finally {
  mock?.stop();
}
const elapsedS = (performance.now() - t0) / 1000;

const byName = (n: LoadArgs['contender']): Contender => contenders.find((c) => c.name === n)!;
const medEps = (c: Contender): number => median(c.results.map((r) => r.eventsPerSec));
/** Median over rounds of stream/other within the same round. */
const roundRatios = (other: LoadArgs['contender'], base: LoadArgs['contender'] = 'stream'): number[] => {
  const s = byName(base).results;
  const o = byName(other).results;
  return s.map((r, i) => r.eventsPerSec / o[i].eventsPerSec);
};
const ratio = (other: LoadArgs['contender']): number => median(roundRatios(other));
/** Every round's ratio, lowest first: how far the verdict is from the goal. */
const spread = (other: LoadArgs['contender']): string => `rounds ${roundRatios(other).sort((p, q) => p - q).map((v) => v.toFixed(2)).join(' ')}`;

const rows: [string, string][] = [];
const roundsRun = byName('stream').results.length;
rows.push(['setup', `node ${process.version}, undici ${versionOf('undici')}, stripe-node ${versionOf('stripe')}; ${process.env.PIN === '1' ? 'client pinned to CPU 0, mock to CPU 1; ' : ''}${roundsRun} rounds, ${events.toLocaleString('en-US')} events timed after ${warmup.toLocaleString('en-US')} warm-up (example: ${exampleEvents.toLocaleString('en-US')}); load average at start ${load0.toFixed(2)}`]);
for (const c of contenders) {
  const all = c.results.map((r) => r.eventsPerSec);
  const cpuUs = median(c.results.map((r) => (r.cpuMs * 1000) / r.events));
  rows.push([
    c.label,
    `${eps(medEps(c))}  [rounds ${Math.round(Math.min(...all)).toLocaleString('en-US')}..${Math.round(Math.max(...all)).toLocaleString('en-US')}]  client CPU ${cpuUs.toFixed(2)} us/event, server CPU ${median(c.serverUs).toFixed(2)} us/event`,
  ]);
}
if (literal) {
  rows.push([
    "    the example as written (a client per event)",
    `${eps(literal.eventsPerSec)}  (one run; client CPU ${((literal.cpuMs * 1000) / literal.events).toFixed(0)} us/event; stream is ${(medEps(byName('stream')) / literal.eventsPerSec).toFixed(0)}x this)`,
  ]);
}
const ra = ratio('undici-pool');
const rb = ratio('node-batch');
const rc = ratio('node-example');
rows.push(['stream / (a) raw undici pool (goal >= 0.90x)', `${x(ra)}  ${verdict(ra >= 0.9)}  (ratio of medians ${x(medEps(byName('stream')) / medEps(byName('undici-pool')))}; ${spread('undici-pool')})`]);
rows.push(['stream / (b) stripe-node by hand (goal >= 0.90x)', `${x(rb)}  ${verdict(rb >= 0.9)}  (ratio of medians ${x(medEps(byName('stream')) / medEps(byName('node-batch')))})`]);
rows.push(["stream / (c) stripe-node's example (goal >= 40x)", `${rc.toFixed(1)}x  ${verdict(rc >= 40)}  (ratio of medians ${(medEps(byName('stream')) / medEps(byName('node-example'))).toFixed(1)}x)`]);
const spoolRatios = roundRatios('stream', 'stream-spool');
const rs = median(spoolRatios);
rows.push([
  "durable: spool / in-memory stream (goal >= 0.50x)",
  `${x(rs)}  ${verdict(rs >= 0.5)}  (ratio of medians ${x(medEps(byName('stream-spool')) / medEps(byName('stream')))}; rounds ${spoolRatios.sort((p, q) => p - q).map((v) => v.toFixed(2)).join(' ')})`,
]);
const s = byName('stream').results.at(-1)?.stats;
if (s) rows.push(['stream stats (last round)', `batches ${String(s.batches)}, mean size ${String(s.meanBatch)}, retries ${String(s.retried)}, session refreshes ${String(s.sessionRefreshes)}, request p50 ${Number(s.requestP50Ms).toFixed(2)} ms, p99 ${Number(s.requestP99Ms).toFixed(2)} ms`]);
if (latency?.latency) {
  const l = latency.latency;
  rows.push([
    `send-to-acknowledge at ${rate.toLocaleString('en-US')} events/s`,
    `p50 ${l.p50.toFixed(2)} ms  p90 ${l.p90.toFixed(2)} ms  p99 ${l.p99.toFixed(2)} ms  max ${l.max.toFixed(2)} ms  (${l.count.toLocaleString('en-US')} events over ${latencySeconds} s at ${Math.round(l.rate).toLocaleString('en-US')}/s; default lingerMs 100, full batches of 100 leave at once)`,
  ]);
}
rows.push(['checks', problems.length === 0 ? 'every run delivered every event; no errors' : `${problems.length} problem(s): ${problems.join('; ')}`]);
rows.push(['bench wall time', `${elapsedS.toFixed(1)} s${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`]);
report('meter-stream', rows);
if (problems.length > 0) process.exitCode = 1;
