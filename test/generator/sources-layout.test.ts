import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError, SpecError } from '../../generator/errors.js';
import { sha256 } from '../../generator/load.js';
import { camel, identifierFor, kebab, pascal } from '../../generator/layout.js';
import { readRegistry, resolveSpecs, type SourceRegistry } from '../../generator/sources.js';
import { generate } from '../../generator/pipeline.js';
import { readFileSync } from 'node:fs';
import { scratch, sharedSpecs, tinySpec } from '../support/paths.js';

const tinyRegistry = (sha: string): SourceRegistry => ({
  defaultBuild: ['tiny'],
  sources: { tiny: { apiVersion: '2024-01-01', description: 't', files: [{ name: 'tiny.json', sha256: sha }], upstream: { repository: 'r', path: 'p' } } },
});

describe('spec sources', () => {
  it('the registry pins every file in ../shared/spec/stripe by sha256', () => {
    const reg = readRegistry();
    for (const entry of Object.values(reg.sources)) {
      for (const f of entry.files) expect(sha256(readFileSync(join(sharedSpecs, f.name))), f.name).toBe(f.sha256);
    }
  });

  it('resolution order: --spec, then STRIPE_SPEC, then the folders in order', () => {
    const a = scratch('src');
    const b = scratch('src');
    copyFileSync(tinySpec, join(b, 'tiny.json'));
    const reg = tinyRegistry(sha256(readFileSync(tinySpec)));
    expect(resolveSpecs({ registry: reg, folders: [a, b], env: {} })[0]!.path).toBe(join(b, 'tiny.json'));
    copyFileSync(tinySpec, join(a, 'tiny.json'));
    expect(resolveSpecs({ registry: reg, folders: [a, b], env: {} })[0]!.path).toBe(join(a, 'tiny.json'));
    expect(resolveSpecs({ registry: reg, folders: [a, b], env: { STRIPE_SPEC: join(b, 'tiny.json') } })[0]!.path).toBe(join(b, 'tiny.json'));
    expect(resolveSpecs({ registry: reg, folders: [a], env: { STRIPE_SPEC: join(a, 'x.json') }, specs: [tinySpec] })[0]!.path).toBe(tinySpec);
  });

  it('refuses a registered file whose sha256 does not match', () => {
    const dir = scratch('src');
    writeFileSync(join(dir, 'tiny.json'), readFileSync(tinySpec, 'utf8') + '\n');
    expect(() => resolveSpecs({ registry: tinyRegistry(sha256(readFileSync(tinySpec))), folders: [dir], env: {} })).toThrow(SourceError);
    expect(() => resolveSpecs({ registry: tinyRegistry(sha256(readFileSync(tinySpec))), folders: [dir], env: {} })).toThrow(/sha256 [0-9a-f]{64} does not match/);
  });

  it('says where it looked when a source is missing', () => {
    const dir = scratch('src');
    mkdirSync(dir, { recursive: true });
    expect(() => resolveSpecs({ registry: tinyRegistry('0'), folders: [dir], env: {} })).toThrow(/spec source "tiny" not found; looked for:\n {2}.*tiny\.json\nDownload it with `stripe-codegen spec pull tiny`, or pass its path \(--spec FILE, a path in the config's specs, or STRIPE_SPEC\)\./);
    // A slice cannot be downloaded: the message does not offer it.
    const plain = tinyRegistry('0');
    const slice: SourceRegistry = { ...plain, sources: { tiny: { ...plain.sources.tiny!, upstream: { repository: 'r', path: 'p', slice: true } } } };
    expect(() => resolveSpecs({ registry: slice, folders: [dir], env: {} })).toThrow(/\n"tiny" is a slice, not a file Stripe publishes: pass its path \(--spec FILE/);
  });
});

describe('layout names', () => {
  it('converts spec names to TypeScript names', () => {
    expect(pascal('issuing.card')).toBe('IssuingCard');
    expect(pascal('v2.billing.meter_event_session')).toBe('V2BillingMeterEventSession');
    expect(camel('billing_portal')).toBe('billingPortal');
    expect(kebab('billingPortal')).toBe('billing-portal');
    expect(identifierFor('customer')).toBe('customer');
    expect(identifierFor('default')).toBe('defaultId');
    expect(identifierFor('3ds')).toBe('_3ds');
  });

  it('refuses two schemas that would get the same type name', async () => {
    const dir = scratch('layout');
    const doc = JSON.parse(readFileSync(tinySpec, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    doc.components.schemas['deleted.widget'] = { type: 'object' };
    writeFileSync(join(dir, 'clash.json'), JSON.stringify(doc));
    await expect(generate({ specs: [join(dir, 'clash.json')], dryRun: true })).rejects.toThrow(SpecError);
    await expect(generate({ specs: [join(dir, 'clash.json')], dryRun: true })).rejects.toThrow(/type name DeletedWidget for schema deleted_widget collides with schema deleted\.widget|type name DeletedWidget for schema deleted\.widget collides with schema deleted_widget/);
  });
});
