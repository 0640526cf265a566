// bench/templates: what a team folder costs on the default build, measured in one run (interleaved):
// generate with the built-in templates, with the example team folder (test/fixtures/team-templates:
// helpers, partial overrides, a mock per resource, type-checked before writing), and with the same
// folder but the type-check turned off, so the check's own share is visible. Dry runs: nothing written.
// Run: npx tsx bench/templates.ts  (RUNS=3 by default)
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../generator/pipeline.js';
import { median, report } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const team = join(root, 'test', 'fixtures', 'team-templates');
const runs = Number(process.env.RUNS ?? 3);

async function time(options: Parameters<typeof generate>[0]): Promise<number> {
  const t0 = performance.now();
  await generate({ dryRun: true, ...options });
  return performance.now() - t0;
}

const builtIn: number[] = [];
const teamChecked: number[] = [];
const teamUnchecked: number[] = [];
for (let i = 0; i < runs; i++) {
  builtIn.push(await time({}));
  teamChecked.push(await time({ templatesDir: team }));
  teamUnchecked.push(await time({ templatesDir: team, typecheck: false }));
}
const [b, c, u] = [median(builtIn), median(teamChecked), median(teamUnchecked)];
report('templates', [
  ['built-in templates, median ms', b.toFixed(0)],
  ['example team folder, type-checked (the default with a folder), median ms', c.toFixed(0)],
  ['example team folder, not type-checked, median ms', u.toFixed(0)],
  ['team folder / built-in', (c / b).toFixed(2)],
  ['type-check share of the team run', ((c - u) / c).toFixed(2)],
]);
