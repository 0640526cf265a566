// Offering 1 000 000 events to a server that never answers keeps the queue at
// its bound and memory under 100 MB above the baseline. Runs in child
// processes with --expose-gc so heap numbers are measured after a real gc.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const MB = 1024 * 1024;

interface Report {
  before: { heap: number; rss: number };
  after: { heap: number; rss: number };
  accepted: number;
  refused: number;
  undelivered: number;
  queueDepth: number;
  inFlight: number;
  dropped: Record<string, number>;
  rejected: Record<string, number>;
}

async function child(mode: string): Promise<Report> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/support/meter-mock-memory-child.ts', mode], {
    cwd: root,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Report;
}

describe('memory under a black-hole server', () => {
  it('stays bounded for trySend, send+reject and send+dropNewest', { timeout: 90_000 }, async () => {
    const reports = await Promise.all(['trySend', 'reject', 'dropNewest'].map(child));
    for (const r of reports) {
      expect(r.queueDepth).toBe(100_000);
      expect(r.inFlight).toBeLessThanOrEqual(800);
      expect(r.after.heap - r.before.heap).toBeLessThan(100 * MB);
      expect(r.after.rss - r.before.rss).toBeLessThan(100 * MB);
    }
    const [trySend, reject, dropNewest] = reports;
    expect(trySend.accepted + trySend.refused).toBe(1_000_000);
    expect(trySend.rejected.queue_full).toBe(trySend.refused);
    expect(reject.rejected.queue_full).toBe(reject.refused);
    expect(reject.accepted).toBe(100_800);
    // Every drop is counted and reported.
    expect(dropNewest.dropped.dropped_newest).toBe(1_000_000 - 100_800);
    expect(dropNewest.undelivered).toBe(dropNewest.dropped.dropped_newest);
  });
});
