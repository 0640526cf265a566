// The `Stripe` type namespace takes its names from layout.ts, which refuses any two members that would
// get the same qualified name, including ones whose flat named exports differ, and spec types that
// would take a runtime member's name. Output shape is pinned by the golden test.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.js';
import { generate } from '../../generator/pipeline.js';
import { scratch, tinySpec } from '../support/paths.js';

function specWith(schemas: Record<string, unknown>): string {
  const doc = JSON.parse(readFileSync(tinySpec, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  Object.assign(doc.components.schemas, schemas);
  const file = join(scratch('namespace'), 'spec.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('Stripe namespace names', () => {
  it('refuses two schemas with one namespace name, though their named exports differ', async () => {
    // deleted_radar.value_list -> Radar.DeletedValueList (stripe-node's spelling), as does radar.deleted_value_list
    const spec = specWith({ 'deleted_radar.value_list': { type: 'object' }, 'radar.deleted_value_list': { type: 'object' } });
    const run = generate({ specs: [spec], dryRun: true });
    await expect(run).rejects.toThrow(SpecError);
    await expect(run).rejects.toThrow(/#\/components\/schemas\/radar\.deleted_value_list: type name Stripe\.Radar\.DeletedValueList for schema radar\.deleted_value_list collides with schema deleted_radar\.value_list/);
  });

  it('refuses a schema that would take the name of a runtime member of the namespace', async () => {
    const run = generate({ specs: [specWith({ request_options: { type: 'object' } })], dryRun: true });
    await expect(run).rejects.toThrow(/type name Stripe\.RequestOptions for schema request_options collides with a runtime type of the Stripe namespace/);
  });
});
