// Incremental generation: an unchanged rerun reuses the verified output; a change rewrites only
// the files it affects (others keep their inode) and gives the same bytes as a run without cache;
// a removed resource's files go; a hand-edited output is regenerated, never trusted.
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, type GenerateOptions } from '../../generator/pipeline.js';
import { listFiles } from '../../generator/write.js';
import { scratch, tinySpec } from '../support/paths.js';
import { additive, tiny, writeSpec } from '../support/spec-variants.js';

const contents = (dir: string) => listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

async function run(spec: string, out: string, cache: string | false, extra: Partial<GenerateOptions> = {}) {
  const steps: string[] = [];
  const result = await generate({ specs: [spec], outDir: out, cache, runtimeFromOut: '../runtime', onStep: (s, _ms, d) => steps.push(`${s}: ${d}`), ...extra });
  return { result, steps };
}

describe('incremental generation', () => {
  it('an unchanged rerun does no work and leaves the output byte-identical', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    await run(tinySpec, out, cache);
    const before = contents(out);
    const again = await run(tinySpec, out, cache);
    expect(again.steps).toContain('format: unchanged (cache)');
    expect(again.steps).toContain('validate: unchanged inputs, output verified by hash');
    expect(again.result.update).toMatchObject({ version: '1.0.0', bump: 'none' });
    expect(again.result.files.size).toBe(before.length);
    expect(contents(out)).toEqual(before);
  });

  it('an unchanged rerun of a built package is a cache hit too, its dist/ verified and kept', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    const pkg = { package: { name: '@acme/tiny' }, runtimeFromOut: undefined };
    await run(tinySpec, out, cache, pkg);
    const before = contents(out);
    expect(before.some(([f]) => f!.startsWith('dist/esm/'))).toBe(true);
    const again = await run(tinySpec, out, cache, pkg);
    expect(again.steps).toContain('build: unchanged (cache)');
    expect(contents(out)).toEqual(before);
    // A build file removed by hand is noticed: the next run rebuilds instead of trusting the cache.
    const gone = before.find(([f]) => f!.startsWith('dist/esm/'))![0]!;
    writeFileSync(join(out, gone), '// edited\n');
    const third = await run(tinySpec, out, cache, pkg);
    expect(third.steps).not.toContain('build: unchanged (cache)');
    expect(contents(out)).toEqual(before);
  }, 60_000);

  it('a changed spec rebuilds a package compiling only the declarations whose source changed, with the bytes of an uncached build', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    const pkg = { package: { name: '@acme/tiny' }, runtimeFromOut: undefined };
    const first = await run(tinySpec, out, cache, pkg);
    expect(first.steps.find((s) => s.startsWith('build:'))).toMatch(/, 0 of (\d+) declarations cached$/);
    const changed = writeSpec(dir, 'tiny.json', additive());
    const second = await run(changed, out, cache, pkg);
    // The new method changes resources/widgets.ts, client.ts (the Stripe namespace) and index.ts stays: the rest is reused.
    const [, reused, total] = /, (\d+) of (\d+) declarations cached$/.exec(second.steps.find((s) => s.startsWith('build:'))!)!;
    expect(Number(total) - Number(reused)).toBe(2);
    const fresh = join(dir, 'fresh');
    await run(tinySpec, fresh, false, pkg);
    await run(changed, fresh, false, pkg);
    expect(contents(out)).toEqual(contents(fresh));
  }, 60_000);

  it('STRIPE_CODEGEN_CACHE=off turns the cache off', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    process.env.STRIPE_CODEGEN_CACHE = join(dir, 'cache');
    try {
      await generate({ specs: [tinySpec], outDir: out, runtimeFromOut: '../runtime' });
      const steps: string[] = [];
      await generate({ specs: [tinySpec], outDir: out, runtimeFromOut: '../runtime', onStep: (s, _ms, d) => steps.push(`${s}: ${d}`) });
      expect(steps).toContain('format: unchanged (cache)');
      process.env.STRIPE_CODEGEN_CACHE = 'off';
      steps.length = 0;
      await generate({ specs: [tinySpec], outDir: out, runtimeFromOut: '../runtime', onStep: (s, _ms, d) => steps.push(`${s}: ${d}`) });
      expect(steps).not.toContain('format: unchanged (cache)');
    } finally {
      delete process.env.STRIPE_CODEGEN_CACHE;
    }
  });

  it('regenerates an output edited by hand, and a run with other options', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    await run(tinySpec, out, cache);
    const original = readFileSync(join(out, 'resources', 'widgets.ts'), 'utf8');
    writeFileSync(join(out, 'resources', 'widgets.ts'), '// edited\n');
    const r = await run(tinySpec, out, cache);
    expect(r.steps).not.toContain('format: unchanged (cache)');
    expect(readFileSync(join(out, 'resources', 'widgets.ts'), 'utf8')).toBe(original);
    const pinned = await run(tinySpec, out, cache, { packageVersion: '4.0.0' });
    expect(pinned.steps).not.toContain('format: unchanged (cache)');
    expect(pinned.result.update.version).toBe('4.0.0');
  });

  it('a one-resource change rewrites only the files it affects, with the bytes of an uncached run', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    await run(tinySpec, out, cache);
    const inode = (rel: string) => statSync(join(out, rel)).ino;
    const before = new Map(listFiles(out).map((f) => [f, inode(f)]));
    const changed = writeSpec(dir, 'tiny.json', additive());
    await run(changed, out, cache);
    const rewritten = listFiles(out).filter((f) => before.get(f) !== inode(f));
    // client.ts and types/index.ts name every params type (the Stripe namespace, the barrel), so a new method touches them too.
    expect(rewritten.sort()).toEqual(['CHANGELOG.md', 'api-snapshot.json', 'api.md', 'client.ts', 'manifest.json', 'resources/widgets.ts', 'types/index.ts', 'types/params/widgets.ts', 'types/schemas/widget.ts']);
    // The same spec without any cache gives the same bytes.
    const fresh = join(dir, 'fresh');
    await run(tinySpec, fresh, false);
    await run(changed, fresh, false);
    expect(contents(out)).toEqual(contents(fresh));
  });

  it('removing a resource deletes its files', async () => {
    const dir = scratch('incr');
    const out = join(dir, 'out');
    const cache = join(dir, 'cache');
    await run(tinySpec, out, cache);
    expect(existsSync(join(out, 'resources', 'files.ts'))).toBe(true);
    const spec = tiny();
    delete spec.paths['/v1/files'];
    await run(writeSpec(dir, 'tiny.json', spec), out, cache);
    expect(existsSync(join(out, 'resources', 'files.ts'))).toBe(false);
    expect(existsSync(join(out, 'types', 'params', 'files.ts'))).toBe(false);
  });
});
