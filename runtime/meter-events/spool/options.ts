// Validation and defaults of the spool's options: one clear line naming the bad option.

import { SpoolOptionsError } from './errors.js';
import type { SpoolFsyncPolicy, SpoolOptions } from './types.js';

const MiB = 1024 * 1024;

interface CheckedOptions {
  maxBytes: number;
  segmentBytes: number;
  fsync: SpoolFsyncPolicy;
  fsyncIntervalMs: number;
}

export function checkOptions(o: SpoolOptions): CheckedOptions {
  const fail = (what: string): never => {
    throw new SpoolOptionsError(`spool.${what}`);
  };
  if (typeof o?.dir !== 'string' || o.dir === '') fail('dir: a folder path is required');
  const maxBytes = o.maxBytes ?? 256 * MiB;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 64 * 1024) fail(`maxBytes: ${o.maxBytes} is not an integer of at least 65536`);
  const segmentBytes = o.segmentBytes ?? Math.min(16 * MiB, Math.max(4096, Math.floor(maxBytes / 16)));
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < 4096 || segmentBytes * 4 > maxBytes) {
    fail(`segmentBytes: ${o.segmentBytes} must be an integer of at least 4096 and at most maxBytes / 4`);
  }
  const fsync = o.fsync ?? 'interval';
  if (fsync !== 'always' && fsync !== 'interval' && fsync !== 'never') fail(`fsync: ${String(o.fsync)} is not 'always', 'interval' or 'never'`);
  const fsyncIntervalMs = o.fsyncIntervalMs ?? 200;
  if (!(fsyncIntervalMs > 0 && fsyncIntervalMs <= 60_000)) fail(`fsyncIntervalMs: ${o.fsyncIntervalMs} is not between 1 and 60000`);
  return { maxBytes, segmentBytes, fsync, fsyncIntervalMs };
}
