// Tests of the generated package need `npm run generate` to have run (CI does it first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** The repo's default build: a complete package in generated/ (see stripe-codegen.config.json). */
export const generatedPackage = join(repoRoot, 'generated');

export function requireGenerated(): void {
  for (const f of [join(generatedPackage, 'manifest.json'), join(generatedPackage, 'dist', 'esm', 'index.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run generate\` before \`npm test\``);
  }
}
