// One process per spool folder: a lock file created atomically (written to a
// temporary name, then hard-linked to `spool.lock`, so it never exists half
// written), recording who holds it. A lock whose holder is gone is taken over
// at once, which matters after `kill -9`: the restarted process must not wait.
// "Gone" is decided by the kernel, not by a timeout: the pid does not exist, or
// it exists but is another process (Linux: a different boot id or process start
// time in /proc, i.e. the pid was reused, as in a restarted container).

import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SpoolLockedError } from './errors.js';

// node:os and node:crypto load when a lock is taken, not when the package is imported: importing
// them cost every `import` of the client ~7 ms (the meter-event bundle loads with the main entry).
const hostname = (): string => process.getBuiltinModule('node:os').hostname();
const randomHex = (bytes: number): string => Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');

export const LOCK_FILE = 'spool.lock';

interface LockInfo {
  pid: number;
  hostname: string;
  /** Linux only: identifies this boot and this process among pids reused over time. */
  bootId?: string;
  startTicks?: string;
  token: string;
}

/** Folders locked by this process (a second spool on one folder in one process is refused too). */
const heldHere = new Set<string>();

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); the comm field may hold spaces and parentheses. */
function startTicks(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function myInfo(): LockInfo {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: readText('/proc/sys/kernel/random/boot_id')?.trim(),
    startTicks: startTicks(process.pid),
    token: randomHex(8),
  };
}

function parse(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.token === 'string' ? (v as LockInfo) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the holder is alive (the lock stands), or undefined when it is gone (the lock is stale). */
function holderAlive(info: LockInfo, dirKey: string): string | undefined {
  if (info.hostname !== hostname()) return `locked by pid ${info.pid} on host ${info.hostname} (cannot check a process on another host)`;
  if (info.pid === process.pid) return heldHere.has(dirKey) ? 'already open in this process' : undefined;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
  }
  const bootId = readText('/proc/sys/kernel/random/boot_id')?.trim();
  if (info.bootId !== undefined && bootId !== undefined && info.bootId !== bootId) return undefined;
  if (info.startTicks !== undefined && bootId !== undefined) {
    const now = startTicks(info.pid);
    if (now !== undefined && now !== info.startTicks) return undefined;
  }
  return `locked by running process ${info.pid}`;
}

export interface SpoolLock {
  release(): void;
}

/** Takes the lock of `dir` (an absolute, resolved path) or throws SpoolLockedError. */
export function acquireLock(dir: string): SpoolLock {
  const path = join(dir, LOCK_FILE);
  const mine = myInfo();
  const text = JSON.stringify(mine);
  const tmp = join(dir, `${LOCK_FILE}.${mine.pid}.${mine.token}.tmp`);
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const seen = readText(path); // undefined: released meanwhile (or unreadable), try again
      const info = seen === undefined ? undefined : parse(seen);
      const alive =
        seen === undefined ? undefined : info === undefined ? `unreadable lock file (remove ${path} if no process uses the spool)` : holderAlive(info, dir);
      if (alive !== undefined || attempt >= 3) {
        throw new SpoolLockedError(dir, path, info && { pid: info.pid, hostname: info.hostname }, alive ?? 'lock contended');
      }
      if (seen !== undefined) breakStale(path, seen, mine.token);
    }
  } finally {
    unlinkSync(tmp);
  }
  heldHere.add(dir);
  let held = true;
  return {
    release(): void {
      if (!held) return;
      held = false;
      heldHere.delete(dir);
      // Remove only our own lock: never one another process took over meanwhile.
      if (parse(readText(path) ?? '')?.token === mine.token) unlinkSync(path);
    },
  };
}

/**
 * Removes a stale lock whose content was `seen`. Renamed aside first, so that if
 * another process replaced it between our read and now, we can tell and put
 * theirs back instead of deleting a live lock.
 */
function breakStale(path: string, seen: string, token: string): void {
  const aside = `${path}.${token}.stale`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (readText(aside) !== seen) {
    try {
      linkSync(aside, path);
    } catch {
      // someone else holds it now; the next attempt reads theirs
    }
  }
  unlinkSync(aside);
}
