// The diff engine, one kind of change at a time, on variants of the tiny spec; and the
// `diff` command: Markdown, --json's documented shape, --fail-on-breaking, each kind of side.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareSnapshots, isBreaking, resolveSide, type Change } from '../../../generator/diff/index.js';
import { isWidening } from '../../../generator/diff/classify.js';
import { runCli } from '../../support/cli.js';
import { scratch, tinySpec } from '../../support/paths.js';
import { additive, breaking, tiny, writeSpec, type Spec } from '../../support/spec-variants.js';

function diffOf(mutate: (s: Spec) => void): Change[] {
  const dir = scratch('diff');
  const after = tiny();
  mutate(after);
  return [...compareSnapshots(resolveSide(tinySpec).snapshot, resolveSide(writeSpec(dir, 'after.json', after)).snapshot).changes];
}

const createBody = (s: Spec) => s.paths['/v1/widgets'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
const slim = (cs: Change[]) => cs.map(({ kind, breaking, method, param, field, schema, value }) => ({ kind, breaking, method, param, field, schema, value })).map((c) => JSON.parse(JSON.stringify(c)));

describe('each kind of change, classified', () => {
  it.each<[string, (s: Spec) => void, Partial<Change>[]]>([
    ['removed method', (s) => delete s.paths['/v1/widgets/{widget}/polish'], [{ kind: 'method_removed', breaking: true, method: 'widgets.polish' }]],
    ['added method + resource', (s) => { s.paths['/v1/sprockets'] = { get: { ...s.paths['/v1/widgets/{widget}'].get, parameters: [], operationId: 'GetSprockets' } }; }, [
      { kind: 'resource_added', breaking: false }, { kind: 'method_added', breaking: false, method: 'sprockets.retrieve' }]],
    ['optional param added', (s) => { createBody(s).properties.size = { type: 'integer' }; }, [{ kind: 'param_added', breaking: false, method: 'widgets.create', param: 'size' }]],
    ['required param added', (s) => { createBody(s).properties.size = { type: 'integer' }; createBody(s).required.push('size'); }, [{ kind: 'param_added', breaking: true, param: 'size' }]],
    ['param removed', (s) => delete createBody(s).properties.expand, [{ kind: 'param_removed', breaking: true, param: 'expand' }]],
    ['param became required', (s) => { s.paths['/v1/widgets'].get.parameters[0].required = true; }, [{ kind: 'param_required', breaking: true, method: 'widgets.list', param: 'limit' }]],
    ['param became optional', (s) => { createBody(s).required = []; }, [{ kind: 'param_optional', breaking: false, param: 'name' }]],
    ['param type changed', (s) => { createBody(s).properties.name = { type: 'integer' }; }, [{ kind: 'param_type_changed', breaking: true, param: 'name' }]],
    ['param type widened', (s) => { createBody(s).properties.name = { anyOf: [{ type: 'string' }, { type: 'integer' }] }; }, [{ kind: 'param_type_changed', breaking: false, param: 'name' }]],
    ['param narrowed to an enum', (s) => { createBody(s).properties.name = { type: 'string', enum: ['a'] }; }, [{ kind: 'param_type_changed', breaking: true, param: 'name' }]],
    ['nested param removed once', (s) => { delete createBody(s).properties.metadata; }, [{ kind: 'param_removed', breaking: true, param: 'metadata' }]],
    ['deprecated param', (s) => { createBody(s).properties.name.deprecated = true; }, [{ kind: 'param_deprecated', breaking: false, param: 'name' }]],
    ['response field removed', (s) => delete s.components.schemas.widget.properties.color, [{ kind: 'field_removed', breaking: true, schema: 'widget', field: 'color' }]],
    ['response field added', (s) => { s.components.schemas.widget.properties.size = { type: 'integer' }; }, [{ kind: 'field_added', breaking: false, schema: 'widget', field: 'size' }]],
    ['response field type changed', (s) => { s.components.schemas.widget.properties.color = { type: 'string' }; }, [{ kind: 'field_type_changed', breaking: true, field: 'color' }]],
    ['response field may be absent', (s) => { s.components.schemas.widget.required = ['id', 'object']; }, [{ kind: 'field_optional', breaking: true, field: 'kind' }]],
    ['response enum widened', (s) => { s.components.schemas.widget.properties.kind.enum.push('huge'); }, [{ kind: 'field_enum_value_added', breaking: false, field: 'kind', value: 'huge' }]],
    ['response enum narrowed', (s) => { s.components.schemas.widget.properties.kind.enum = ['small']; }, [{ kind: 'field_enum_value_removed', breaking: true, field: 'kind', value: 'large' }]],
    ['method deprecated', (s) => { s.paths['/v1/widgets'].post.deprecated = true; }, [{ kind: 'method_deprecated', breaking: false, method: 'widgets.create' }]],
    ['host changed', (s) => { s.paths['/v1/widgets'].post.servers = [{ url: 'https://files.stripe.com/' }]; }, [{ kind: 'host_changed', breaking: false, method: 'widgets.create' }]],
    ['encoding changed', (s) => { const rb = s.paths['/v1/widgets'].post.requestBody.content; rb['application/json'] = rb['application/x-www-form-urlencoded']; delete rb['application/x-www-form-urlencoded']; }, [{ kind: 'encoding_changed', breaking: false, method: 'widgets.create' }]],
    ['return type changed', (s) => { s.paths['/v1/widgets/{widget}'].get.responses[200].content['application/json'].schema = { $ref: '#/components/schemas/part' }; }, [{ kind: 'response_type_changed', breaking: true, method: 'widgets.retrieve' }]],
    ['api version', (s) => { s.info.version = '2025-01-01'; }, [{ kind: 'api_version_changed', breaking: false }]],
    ['type removed', (s) => { delete s.components.schemas.label; delete s.components.schemas.widget.properties.labeled; }, [
      { kind: 'schema_removed', breaking: true, schema: 'label' }, { kind: 'field_removed', breaking: true, schema: 'widget', field: 'labeled' }]],
  ])('%s', (_label, mutate, expected) => {
    expect(slim(diffOf(mutate))).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('widening follows unions and array elements', () => {
    expect(isWidening('string', '"" | string')).toBe(true);
    expect(isWidening('string[]', '("" | string)[]')).toBe(true);
    expect(isWidening('"" | string', 'string')).toBe(false);
    expect(isWidening('number', 'string')).toBe(false);
    expect(isBreaking('param_added', { required: true })).toBe(true);
    expect(isBreaking('param_added', { required: false })).toBe(false);
  });
});

describe('stripe-codegen diff', () => {
  it('prints Markdown grouped by resource, breaking first, with counts', async () => {
    const dir = scratch('diff-cli');
    const r = await runCli(['diff', tinySpec, writeSpec(dir, 'next.json', additive(breaking()))]);
    expect(r.code).toBe(0);
    const md = r.out;
    expect(md).toMatch(/^# API changes: 2024-01-01 \(tiny\.json\) → 2024-01-01 \(next\.json\)$/m);
    expect(md).toMatch(/^\*\*3 breaking changes\*\*, 3 non-breaking changes: 1 methods added, 1 removed; 1 params added, 1 removed; 1 response fields added, 1 removed\.$/m);
    expect(md).toMatch(/^> \*\*1 METHOD REMOVED: widgets\.polish\*\*$/m);
    expect(md.indexOf('## Breaking changes (3)')).toBeLessThan(md.indexOf('## Non-breaking changes (3)'));
    expect(md).toMatch(/### stripe\.widgets \(2\)\n\n- method `widgets\.polish` removed \(post \/v1\/widgets\/\{widget\}\/polish\) _\(method_removed\)_/);
  });

  it('--json prints the documented shape, and --fail-on-breaking exits 1', async () => {
    const dir = scratch('diff-cli');
    const next = writeSpec(dir, 'next.json', breaking());
    const r = await runCli(['diff', tinySpec, next, '--json', '--fail-on-breaking']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { from: unknown; to: unknown; summary: unknown; changes: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['from', 'to', 'summary', 'changes']);
    expect(out.summary).toEqual({ breaking: 3, nonBreaking: 0 });
    expect(out.changes.find((c) => c.kind === 'method_removed')).toEqual({ kind: 'method_removed', breaking: true, method: 'widgets.polish', message: 'method `widgets.polish` removed (post /v1/widgets/{widget}/polish)' });
    const allowed = ['kind', 'breaking', 'method', 'param', 'field', 'schema', 'value', 'message'];
    for (const c of out.changes) expect(Object.keys(c).every((k) => allowed.includes(k))).toBe(true);
    expect((await runCli(['diff', tinySpec, writeSpec(dir, 'add.json', additive()), '--fail-on-breaking'])).code).toBe(0);
  });

  it('takes a generated package folder, a registry name, or a comma-separated list as a side', async () => {
    const dir = scratch('diff-cli');
    const out = join(dir, 'pkg');
    expect((await runCli(['generate', '--spec', tinySpec, '--out', out, '--quiet'])).code).toBe(0);
    const same = await runCli(['diff', out, tinySpec, '--json']);
    expect(JSON.parse(same.out).changes).toEqual([]);
    const listed = await runCli(['diff', tinySpec, `${tinySpec},${writeSpec(dir, 'extra.json', additive())}`, '--json']);
    expect(JSON.parse(listed.out).summary).toEqual({ breaking: 0, nonBreaking: 3 });
    const registry = await runCli(['diff', 'stripe-2026-07-29.billing-meters', 'stripe-2026-07-29.billing-meters', '--json']);
    expect(JSON.parse(registry.out)).toMatchObject({ from: { sources: ['stripe-2026-07-29.billing-meters'] }, changes: [] });
  });

  it('exits 2 with one line for a side that is nothing it knows', async () => {
    const dir = scratch('diff-cli');
    mkdirSync(join(dir, 'empty'));
    const r = await runCli(['diff', 'no-such-spec', tinySpec]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: diff: "no-such-spec" is neither a file, a generated package folder nor a registry name/);
    expect((await runCli(['diff', join(dir, 'empty'), tinySpec])).err).toMatch(/empty is a folder without manifest\.json, not a generated package/);
  });
});
