// bench/meter-spool: what durable mode costs. In one run, interleaved rounds of fresh processes:
//   memory  the in-memory stream: `await stream.send(e)` per event to the meter mock (as bench/meter-stream's
//           `stream` contender), through a pass-through wrapper of the client's transport
//   spool   the same, with each event appended to a spool (default fsync policy) before send(), and
//           each batch acknowledged from its body after the 2xx (ackBody): the work the stream's
//           durability seam will do. The integrated stream appends the bytes it already wrote into its
//           queue, so the events' JSON is encoded here before the timed part, into one buffer as the queue holds it.
//   alone   spool append + ack per 100 with no stream and no server: the spool's own ceiling
// Also printed: client CPU per event, steadier than events/s when other work shares the machine.
// Goal (issue 10): spool >= 0.5x memory events/s. Ratio = median of per-round ratios.
// Run: npx tsx bench/meter-spool.ts   Env: ROUNDS (5), EVENTS (150000), WARMUP (30000), PIN (1: taskset)
// Measures dist/ for the stream (run `npm run build` after changing runtime/) and runtime/ for the spool.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY, HOST, eventFactory, nodeCommand, root, startMock } from './meter-stream-events.js';
import { median, report } from './support.js';

type Mode = 'memory' | 'spool' | 'alone';
interface ChildArgs {
  mode: Mode;
  port: number;
  events: number;
  warmup: number;
}
interface ChildResult {
  mode: Mode;
  eventsPerSec: number;
  cpuMs: number;
  sent: number;
}

const rounds = Number(process.env.ROUNDS ?? 5);
const events = Number(process.env.EVENTS ?? 150_000);
const warmup = Number(process.env.WARMUP ?? 30_000);

const EVENT_START = Buffer.from('{"event_name":"');

function countOf(body: Uint8Array, key: Buffer): number {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let n = 0;
  for (let at = buf.indexOf(key); at >= 0; at = buf.indexOf(key, at + key.length)) n++;
  return n;
}

/** Every event's JSON in one buffer (event i at [offs[i], offs[i + 1])), made outside the timed part. */
function encodeAll(make: (i: number) => object, n: number): { bytes: Uint8Array; offs: Float64Array } {
  const utf8 = new TextEncoder();
  const parts = Array.from({ length: n }, (_, i) => utf8.encode(JSON.stringify(make(i))));
  const offs = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) offs[i + 1] = offs[i] + parts[i].length;
  const bytes = new Uint8Array(offs[n]);
  parts.forEach((p, i) => bytes.set(p, offs[i]));
  return { bytes, offs };
}

