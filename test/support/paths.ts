// Shared locations for tests: the repository, the shared spec folder beside it, fixtures, scratch space.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const sharedSpecs = resolve(repoRoot, '..', 'shared', 'spec', 'stripe');
export const fixtures = join(repoRoot, 'test', 'fixtures');
export const tinySpec = join(fixtures, 'specs', 'tiny.json');
export const publicSpecJson = join(sharedSpecs, 'spec3.2023-08-16.json');
export const publicSpecYaml = join(sharedSpecs, 'spec3.2023-08-16.yaml');
export const meterSlice = join(sharedSpecs, 'stripe-2026-07-29.billing-meters.slice.json');
export const seedSlice = join(sharedSpecs, 'stripe-2026-07-29.seed-resources.slice.json');
export const sdkSpec = join(sharedSpecs, 'spec3.sdk.2020-08-27.json');

/** A fresh scratch folder under test/.work (git-ignored). */
export function scratch(prefix: string): string {
  const base = join(repoRoot, 'test', '.work');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${prefix}-`));
}
