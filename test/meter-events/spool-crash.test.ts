// Crash test of durable mode (issue 10, must-show 2), through the generated client and a real local
// HTTP server: a child streams 50 000 events with `spool: { dir }`, printing each index once its
// `await send()` resolved (to a file, with blocking writes), and is SIGKILLed mid-stream; a new process opens a stream on the same folder
// and closes it. The server must then hold exactly the events the first process accepted, byte for byte.
//
// One event can be in doubt: the one whose send() was running at the kill. If its append reached the
// log, it was accepted though its index never got printed, and it is delivered; if the kill tore its
// record, it is reported as a truncated tail and skipped. So the server's set is the printed set,
// plus at most that one next event.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Spool } from '../../runtime/meter-events/spool/index.js';
import { requireGenerated } from '../support/built.js';
import { MeterMock } from '../support/meter-mock.js';
import { repoRoot } from '../support/paths.js';
import { spoolEvent, spoolId } from '../support/spool-events.js';

requireGenerated();
const TOTAL = 50_000;
const dir = mkdtempSync(join(tmpdir(), 'spool-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  lines: string[];
  signal: NodeJS.Signals | null;
  code: number | null;
}

/** Runs the child; `killOn` SIGKILLs it as soon as it prints that line. */
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

describe('durable mode: SIGKILL mid-stream', () => {
  it('a new process on the same spool delivers the rest: the server has exactly the accepted events, byte for byte', async () => {
    const mock = await MeterMock.start();
    try {
      const log = join(dir, '..', `${dir.split('/').pop()}.accepted`);
      const produced = await child(['produce', dir, String(mock.port), String(TOTAL), log], 'HALF');
      expect(produced.signal).toBe('SIGKILL');
      expect(produced.lines).not.toContain('DONE'); // killed mid-stream, not after the end
      const printed = readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number);
      rmSync(log);
      printed.forEach((v, k) => expect(v).toBe(k)); // sends are awaited one by one: accepted = 0..n-1
      const accepted = printed.length;
      expect(accepted).toBeGreaterThanOrEqual(TOTAL / 2);
      const before = mock.identifiers().size;
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(accepted); // some accepted events had not been delivered at the kill

      const recovered = await child(['recover', dir, String(mock.port)]);
      expect(recovered.code).toBe(0);
      const errors = recovered.lines.filter((l) => l.startsWith('ERROR'));
      expect(errors.length).toBeLessThanOrEqual(1);
      for (const e of errors) expect(e).toMatch(/truncated/);
      expect(recovered.lines.at(-1)).toMatch(/^RECOVERED \d+ pending 0$/);

      const ids = mock.identifiers();
      const want = new Set(Array.from({ length: accepted }, (_, i) => spoolId(i)));
      if (ids.has(spoolId(accepted))) want.add(spoolId(accepted)); // the one in doubt (see above)
      expect(ids.size).toBe(want.size);
      expect([...ids].filter((id) => !want.has(id))).toEqual([]);
      // Every copy the server received (resends included) is the exact JSON accepted.
      const raw = mock.rawByIdentifier();
      for (let i = 0; i < want.size; i++) for (const copy of raw.get(spoolId(i))!) if (copy !== spoolEvent(i)) expect.fail(`event ${i} changed: ${copy}`);

      // The recovering stream acknowledged everything and released the lock: nothing left to send.
      const after = Spool.open({ dir });
      expect([...after.recovered()]).toEqual([]);
      await after.close();
    } finally {
      await mock.close();
    }
  }, 90_000);
});
