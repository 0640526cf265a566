// `generate` over its own earlier output: the printed summary, the CHANGELOG.md entry and the
// semver bump, for a no-change, an additive, a breaking and a pinned update.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../generator/pipeline.js';
import { listFiles } from '../../../generator/write.js';
import { runCli } from '../../support/cli.js';
import { scratch, tinySpec } from '../../support/paths.js';
import { additive, breaking, writeSpec } from '../../support/spec-variants.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const version = (dir: string) => (JSON.parse(read(dir, 'manifest.json')) as { package: { version: string } }).package.version;
const snapshotOf = (dir: string) => listFiles(dir).map((f) => [f, read(dir, f)]);

describe('generate over a previous output', () => {
  let dir: string;
  let out: string;
  let config: string;
  beforeAll(async () => {
    dir = scratch('update');
    out = join(dir, 'client');
    // A config of its own: the repo's (found in the working directory) pins a version.
    config = join(dir, 'codegen.json');
    writeFileSync(config, JSON.stringify({ packageName: '@acme/tiny' }));
    const first = await runCli(['generate', '--config', config, '--spec', tinySpec, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^version 1\.0\.0 \(first release\); CHANGELOG\.md started$/m);
  });

  it('no change: the version and CHANGELOG stay, the output is byte-identical', async () => {
    const before = snapshotOf(out);
    const r = await runCli(['generate', '--config', config, '--spec', tinySpec, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^API changes since 1\.0\.0: 0 breaking, 0 non-breaking; version stays 1\.0\.0$/m);
    expect(r.out).not.toMatch(/CHANGELOG/);
    expect(snapshotOf(out)).toEqual(before);
    expect((await runCli(['generate', '--config', config, '--spec', tinySpec, '--out', out, '--check'])).code).toBe(0);
  });

  it('additive: a minor bump and an entry listing the additions', async () => {
    const r = await runCli(['generate', '--config', config, '--spec', writeSpec(dir, 'tiny.json', additive()), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^API changes since 1\.0\.0: 0 breaking, 3 non-breaking; version 1\.0\.0 -> 1\.1\.0 \(minor\)$/m);
    expect(r.out).toMatch(/^CHANGELOG\.md: entry for 1\.1\.0 added$/m);
    expect(r.out).not.toMatch(/REMOVED/);
    expect(version(out)).toBe('1.1.0');
    const log = read(out, 'CHANGELOG.md');
    expect(log).toMatch(/^# Changelog\n\n## 1\.1\.0 \(minor\)\n\nSince 1\.0\.0: API 2024-01-01 \(tiny\.json\); 0 breaking, 3 non-breaking change\(s\)\.\n\n### Non-breaking\n\n/);
    expect(log).toContain('- method `widgets.shine` added (post /v1/widgets/{widget}/shine)\n');
    expect(log).toContain('- `widgets.create`: param `finish` added\n');
    expect(log.indexOf('## 1.1.0')).toBeLessThan(log.indexOf('## 1.0.0 (first release)'));
  });

  it('breaking: a major bump, the first breaking changes, and a loud line for removed methods', async () => {
    const r = await runCli(['generate', '--config', config, '--spec', writeSpec(dir, 'tiny.json', breaking(additive())), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^API changes since 1\.1\.0: 3 breaking, 0 non-breaking; version 1\.1\.0 -> 2\.0\.0 \(major\)$/m);
    expect(r.out).toMatch(/^ {2}breaking: method widgets\.polish removed \(post \/v1\/widgets\/\{widget\}\/polish\)$/m);
    expect(r.out).toMatch(/^ {2}breaking: widgets\.create: param expand removed$/m);
    expect(r.out).toMatch(/^!! 1 METHOD REMOVED: widgets\.polish$/m);
    expect(version(out)).toBe('2.0.0');
    const log = read(out, 'CHANGELOG.md');
    expect(log).toMatch(/^# Changelog\n\n## 2\.0\.0 \(major\)\n/);
    expect(log).toContain('**1 METHOD REMOVED: widgets.polish**');
    expect(log.match(/^## /gm)).toHaveLength(3); // 2.0.0, 1.1.0, 1.0.0
  });

  it('--quiet still says, on stderr, that methods were removed', async () => {
    // `shine` (added two steps ago) goes: the loud line names it even under --quiet.
    const q = await runCli(['generate', '--config', config, '--spec', writeSpec(dir, 'tiny.json', breaking()), '--out', out, '--quiet']);
    expect(q.out).toBe('');
    expect(q.err).toBe('!! 1 METHOD REMOVED: widgets.shine\n');
    expect(version(out)).toBe('3.0.0');
  });

  it('a deprecation alone is a patch; a pinned version is used as given', async () => {
    const deprecated = breaking();
    deprecated.paths['/v1/widgets'].post.deprecated = true;
    const r = await runCli(['generate', '--config', config, '--spec', writeSpec(dir, 'tiny.json', deprecated), '--out', out]);
    expect(r.out).toMatch(/version 3\.0\.0 -> 3\.0\.1 \(patch\)/);
    const pinned = await generate({ specs: [tinySpec], outDir: out, packageVersion: '7.0.0-rc.1' });
    expect(pinned.update).toMatchObject({ version: '7.0.0-rc.1', previousVersion: '3.0.1', bump: 'minor', pinned: true });
    expect(read(out, 'CHANGELOG.md')).toMatch(/^# Changelog\n\n## 7\.0\.0-rc\.1 \(pinned\)\n/);
    await expect(generate({ specs: [tinySpec], outDir: out, packageVersion: 'v8' })).rejects.toThrow(/package version "v8" is not a semver version/);
  });
});
