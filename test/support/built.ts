// Tests of the generated package need `npm run generate` to have run (CI does it first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export function requireGenerated(): void {
  for (const f of [join(repoRoot, 'generated', 'manifest.json'), join(repoRoot, 'dist', 'generated', 'index.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run generate\` before \`npm test\``);
  }
}
