// bench/meter-spool: what durable mode costs. In one run, interleaved rounds of fresh processes:
//   memory  the in-memory stream: `await stream.send(e)` per event to the meter mock (as bench/meter-stream's
//           `stream` contender), through a pass-through wrapper of the client's transport
//   spool   the same, with each event appended to a spool (default fsync policy) before send(), and
//           each batch acknowledged from its body after the 2xx (ackBody): the work the stream's
//           durability seam will do. Pessimistic: the event's JSON is made a second time here (JSON.stringify),
//           where the integrated stream copies the bytes it already wrote.
//   alone   spool append + ack per 100 with no stream and no server: the spool's own ceiling
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

async function child(a: ChildArgs): Promise<ChildResult> {
  const { openSpool } = await import('../runtime/meter-events/spool/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'bench-spool-'));
  const utf8 = new TextEncoder();
  const make = eventFactory(`spool_${a.mode}_${process.pid}`, true);
  try {
    const spool = a.mode === 'memory' ? null : openSpool({ dir }); // default policy: fsync 'interval'
    if (a.mode === 'alone') {
      const run = (from: number, to: number): void => {
        const ids: string[] = [];
        for (let i = from; i < to; i++) {
          const e = make(i);
          spool!.appendOne(e.identifier!, utf8.encode(JSON.stringify(e)));
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
        spool?.ackBody(body); // read before the body's buffer is reused
      },
    };
    const stream = new MeterEvents(transport).stream({ maxEventsPerSecond: Infinity });
    const run = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i++) {
        const e = make(i);
        if (spool !== null) spool.appendOne(e.identifier!, utf8.encode(JSON.stringify(e)));
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
  report(`meter-spool: ${events} events after ${warmup} warm-up, ${rounds} rounds, load ${loadavg()[0].toFixed(1)}`, [
    ['in-memory stream', `${eps(median(results.memory.map((x) => x.eventsPerSec)))}  (median)`],
    ['stream + spool (fsync interval)', `${eps(median(results.spool.map((x) => x.eventsPerSec)))}  (median)`],
    ['spool alone (append + ack)', eps(results.alone[0].eventsPerSec)],
    ['per-round ratios', ratios.map((x) => `${x.toFixed(2)}x`).join(' ')],
    ['spool / memory', `${ratio.toFixed(2)}x (goal >= 0.5x: ${ratio >= 0.5 ? 'MET' : 'NOT MET'})`],
  ]);
}

if (process.argv[2] === '--child') {
  process.stdout.write(`${JSON.stringify(await child(JSON.parse(process.argv[3]) as ChildArgs))}\n`);
} else {
  await main();
}
