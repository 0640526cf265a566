// bench/codegen: full client generation, package build included (sources, runtime copy, ESM and
// CommonJS entries, declarations, load check), vs openapi-typescript's types-only generation on the
// same spec, both as the command a user runs, measured in the same run. Reports the ratio.
// Run: npm run bench:codegen  (RUNS=5 by default)
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const spec = join(root, '..', 'shared', 'spec', 'stripe', 'spec3.2023-08-16.json');
const work = join(root, 'bench', '.work', 'codegen');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const runs = Number(process.env.RUNS ?? 5);
process.env.STRIPE_CODEGEN_CACHE = 'off'; // a full run each time (the incremental part below measures the cache)

function time(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const out = execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const elapsed = performance.now() - t0;
  // Our CLI prints each step's time: keep the package build's and the write's (which loads the built package once).
  for (const step of ['build', 'write'] as const) {
    const m = new RegExp(`\\] ${step}\\s+(\\d+) ms`).exec(out);
    if (m) steps[step].push(Number(m[1]));
  }
  return elapsed;
}

const steps = { build: [] as number[], write: [] as number[] };
const baseline: number[] = [];
const ours: number[] = [];
// Interleave the two so machine noise hits both alike.
for (let i = 0; i < runs; i++) {
  baseline.push(time(process.execPath, [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), spec, '-o', join(work, 'types.ts'), '--silent']));
  ours.push(time(process.execPath, [join(root, 'generator', 'bin.js'), 'generate', '--spec', spec, '--out', join(work, 'client')]));
}
const b = median(baseline);
const o = median(ours);
report('codegen', [
  ['openapi-typescript (types only), median ms', b.toFixed(0)],
  ['stripe-codegen generate (full client package), median ms', o.toFixed(0)],
  ['  of which: package build (bundles, declarations), median ms', median(steps.build).toFixed(0)],
  ['  of which: write + load check of the built package, median ms', median(steps.write).toFixed(0)],
  ['ratio (goal <= 2.0)', `${(o / b).toFixed(2)}  ${o / b <= 2 ? 'MET' : 'NOT MET'}`],
]);
await import('./codegen-incremental.js');
