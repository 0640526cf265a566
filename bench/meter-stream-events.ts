// Shared pieces of bench/meter-stream and bench/demo-meter: the event every
// contender sends, the mock server process (test/support/meter-mock-main.ts)
// and its control routes.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const HOST = '127.0.0.1';
export const API_KEY = 'sk_test_bench_0123456789abcdef';
export const STREAM_PATH = '/v2/billing/meter_event_stream';
export const SESSION_PATH = '/v2/billing/meter_event_session';

export interface BenchEvent {
  event_name: string;
  payload: { stripe_customer_id: string; value: string };
  identifier?: string;
  timestamp?: string;
}

/**
 * Event `i` of a run. `complete` events carry identifier and timestamp, so every
 * contender puts the same bytes on the wire; without them the stream fills both
 * in at send() (a UUID and the enqueue time), as it does for most callers.
 */
export function eventFactory(runId: string, complete: boolean): (i: number) => BenchEvent {
  // 1 000 distinct timestamps over the last second, so no contender gains from repeats.
  const start = Date.now() - 1000;
  const stamps = Array.from({ length: 1000 }, (_, k) => new Date(start + k).toISOString());
  return complete
    ? (i) => ({
        event_name: 'api_requests',
        payload: { stripe_customer_id: `cus_${i % 1000}`, value: String((i % 100) + 1) },
        identifier: `${runId}_${i}`,
        timestamp: stamps[i % 1000],
      })
    : (i) => ({ event_name: 'api_requests', payload: { stripe_customer_id: `cus_${i % 1000}`, value: String((i % 100) + 1) } });
}

export interface MockProcess {
  proc: ChildProcess;
  port: number;
  origin: string;
  stats(): Promise<MockStats>;
  control(route: string): Promise<void>;
  stop(): void;
}

export interface MockStats {
  eventCount: number;
  /** With `--record raw` only. */
  distinctEvents?: number;
  streamRequests: number;
  sessionsCreated: number;
  statusCounts: Record<string, number>;
  cpuMs: number;
}

/**
 * `[command, args]` running Node with `args`, pinned to CPU `cpu` with taskset when PIN=1 (Linux).
 * Pinned, the client's own GC threads share its core instead of spilling onto the server's, so
 * its whole CPU cost shows in its throughput, and runs vary far less on a shared machine.
 */
export function nodeCommand(args: string[], cpu: number): [string, string[]] {
  return process.env.PIN === '1' ? ['taskset', ['-c', String(cpu), process.execPath, ...args]] : [process.execPath, args];
}

/** Starts the meter-event mock in its own process and resolves once it listens. It exits when this process does (stdin pipe). */
export function startMock(args: string[] = []): Promise<MockProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(...nodeCommand(['--import', 'tsx', join(root, 'test', 'support', 'meter-mock-main.ts'), '--quiet', '--exit-on-stdin-close', ...args], 1), {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (!m) return;
      proc.stdout!.off('data', onData);
      proc.off('exit', onExit);
      const port = Number(m[1]);
      const origin = `http://${HOST}:${port}`;
      resolve({
        proc,
        port,
        origin,
        async stats() {
          return (await (await fetch(`${origin}/__mock/stats`)).json()) as MockStats;
        },
        async control(route) {
          const res = await fetch(`${origin}/__mock/${route}`, { method: 'POST' });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`mock control ${route}: HTTP ${res.status}`);
        },
        stop() {
          if (proc.exitCode === null) proc.kill('SIGTERM');
        },
      });
    };
    const onExit = (code: number | null): void => reject(new Error(`meter mock exited (${code}) before listening`));
    proc.stdout!.on('data', onData);
    proc.on('exit', onExit);
  });
}
