// Crash test of durable mode: a child appends 50 000 events through the spool as the stream would
// (one per send(), batches of 100 acknowledged out of order), is SIGKILLed mid-stream, and a new
// process opens the same folder. What it recovers plus what was acknowledged must be exactly what
// was appended, byte for byte: nothing lost, nothing invented, nothing acknowledged sent again.
// When the stream is wired to the spool, the child sends through stream.send() to a local server
// and the recovering process opens a stream on the folder; `appended` and `verify` stay as they are.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH, spoolEvent, spoolId } from '../support/spool-events.js';
import { repoRoot } from '../support/paths.js';

const TOTAL = 50_000;
const dir = mkdtempSync(join(tmpdir(), 'spool-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  lines: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
}

/** Runs the child in `mode`; `killOn` SIGKILLs it as soon as it prints that line. */
function child(args: string[], killOn?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'spool-child.ts'), ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    let rest = '';
    proc.stdout.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line === killOn) proc.kill('SIGKILL');
      }
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolve({ lines, code, signal }));
  });
}

describe('spool crash recovery', () => {
  it('after SIGKILL mid-stream, recovered + acknowledged = appended, byte for byte, in order', async () => {
    const produced = await child(['produce', dir, String(TOTAL)], 'HALF');
    expect(produced.signal).toBe('SIGKILL');
    expect(produced.lines).not.toContain('DONE'); // killed mid-stream, not after the end
    const appended = Math.max(...produced.lines.filter((l) => l.startsWith('A ')).map((l) => Number(l.slice(2))));
    expect(appended).toBeGreaterThanOrEqual(TOTAL / 2);
    const ackIntended = new Set(produced.lines.filter((l) => l.startsWith('k ')).map((l) => Number(l.slice(2))));
    const ackDone = new Set(produced.lines.filter((l) => l.startsWith('K ')).map((l) => Number(l.slice(2))));
    expect(ackDone.size).toBeGreaterThan(100);

    // A new process: takes over the dead child's lock, reads the folder.
    const out = join(dir, 'recovered.jsonl');
    const recovered = await child(['recover', dir, out]);
    expect(recovered.code).toBe(0);
    // A kill inside a write() that spans two pages can leave a torn last record (never acknowledged
    // to its caller, so not "appended"): it may be reported, as a truncated tail and nothing else.
    const corrupt = recovered.lines.filter((l) => l.startsWith('CORRUPT'));
    expect(corrupt.length).toBeLessThanOrEqual(1);
    for (const c of corrupt) expect(c).toMatch(/truncated/);
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const ids = lines.map((l) => (JSON.parse(l) as { identifier: string }).identifier);

    // In order, each the exact bytes appended, no duplicates.
    const index = ids.map((id) => Number(/^evt-(\d+)-ïd$/.exec(id)?.[1] ?? NaN));
    lines.forEach((line, k) => expect(line).toBe(spoolEvent(index[k])));
    for (let k = 1; k < index.length; k++) expect(index[k]).toBeGreaterThan(index[k - 1]);

    // Acknowledged batches are not resent.
    for (const i of index) expect(ackDone.has(Math.floor(i / BATCH))).toBe(false);

    // Recovered plus acknowledged is exactly [0, N) for the N the child reached (at least what it reported):
    // every appended event is somewhere, nothing else is.
    const union = new Set(index);
    for (const b of ackIntended) for (let i = b * BATCH; i < (b + 1) * BATCH; i++) union.add(i);
    const n = union.size;
    expect(n).toBeGreaterThanOrEqual(appended);
    expect(n).toBeLessThan(TOTAL);
    for (let i = 0; i < n; i++) if (!union.has(i)) expect.fail(`event ${spoolId(i)} was appended but is neither recovered nor acknowledged`);
    expect(existsSync(join(dir, 'spool.lock'))).toBe(false); // released by the recovering process
  }, 60_000);

  it('a script that ends without close() exits on its own, and its events are recovered', async () => {
    const folder = join(dir, 'noclose');
    const run = await child(['noclose', folder]);
    expect(run).toMatchObject({ code: 0, lines: ['appended'] });
    const out = join(folder, 'recovered.jsonl');
    expect((await child(['recover', folder, out])).code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')).toEqual(Array.from({ length: 10 }, (_, i) => spoolEvent(i)));
  }, 30_000);
});
