// The diff engine: snapshot a model, compare two snapshots, classify, render.
export { CHANGE_KINDS, isBreaking, type Change, type ChangeKind } from './classify.js';
export { compareSnapshots, type DiffResult } from './compare.js';
export { loudRemovedLine, removedMethods, renderJson, renderMarkdown, summarize, type DiffSummary } from './render.js';
export { modelFromSpecs, resolveSide, tryReadPackageSnapshot, type Side } from './sides.js';
export { SNAPSHOT_FILE, snapshotModel, type ApiSnapshot } from './snapshot.js';
