// The merge report names each replaced operation and schema once, generate prints those names,
// and the manifest records each operation's source spec and API version.
import { describe, expect, it } from 'vitest';
import { mergeSpecs } from '../../../generator/merge.js';
import { generate } from '../../../generator/pipeline.js';
import { resolveSpecs } from '../../../generator/sources.js';
import { scratch, tinySpec } from '../../support/paths.js';
import { tiny, writeSpec } from '../../support/spec-variants.js';

describe('merge report', () => {
  it('names a schema replaced by both 2026 slices once', () => {
    const { report } = mergeSpecs(resolveSpecs());
    // api_errors and error are replaced by each slice in turn: still one name each.
    expect(report.replacedSchemas).toEqual(['api_errors', 'deleted_customer', 'error', 'test_helpers.test_clock']);
    expect(new Set(report.ignoredStubs).size).toBe(report.ignoredStubs.length);
    expect(report.replacedOperations).toEqual([]);
  });

  it('generate names what a later spec replaced, and the manifest says where each operation came from', async () => {
    const dir = scratch('merge');
    const patch = tiny();
    patch.info.version = '2025-02-02';
    patch.paths = { '/v1/widgets': { post: patch.paths['/v1/widgets'].post } };
    patch.components.schemas = { owner: patch.components.schemas.owner, widget: { type: 'object', 'x-sliceStub': true } };
    const details: string[] = [];
    const result = await generate({
      specs: [tinySpec, writeSpec(dir, 'patch.json', patch)],
      dryRun: true,
      runtimeFromOut: '../runtime',
      onStep: (step, _ms, detail) => step === 'merge' && details.push(detail),
    });
    expect(details).toEqual(['9 paths, 1 operations replaced (post /v1/widgets), 1 schemas replaced (owner), 1 stubs ignored']);
    const manifest = JSON.parse(result.files.get('manifest.json')!) as { sources: { source: string; apiVersion: string }[]; operations: Record<string, Record<string, string>> };
    const versionOf = new Map(manifest.sources.map((s) => [s.source, s.apiVersion]));
    const origin = (method: string) => {
      const [source] = Object.entries(manifest.operations).find(([, ops]) => Object.values(ops).includes(method)) ?? [];
      return { source, apiVersion: source && versionOf.get(source) };
    };
    expect(manifest.operations['patch.json']).toEqual({ 'post /v1/widgets': 'widgets.create' });
    expect(origin('widgets.create')).toEqual({ source: 'patch.json', apiVersion: '2025-02-02' });
    expect(origin('widgets.list')).toEqual({ source: 'tiny.json', apiVersion: '2024-01-01' });
  });
});
