// Public shapes of the durable spool (no runtime code).

import type { SpoolCorruptionError } from './errors.js';

/**
 * When appended events are forced to the disk (fdatasync). Whatever the policy,
 * an event's bytes are written to the operating system before append returns,
 * so a crash of the process (an exception, an OOM kill, `kill -9`) loses nothing
 * appended; the policy only decides what a crash of the machine (power loss,
 * kernel panic) can lose:
 * - 'always': append's promise resolves after an fdatasync covering the event
 *   (group commit: callers waiting together share one). Loses nothing appended.
 * - 'interval' (default): an fdatasync at most every `fsyncIntervalMs` while
 *   there are new writes. Loses at most the last `fsyncIntervalMs` of events.
 * - 'never': the OS writes back when it likes (Linux: within about 30 s).
 */
export type SpoolFsyncPolicy = 'always' | 'interval' | 'never';

export interface SpoolOptions {
  /** Folder of the spool (created if missing). One process at a time: a lock refuses a second. */
  dir: string;
  /** Bound of the spool's bytes on disk (logs and acks). Default 256 MiB; at least 4 segments' worth. */
  maxBytes?: number;
  /** Size past which the log rolls to a new segment file. Default maxBytes / 16, between 4 KiB and 16 MiB; at most maxBytes / 4. */
  segmentBytes?: number;
  /** Default 'interval'. */
  fsync?: SpoolFsyncPolicy;
  /** Period of the 'interval' policy (ms). Default 200. */
  fsyncIntervalMs?: number;
  /** A damaged region found while recovering; it is skipped, and everything else is kept. */
  onCorruption?: (error: SpoolCorruptionError) => void;
  /** A background failure (an fdatasync on the interval, a segment that cannot be deleted). Default: a process warning. */
  onError?: (error: Error) => void;
}

/** An event held by the spool: its sequence number and its JSON exactly as appended. */
export interface SpoolEntry {
  seq: number;
  bytes: Uint8Array;
}

export interface SpoolUsage {
  /** Bytes on disk (log segments and ack files). */
  bytes: number;
  maxBytes: number;
  /** Events appended (or recovered) and not yet acknowledged. */
  unacked: number;
  segments: number;
}
