// bench/codegen, incremental part: a full run (no cache, no previous output), an unchanged rerun,
// and a rerun after a change to one resource (a new param on customers.create), each as the CLI
// command a user runs, interleaved and measured in the same run. Goal: unchanged rerun <= 0.15x full.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheFile, defaultCacheDir } from '../generator/cache.js';
import { median, report } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const spec = join(root, '..', 'shared', 'spec', 'stripe', 'spec3.2023-08-16.json');
const work = join(root, 'bench', '.work', 'codegen-incremental');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const runs = Number(process.env.RUNS ?? 3);
delete process.env.STRIPE_CODEGEN_CACHE; // bench/codegen turns it off for its own full runs
const out = join(work, 'client');

// The spec as a team keeps it: one file, edited in place. Its changed version: customers.create takes one more param.
const base = readFileSync(spec, 'utf8');
const changed = JSON.parse(base) as { paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } } }> };
changed.paths['/v1/customers']!.post.requestBody.content['application/x-www-form-urlencoded']!.schema.properties.bench_flag = { type: 'boolean' };
const changedText = JSON.stringify(changed);
const specFile = join(work, 'stripe-api.json');

function generate(text: string): number {
  writeFileSync(specFile, text);
  const t0 = performance.now();
  execFileSync(process.execPath, [join(root, 'generator', 'bin.js'), 'generate', '--spec', specFile, '--out', out, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t0;
}

const full: number[] = [];
const unchanged: number[] = [];
const oneResource: number[] = [];
for (let i = 0; i < runs; i++) {
  rmSync(out, { recursive: true, force: true });
  rmSync(cacheFile(defaultCacheDir(), out), { force: true });
  full.push(generate(base));
  unchanged.push(generate(base));
  oneResource.push(generate(changedText));
}
const f = median(full);
const u = median(unchanged);
const c = median(oneResource);
report('codegen (incremental)', [
  ['full generate (no cache, fresh folder), median ms', f.toFixed(0)],
  ['unchanged rerun, median ms', u.toFixed(0)],
  ['one-resource change (customers.create), median ms', c.toFixed(0)],
  ['unchanged / full (goal <= 0.15)', (u / f).toFixed(2)],
  ['one-resource change / full', (c / f).toFixed(2)],
]);
