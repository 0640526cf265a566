// The spool's folder lock: one process per folder, a dead holder's lock taken over at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool, SpoolLockedError } from '../../runtime/meter-events/spool/index.js';
import { spawnSpoolHolder } from '../support/spool-events.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spool-lock-'));
  dirs.push(d);
  return d;
}
const lockOf = (dir: string): string => join(dir, 'spool.lock');
const writeLock = (dir: string, info: object): void => writeFileSync(lockOf(dir), JSON.stringify({ token: 'x', ...info }));

function lockedError(fn: () => unknown): SpoolLockedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SpoolLockedError) return err;
    throw err;
  }
  throw new Error('expected SpoolLockedError');
}

describe('spool lock', () => {
  it('a second spool on the same folder in one process is refused; close() releases the lock', async () => {
    const dir = tempDir();
    const a = Spool.open({ dir });
    const err = lockedError(() => Spool.open({ dir: join(dir, '.') }));
    expect(err.message).toMatch(/in use: already open in this process/);
    expect(err.holder).toEqual({ pid: process.pid, hostname: hostname() });
    expect(err.lockFile).toBe(lockOf(a.dir));
    await a.close();
    expect(existsSync(lockOf(dir))).toBe(false);
    await Spool.open({ dir }).close();
  });

  it('a folder held by another live process is refused, naming its pid; after kill -9 it is taken over at once', async () => {
    const dir = tempDir();
    const holder = await spawnSpoolHolder(dir);
    try {
      const err = lockedError(() => Spool.open({ dir }));
      expect(err.message).toBe(`meter event spool ${dir} is in use: locked by running process ${holder.pid}`);
      expect(err.holder?.pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('close', r));
    }
    const s = Spool.open({ dir }); // no waiting for a staleness timeout
    expect(JSON.parse(readFileSync(lockOf(dir), 'utf8'))).toMatchObject({ pid: process.pid });
    await s.close();
  });

  it('takes over a lock whose pid is gone, or is this very process in an earlier life (a restarted container)', async () => {
    const dir = tempDir();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeLock(dir, { pid: Number(gone), hostname: hostname() });
    await Spool.open({ dir }).close();
    writeLock(dir, { pid: process.pid, hostname: hostname() });
    await Spool.open({ dir }).close();
  });

  it('takes over a lock of a live pid that is another process (pid reused: different start time or boot)', async () => {
    if (!existsSync('/proc/self/stat')) return; // the check needs Linux's /proc
    const dir = tempDir();
    writeLock(dir, { pid: process.ppid, hostname: hostname(), bootId: 'another-boot', startTicks: '1' });
    await Spool.open({ dir }).close();
  });

  it('refuses a lock from another host, and an unreadable lock, with what to do', () => {
    const dir = tempDir();
    writeLock(dir, { pid: 1, hostname: 'elsewhere.example' });
    expect(lockedError(() => Spool.open({ dir })).message).toMatch(/locked by pid 1 on host elsewhere\.example/);
    writeFileSync(lockOf(dir), 'garbage');
    expect(lockedError(() => Spool.open({ dir })).message).toMatch(/unreadable lock file \(remove .*spool\.lock if no process uses the spool\)/);
  });
});
