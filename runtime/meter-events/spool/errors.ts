// Errors and reports of the durable spool. No node: imports here, so the
// meter-events entry can export them without pulling file-system code into
// bundles that never use a spool.

/** Another process (or another spool in this process) holds the folder's lock. */
export class SpoolLockedError extends Error {
  override readonly name = 'SpoolLockedError';
  constructor(
    /** The spool folder. */
    readonly dir: string,
    /** The lock file that is held. */
    readonly lockFile: string,
    /** The holder's pid and host, as the lock file records them (undefined when unreadable). */
    readonly holder: { pid: number; hostname: string } | undefined,
    detail: string,
  ) {
    super(`meter event spool ${dir} is in use: ${detail}`);
  }
}

/** The spool's bytes on disk would pass `maxBytes`; the caller applies its onFull policy. */
export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
  constructor(
    readonly neededBytes: number,
    readonly usedBytes: number,
    readonly maxBytes: number,
  ) {
    super(`meter event spool is full: ${neededBytes} more bytes needed, ${usedBytes} of ${maxBytes} in use`);
  }
}

/** A call on a closed spool. */
export class SpoolClosedError extends Error {
  override readonly name = 'SpoolClosedError';
  constructor() {
    super('meter event spool is closed');
  }
}

/** Bad options, or a folder that cannot be used (not a directory, not writable). */
export class SpoolOptionsError extends Error {
  override readonly name = 'SpoolOptionsError';
}

/**
 * A damaged region found in a spool file (a torn write after a crash, a flipped
 * bit): it is skipped and everything around it is kept. Handed to `onCorruption`.
 */
export class SpoolCorruptionError extends Error {
  override readonly name = 'SpoolCorruptionError';
  constructor(
    /** Full path of the damaged file. */
    readonly file: string,
    /** Byte offset where the damage starts. */
    readonly offset: number,
    /** Bytes skipped. */
    readonly length: number,
    readonly reason: 'truncated' | 'checksum mismatch' | 'bad header',
  ) {
    super(`meter event spool: ${reason} at ${file}:${offset} (${length} bytes skipped)`);
  }
}
