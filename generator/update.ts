// Generating over an earlier output: compare its stored API snapshot with the new model,
// pick the package version (semver bump from the change set unless pinned) and prepend a
// CHANGELOG.md entry. Reads the previous output only; writing stays with write.ts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bumpFor, bumpVersion, isSemver, prependEntry, renderChangelogEntry, type Bump } from './changelog.js';
import { compareSnapshots, type DiffResult } from './diff/compare.js';
import { tryReadPackageSnapshot } from './diff/sides.js';
import { SNAPSHOT_FILE, snapshotModel } from './diff/snapshot.js';
import { SourceError } from './errors.js';
import type { FileMap } from './emit.js';
import type { ApiModel } from './model.js';

/** The version of a package's first output when nothing pins one. */
export const INITIAL_VERSION = '1.0.0';
export const CHANGELOG_FILE = 'CHANGELOG.md';
/** Files whose content follows from the version itself: left out of the "did the code change" hash. */
const VERSIONED_FILES = new Set(['manifest.json', CHANGELOG_FILE, SNAPSHOT_FILE, 'package.json']);

export interface UpdatePlan {
  readonly version: string;
  readonly previousVersion?: string;
  readonly bump: Bump;
  readonly pinned: boolean;
  /** Undefined for a first output, or when the previous one kept no snapshot. */
  readonly diff?: DiffResult;
  /** sha256 of the generated files other than the versioned ones (stored in manifest.json). */
  readonly contentSha256: string;
  /** api-snapshot.json and CHANGELOG.md, to add to the output. */
  readonly files: ReadonlyMap<string, string>;
}

export interface UpdateInput {
  readonly model: ApiModel;
  readonly files: FileMap;
  /** The folder being replaced; undefined for a dry run (nothing to compare with). */
  readonly previousDir?: string;
  /** From the config file or the command line: used as is. */
  readonly pinnedVersion?: string;
}

interface PreviousManifest {
  readonly generator?: { readonly name?: string };
  readonly package?: { readonly version?: string };
  readonly contentSha256?: string;
}

export function planUpdate(input: UpdateInput): UpdatePlan {
  if (input.pinnedVersion !== undefined && !isSemver(input.pinnedVersion)) {
    throw new SourceError(`package version "${input.pinnedVersion}" is not a semver version (MAJOR.MINOR.PATCH)`);
  }
  const snapshot = snapshotModel(input.model);
  const contentSha256 = hashFiles(input.files);
  const prev = input.previousDir ? readPrevious(input.previousDir) : undefined;
  const pinned = input.pinnedVersion !== undefined;
  const meta = { apiVersion: input.model.apiVersion, sources: input.model.sources.map((s) => s.source) };

  let version: string;
  let bump: Bump;
  let diff: DiffResult | undefined;
  let changelog: string;
  if (!prev?.version) {
    version = input.pinnedVersion ?? INITIAL_VERSION;
    bump = 'major';
    changelog = prependEntry(prev?.changelog, renderChangelogEntry({ version, bump, pinned, ...meta }));
  } else {
    diff = prev.snapshot ? compareSnapshots(prev.snapshot, snapshot) : undefined;
    bump = diff ? bumpFor(diff.changes, prev.contentSha256 !== contentSha256) : 'patch';
    version = input.pinnedVersion ?? bumpVersion(prev.version, bump);
    // Nothing changed and the version stays: the changelog stays too, so a rerun is byte-identical.
    changelog =
      bump === 'none' && version === prev.version && prev.changelog !== undefined
        ? prev.changelog
        : prependEntry(prev.changelog, renderChangelogEntry({ version, previousVersion: prev.version, bump, pinned, ...(diff ? { diff } : {}), ...meta }));
  }
  const files = new Map([
    [SNAPSHOT_FILE, JSON.stringify(snapshot) + '\n'],
    [CHANGELOG_FILE, changelog],
  ]);
  return { version, ...(prev?.version ? { previousVersion: prev.version } : {}), bump, pinned, ...(diff ? { diff } : {}), contentSha256, files };
}

/** An unchanged rerun (incremental cache hit): same version, no entry, nothing to compare. */
export function unchangedPlan(model: ApiModel, files: FileMap, pinned: boolean): UpdatePlan {
  const manifest = JSON.parse(files.get('manifest.json') ?? '{}') as PreviousManifest;
  const version = manifest.package?.version ?? INITIAL_VERSION;
  const side = { apiVersion: model.apiVersion, sources: model.sources.map((s) => s.source) };
  const kept = new Map([SNAPSHOT_FILE, CHANGELOG_FILE].filter((f) => files.has(f)).map((f) => [f, files.get(f)!]));
  return { version, previousVersion: version, bump: 'none', pinned, diff: { from: side, to: side, changes: [] }, contentSha256: manifest.contentSha256 ?? hashFiles(files), files: kept };
}

function readPrevious(dir: string) {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return undefined;
  let manifest: PreviousManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PreviousManifest;
  } catch {
    return undefined; // not ours; the write step decides what to do with the folder
  }
  if (manifest.generator?.name !== 'stripe-codegen') return undefined;
  const changelogPath = join(dir, CHANGELOG_FILE);
  return {
    version: manifest.package?.version,
    contentSha256: manifest.contentSha256,
    snapshot: readSnapshotLeniently(dir),
    changelog: existsSync(changelogPath) ? readFileSync(changelogPath, 'utf8') : undefined,
  };
}

/** A snapshot this generator cannot read (older format, damaged) means "nothing to compare with", not a failed run. */
function readSnapshotLeniently(dir: string) {
  try {
    return tryReadPackageSnapshot(dir);
  } catch {
    return undefined;
  }
}

function hashFiles(files: FileMap): string {
  const h = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    if (VERSIONED_FILES.has(path)) continue;
    h.update(path).update('\0').update(files.get(path)!).update('\0');
  }
  return h.digest('hex');
}