async function child(a: ChildArgs): Promise<ChildResult> {
  const { openSpool } = await import('../runtime/meter-events/spool/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'bench-spool-'));
  const make = eventFactory(`spool_${a.mode}_${process.pid}`, true);
  try {
    const spool = a.mode === 'memory' ? null : openSpool({ dir }); // default policy: fsync 'interval'
    if (a.mode === 'alone') {
      const wire = encodeAll(make, a.warmup + a.events);
      const run = (from: number, to: number): void => {
        const ids: string[] = [];
        for (let i = from; i < to; i++) {
          const e = make(i);
          spool!.appendOne(e.identifier!, wire.bytes.subarray(wire.offs[i], wire.offs[i + 1]));
          ids.push(e.identifier!);
          if (ids.length === 100) spool!.ack(ids.splice(0));
        }
      };
      run(0, a.warmup);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      run(a.warmup, a.warmup + a.events);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      await spool!.close();
      return { mode: a.mode, eventsPerSec: a.events / (ms / 1000), cpuMs: (cpu.user + cpu.system) / 1000, sent: a.events };
    }
    const { default: Stripe } = await import('stripe-codegen');
    const { MeterEvents } = await import('stripe-codegen/meter-events');
    const stripe = new Stripe(API_KEY, { host: HOST, port: a.port, protocol: 'http' });
    type Transport = ConstructorParameters<typeof MeterEvents>[0];
    const inner = (stripe.meterEvents as unknown as { transport: Transport }).transport;
    const transport: Transport = {
      createSession: (signal) => inner.createSession(signal),
      async sendBatch(body, token, signal) {
        await inner.sendBatch(body, token, signal);
        // Read before the body's buffer is reused. The stream's `sent(count, body)` hook knows the count;
        // here it is counted (one more pass over the body: a little pessimistic).
        if (spool !== null) spool.ackBody(body, countOf(body, EVENT_START));
      },
    };
    const stream = new MeterEvents(transport).stream({ maxEventsPerSecond: Infinity });
    const wire = spool === null ? null : encodeAll(make, a.warmup + a.events);
    const run = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i++) {
        const e = make(i);
        if (wire !== null) spool!.appendOne(e.identifier!, wire.bytes.subarray(wire.offs[i], wire.offs[i + 1]));
        await stream.send(e);
      }
      await stream.flush();
    };
    await run(0, a.warmup);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(a.warmup, a.warmup + a.events);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const closed = await stream.close();
    await stripe.close();
    if (spool !== null && spool.usage().unacked !== 0) throw new Error(`${spool.usage().unacked} events left unacknowledged`);
    await spool?.close();
    return { mode: a.mode, eventsPerSec: a.events / (ms / 1000), cpuMs: (cpu.user + cpu.system) / 1000, sent: closed.sent };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(a: ChildArgs): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(...nodeCommand(['--import', 'tsx', join(root, 'bench', 'meter-spool.ts'), '--child', JSON.stringify(a)], 0), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`${a.mode}: exited with ${code}: ${out.slice(-500)}`));
    });
  });
}

async function main(): Promise<void> {
  const mock = await startMock();
  const results: Record<Mode, ChildResult[]> = { memory: [], spool: [], alone: [] };
  const ratios: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const order: Mode[] = r % 2 === 0 ? ['memory', 'spool'] : ['spool', 'memory'];
      for (const mode of order) results[mode].push(await runChild({ mode, port: mock.port, events, warmup }));
      ratios.push(results.spool[r].eventsPerSec / results.memory[r].eventsPerSec);
      const expected = events + warmup;
      for (const mode of order) if (results[mode][r].sent !== expected) throw new Error(`${mode}: ${results[mode][r].sent} sent, expected ${expected}`);
    }
    results.alone.push(await runChild({ mode: 'alone', port: 0, events, warmup }));
  } finally {
    mock.stop();
  }
  const eps = (v: number): string => `${Math.round(v).toLocaleString('en-US').padStart(9)} events/s`;
  const ratio = median(ratios);
  // Client CPU per event: steadier than wall time on a shared machine (the client is CPU-bound).
  const cpuUs = (r: ChildResult[]): number => median(r.map((x) => (x.cpuMs * 1000) / events));
  report(`meter-spool: ${events} events after ${warmup} warm-up, ${rounds} rounds, load ${loadavg()[0].toFixed(1)}`, [
    ['in-memory stream', `${eps(median(results.memory.map((x) => x.eventsPerSec)))}  (median)`],
    ['stream + spool (fsync interval)', `${eps(median(results.spool.map((x) => x.eventsPerSec)))}  (median)`],
    ['spool alone (append + ack)', eps(results.alone[0].eventsPerSec)],
    ['client CPU per event', `memory ${cpuUs(results.memory).toFixed(2)} µs, spool ${cpuUs(results.spool).toFixed(2)} µs (ratio ${(cpuUs(results.memory) / cpuUs(results.spool)).toFixed(2)}x)`],
    ['per-round ratios', ratios.map((x) => `${x.toFixed(2)}x`).join(' ')],
    ['spool / memory', `${ratio.toFixed(2)}x (goal >= 0.5x: ${ratio >= 0.5 ? 'MET' : 'NOT MET'})`],
  ]);
}

if (process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[3]) as ChildArgs))}\n`);
} else {
  await main();
}
