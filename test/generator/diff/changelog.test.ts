// Unit tests of the pure changelog functions: bump level, semver bump, entry text, prepending.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bumpFor, bumpVersion, prependEntry, renderChangelogEntry, renderUpdateSummary } from '../../../generator/changelog.js';
import type { Change } from '../../../generator/diff/classify.js';
import type { DiffResult } from '../../../generator/diff/compare.js';
import { modelFromSpecs } from '../../../generator/diff/sides.js';
import { resolveSpecs } from '../../../generator/sources.js';
import { planUpdate } from '../../../generator/update.js';
import { scratch, tinySpec } from '../../support/paths.js';

const change = (kind: Change['kind'], breaking: boolean, extra: Partial<Change> = {}): Change => ({ kind, breaking, message: `${kind} happened`, ...extra });
const diff = (changes: Change[]): DiffResult => ({ from: { apiVersion: '2023-08-16', sources: ['a'] }, to: { apiVersion: '2024-01-01', sources: ['b'] }, changes });

describe('bumpFor', () => {
  it.each<[Change[], boolean, string]>([
    [[change('method_removed', true), change('method_added', false)], false, 'major'],
    [[change('method_added', false)], false, 'minor'],
    [[change('param_enum_value_added', false)], false, 'minor'],
    [[change('method_deprecated', false)], false, 'patch'],
    [[change('api_version_changed', false)], false, 'patch'],
    [[], true, 'patch'],
    [[], false, 'none'],
  ])('%j (output changed: %s) -> %s', (changes, outputChanged, bump) => {
    expect(bumpFor(changes, outputChanged)).toBe(bump);
  });
});

describe('bumpVersion', () => {
  it.each([
    ['1.2.3', 'major', '2.0.0'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'none', '1.2.3'],
    ['2.0.0-beta.1', 'major', '2.0.0'],
    ['2.1.0-beta.1', 'major', '3.0.0'],
    ['2.1.0-rc.1', 'minor', '2.1.0'],
    ['2.1.1-rc.1', 'patch', '2.1.1'],
    ['0.9.9', 'major', '1.0.0'],
  ] as const)('%s + %s = %s', (from, bump, to) => {
    expect(bumpVersion(from, bump)).toBe(to);
  });
  it('refuses what is not semver', () => {
    expect(() => bumpVersion('v1', 'patch')).toThrow(/"v1" is not a semver version/);
  });
});

describe('changelog entries', () => {
  it('lists breaking changes first, with a loud line for removed methods', () => {
    const entry = renderChangelogEntry({
      version: '2.0.0', previousVersion: '1.4.0', bump: 'major', apiVersion: '2024-01-01', sources: ['b'],
      diff: diff([change('method_added', false), change('method_removed', true, { method: 'orders.pay' })]),
    });
    expect(entry).toBe(
      '## 2.0.0 (major)\n\nSince 1.4.0: API 2024-01-01 (b) (was 2023-08-16); 1 breaking, 1 non-breaking change(s).\n\n' +
        '**1 METHOD REMOVED: orders.pay**\n\n### Breaking\n\n- method_removed happened\n\n### Non-breaking\n\n- method_added happened\n',
    );
  });
  it('prepends under the title and keeps earlier entries byte for byte', () => {
    const first = prependEntry(undefined, '## 1.0.0 (first release)\n\nFirst.\n');
    expect(first).toBe('# Changelog\n\n## 1.0.0 (first release)\n\nFirst.\n');
    expect(prependEntry(first, '## 1.1.0 (minor)\n\nMore.\n')).toBe('# Changelog\n\n## 1.1.0 (minor)\n\nMore.\n\n## 1.0.0 (first release)\n\nFirst.\n');
    expect(prependEntry('hand-written notes\n', '## 2.0.0\n')).toBe('# Changelog\n\n## 2.0.0\n\nhand-written notes\n');
  });
  it('the summary fits a screen: at most ten breaking changes, then a count', () => {
    const many = Array.from({ length: 25 }, (_, i) => change('param_removed', true, { message: `param p${i} removed` }));
    const text = renderUpdateSummary({ version: '2.0.0', previousVersion: '1.0.0', bump: 'major', diff: diff(many) });
    expect(text.split('\n').filter(Boolean)).toHaveLength(13);
    expect(text).toMatch(/^ {2}\.\.\. and 15 more breaking \(stripe-codegen diff lists them all\)$/m);
  });
});

describe('planUpdate', () => {
  it('a previous output whose snapshot it cannot read is regenerated with a plain entry, not refused', () => {
    const dir = scratch('plan');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generator: { name: 'stripe-codegen' }, package: { version: '1.2.3' } }));
    writeFileSync(join(dir, 'api-snapshot.json'), JSON.stringify({ format: 99 }));
    const model = modelFromSpecs(resolveSpecs({ specs: [tinySpec] }));
    const plan = planUpdate({ model, files: new Map([['index.ts', 'x']]), previousDir: dir });
    expect(plan).toMatchObject({ version: '1.2.4', previousVersion: '1.2.3', bump: 'patch' });
    expect(plan.diff).toBeUndefined();
    expect(plan.files.get('CHANGELOG.md')).toMatch(/^# Changelog\n\n## 1\.2\.4 \(patch\)\n\nRegenerated from API 2024-01-01 \(tiny\.json\); the previous output \(1\.2\.3\) kept no API snapshot to compare with\.\n$/);
  });
});
