// Shared by the spool tests: the crash test's events, rebuilt byte for byte by the parent from their index, and a lock-holding child.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot } from './paths.js';

export const spoolId = (i: number): string => `evt-${i}-ïd`;

/** The wall clock the children pass to their streams: five minutes after the events' timestamp. */
export const SPOOL_WALL = Date.parse('2026-01-01T00:05:00.000Z');

/** Event i, with non-ASCII text so that byte-exactness means something; key order as the stream writes it. */
export function spoolEvent(i: number): string {
  return JSON.stringify({
    event_name: 'api_call',
    payload: {
      stripe_customer_id: `cus_${i % 977}`,
      value: String(i),
      region: i % 3 === 0 ? 'zürich ✓' : 'oslo',
    },
    identifier: spoolId(i),
    timestamp: '2026-01-01T00:00:00.000Z',
  });
}

/** A child process that holds the spool lock on `dir` (spool-child.ts 'hold'), resolved once it has it. */
export async function spawnSpoolHolder(dir: string): Promise<ChildProcessByStdio<null, Readable, null>> {
  const holder = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'spool-child.ts'), 'hold', dir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    holder.on('exit', () => reject(new Error('holder exited early')));
  });
  return holder;
}
