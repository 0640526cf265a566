// Pure functions from a change set to a version bump, a CHANGELOG.md entry and the
// one-screen summary `generate` prints. No dates: the same inputs give the same bytes.
import type { Change, ChangeKind } from './diff/classify.js';
import type { DiffResult } from './diff/compare.js';
import { loudRemovedLine, summarize } from './diff/render.js';

export type Bump = 'major' | 'minor' | 'patch' | 'none';

/** Non-breaking changes that give a consumer something new: a minor release. */
const ADDITIVE: ReadonlySet<ChangeKind> = new Set<ChangeKind>([
  'resource_added',
  'method_added',
  'param_added',
  'param_optional',
  'param_type_changed',
  'param_enum_value_added',
  'field_added',
  'field_required',
  'field_enum_value_added',
  'schema_added',
]);

/**
 * major for any breaking change, minor for additions, patch for the rest (deprecations, host or
 * encoding moves, a new API version, or generated code that changed with the API unchanged),
 * none when nothing at all changed.
 */
export function bumpFor(changes: readonly Change[], outputChanged: boolean): Bump {
  if (changes.some((c) => c.breaking)) return 'major';
  if (changes.some((c) => ADDITIVE.has(c.kind))) return 'minor';
  return changes.length || outputChanged ? 'patch' : 'none';
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/** Semver bump; a prerelease (`2.0.0-beta.1`) is released as its own version when the bump does not go past it. */
export function bumpVersion(version: string, bump: Bump): string {
  const m = SEMVER.exec(version);
  if (!m) throw new Error(`"${version}" is not a semver version (MAJOR.MINOR.PATCH)`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const pre = m[4] !== undefined;
  if (bump === 'none') return version;
  if (bump === 'major') return pre && minor === 0 && patch === 0 ? `${major}.0.0` : `${major + 1}.0.0`;
  if (bump === 'minor') return pre && patch === 0 ? `${major}.${minor}.0` : `${major}.${minor + 1}.0`;
  return pre ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
}

export interface EntryInput {
  readonly version: string;
  readonly previousVersion?: string;
  readonly bump: Bump;
  /** The version came from the config or the command line, not from the change set. */
  readonly pinned?: boolean;
  /** Undefined for a first release, or when the previous output kept no API snapshot. */
  readonly diff?: DiffResult;
  readonly apiVersion: string;
  readonly sources: readonly string[];
}

export function renderChangelogEntry(input: EntryInput): string {
  const how = !input.previousVersion ? 'first release' : input.pinned ? 'pinned' : input.bump === 'none' ? 'unchanged' : input.bump;
  const lines = [`## ${input.version} (${how})`, ''];
  const api = `API ${input.apiVersion} (${input.sources.join(' + ')})`;
  if (!input.previousVersion) {
    lines.push(`First release, generated from ${api}.`, '');
    return lines.join('\n');
  }
  if (!input.diff) {
    lines.push(`Regenerated from ${api}; the previous output (${input.previousVersion}) kept no API snapshot to compare with.`, '');
    return lines.join('\n');
  }
  const { breaking, nonBreaking } = summarize(input.diff.changes);
  const from = input.diff.from.apiVersion === input.diff.to.apiVersion ? '' : ` (was ${input.diff.from.apiVersion})`;
  lines.push(`Since ${input.previousVersion}: ${api}${from}; ${breaking} breaking, ${nonBreaking} non-breaking change(s).`, '');
  if (!input.diff.changes.length) lines.push(input.bump === 'patch' ? 'No API change: the generated code changed (generator or templates).' : 'No API change.', '');
  const loud = loudRemovedLine(input.diff.changes, 20);
  if (loud) lines.push(`**${loud.replace(/^!! /, '')}**`, '');
  for (const [title, wanted] of [['Breaking', true], ['Non-breaking', false]] as const) {
    const picked = input.diff.changes.filter((c) => c.breaking === wanted);
    if (picked.length) lines.push(`### ${title}`, '', ...picked.map((c) => `- ${c.message}`), '');
  }
  return lines.join('\n');
}

const HEADER = '# Changelog\n\n';

/** The new entry goes first, under the title; earlier entries stay as they were. */
export function prependEntry(existing: string | undefined, entry: string): string {
  const body = existing?.startsWith(HEADER) ? existing.slice(HEADER.length) : (existing ?? '');
  return HEADER + entry.trimEnd() + '\n' + (body.trim() ? '\n' + body.trimStart() : '');
}

export interface SummaryInput {
  readonly version: string;
  readonly previousVersion?: string;
  readonly bump: Bump;
  readonly pinned?: boolean;
  readonly diff?: DiffResult;
}

/** What `generate` prints after replacing an earlier output: fits one screen. */
export function renderUpdateSummary(input: SummaryInput, maxBreaking = 10): string {
  if (!input.previousVersion) return `version ${input.version} (first release); CHANGELOG.md started\n`;
  if (!input.diff) return `version ${input.version}: the previous output kept no API snapshot, so nothing was compared\n`;
  const { breaking, nonBreaking } = summarize(input.diff.changes);
  const lines: string[] = [];
  const to = input.bump === 'none' ? `version stays ${input.version}` : `version ${input.previousVersion} -> ${input.version} (${input.pinned ? 'pinned' : input.bump})`;
  lines.push(`API changes since ${input.previousVersion}: ${breaking} breaking, ${nonBreaking} non-breaking; ${to}`);
  const first = input.diff.changes.filter((c) => c.breaking).slice(0, maxBreaking);
  for (const c of first) lines.push(`  breaking: ${c.message.replace(/`/g, '')}`);
  if (breaking > first.length) lines.push(`  ... and ${breaking - first.length} more breaking (stripe-codegen diff lists them all)`);
  const loud = loudRemovedLine(input.diff.changes);
  if (loud) lines.push(loud);
  if (input.bump !== 'none') lines.push(`CHANGELOG.md: entry for ${input.version} added`);
  return lines.join('\n') + '\n';
}
