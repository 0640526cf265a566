// The durable spool for meter-event streams: `stream({ spool: { dir } })`.
export { Spool } from './spool.js';
export { SpoolDurability, openSpool } from './adapter.js';
export { SpoolClosedError, SpoolCorruptionError, SpoolFullError, SpoolLockedError, SpoolOptionsError } from './errors.js';
export type { SpoolEntry, SpoolFsyncPolicy, SpoolOptions, SpoolUsage } from './types.js';
