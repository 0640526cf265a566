// bench/package: what a consumer pays for the generated package (the repo's default build in
// generated/, packed and installed like any npm package) against stripe@23.1.0, in one run:
//   1. install size: node_modules after `npm ci` of the tarball (bytes of files and disk usage,
//      and the number of packages); goal: at most 0.25x stripe-node's MB;
//   2. esbuild --bundle --minify of a consumer that calls customers.create once; goal <= 25 KB;
//   3. cold import: a process that imports the package minus a bare `node -e 0`; goal <= 0.3x.
// Everything installs offline from the npm cache (test/support/offline-install.ts).
// Run: npm run bench:package  (IMPORT_RUNS=20 by default). Needs `npm run generate` first.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { installOffline, pack } from '../test/support/offline-install.js';
import { median, report } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const generated = join(root, 'generated');
if (!existsSync(join(generated, 'dist', 'esm', 'index.js'))) throw new Error('run `npm run generate` first: generated/dist/ is missing');
const work = join(root, 'bench', '.work', 'package');
rmSync(work, { recursive: true, force: true });
const ours = join(work, 'ours');
const theirs = join(work, 'stripe-node');
for (const d of [ours, theirs]) mkdirSync(d, { recursive: true });
const importRuns = Number(process.env.IMPORT_RUNS ?? 20);

const packed = await pack(generated, work);
await installOffline(ours, [packed], { type: 'module' });
await installOffline(theirs, [], { type: 'module' }, ['stripe']);
const name = packed.manifest.name;

// ---------------------------------------------------------------------------------------------
// 1. Install size.

interface Size {
  bytes: number;
  /** Disk usage as `du` counts it: 4 KiB blocks, so many small files weigh more. */
  disk: number;
  files: number;
  packages: number;
}
function sizeOf(nodeModules: string): Size {
  const s: Size = { bytes: 0, disk: 0, files: 0, packages: 0 };
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = lstatSync(p);
        s.bytes += st.size;
        s.disk += st.blocks * 512;
        s.files++;
      }
    }
  };
  walk(nodeModules);
  for (const e of readdirSync(nodeModules)) {
    if (e.startsWith('.')) continue;
    s.packages += e.startsWith('@') ? readdirSync(join(nodeModules, e)).length : 1;
  }
  return s;
}
const oursSize = sizeOf(join(ours, 'node_modules'));
const theirSize = sizeOf(join(theirs, 'node_modules'));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
const sizeRow = (s: Size) => `${mb(s.bytes)} in files (${mb(s.disk)} on disk), ${s.files} files, ${s.packages} package(s)`;

// ---------------------------------------------------------------------------------------------
// 2. Bundle size of a one-call consumer.

const entries: Record<string, [string, string]> = {
  'per-resource': [
    ours,
    `import { StripeClient } from '${name}/core';\nimport { CustomersResource } from '${name}/resources/customers';\n` +
      "const customers = new CustomersResource(new StripeClient(process.env.STRIPE_SECRET_KEY ?? 'sk_test_x'));\n" +
      "console.log(await customers.create({ email: 'jenny@example.com' }));\n",
  ],
  full: [ours, `import Stripe from '${name}';\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_x');\nconsole.log(await stripe.customers.create({ email: 'jenny@example.com' }));\n`],
  'stripe-node': [theirs, "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_x');\nconsole.log(await stripe.customers.create({ email: 'jenny@example.com' }));\n"],
};
async function bundleSize(key: string, externalUndici: boolean): Promise<number> {
  const [dir, code] = entries[key]!;
  writeFileSync(join(dir, `${key}.mjs`), code);
  const r = await build({ absWorkingDir: dir, entryPoints: [join(dir, `${key}.mjs`)], bundle: true, minify: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent', external: externalUndici ? ['undici'] : [] });
  return r.outputFiles.reduce((s, f) => s + f.contents.length, 0);
}
const perResource = await bundleSize('per-resource', true);
const perResourceUndici = await bundleSize('per-resource', false);
const full = await bundleSize('full', true);
const stripeNode = await bundleSize('stripe-node', false);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------------------------------------
// 3. Cold import, each case its own process minus a bare one of the same kind, interleaved so
// machine noise hits all alike.

const cases: Record<string, [string, string[]]> = {
  // A bare process of each kind: evaluating ESM loads the ESM loader first, CommonJS does not.
  bare: [ours, ['--input-type=module', '-e', 'await 0']],
  'bare (CommonJS)': [ours, ['-e', '0']],
  'ours (ESM)': [ours, ['--input-type=module', '-e', `await import('${name}')`]],
  'ours (CommonJS)': [ours, ['-e', `require('${name}')`]],
  'stripe-node': [theirs, ['--input-type=module', '-e', "await import('stripe')"]],
};
const times = new Map(Object.keys(cases).map((k) => [k, [] as number[]]));
for (let i = 0; i < importRuns; i++) {
  for (const [k, [cwd, args]] of Object.entries(cases)) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { cwd, stdio: 'ignore' });
    times.get(k)!.push(performance.now() - t0);
  }
}
const bare = median(times.get('bare')!);
const cost = (k: string) => median(times.get(k)!) - median(times.get(k.includes('CommonJS') ? 'bare (CommonJS)' : 'bare')!);
const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
const sizeRatio = oursSize.bytes / theirSize.bytes;
const diskRatio = oursSize.disk / theirSize.disk;
const importRatio = cost('ours (ESM)') / cost('stripe-node');

report('package', [
  ['setup', `${name}@${packed.manifest.version} (generated/, packed) vs stripe@${JSON.parse(execFileSync('npm', ['ls', 'stripe', '--json'], { cwd: theirs, encoding: 'utf8' })).dependencies.stripe.version}; npm ci --offline; node ${process.version}`],
  ['-- install size: node_modules', ''],
  [name, sizeRow(oursSize)],
  ['stripe', sizeRow(theirSize)],
  ['ours / stripe-node, bytes (goal <= 0.25x)', `${sizeRatio.toFixed(3)}x  ${verdict(sizeRatio <= 0.25)}`],
  ['ours / stripe-node, disk usage (informational)', `${diskRatio.toFixed(2)}x`],
  ['-- bundle: esbuild --bundle --minify, one customers.create call', ''],
  ['per-resource (core + resources/customers), --external:undici', `${kb(perResource)}  goal <= 25 KB: ${verdict(perResource <= 25 * 1024)}`],
  ['per-resource, undici bundled', kb(perResourceUndici)],
  [`full \`import Stripe from '${name}'\`, --external:undici`, kb(full)],
  ['stripe-node', kb(stripeNode)],
  ['-- cold import: median ms minus bare node', `(${importRuns} runs each; bare = ${bare.toFixed(0)} ms)`],
  [`import('${name}')`, `${cost('ours (ESM)').toFixed(1)} ms`],
  [`require('${name}')`, `${cost('ours (CommonJS)').toFixed(1)} ms  (informational)`],
  ["import('stripe')", `${cost('stripe-node').toFixed(1)} ms`],
  ['ours / stripe-node (goal <= 0.30x)', `${importRatio.toFixed(2)}x  ${verdict(importRatio <= 0.3)}`],
]);
