// bench/runtime: the runtime against stripe-node, in one run.
//   1. requests/s of `customers.retrieve('cus_123')` with 8 concurrent callers against one
//      local server in its own process (bench/runtime-server.ts): this client (the built
//      package, dist/), stripe-node, a raw undici Pool loop (the ceiling) and global fetch.
//      Each contender is its own process; they are measured in short interleaved slices (order
//      rotated every cycle) and ratios are the median of per-cycle ratios.
//   2. cold import cost: a process that only imports the package minus a bare `node -e 0`.
//   3. esbuild-minified size of a bundle that only calls `customers.create`.
// Run: npm run bench:runtime
// Env: WARMUP_MS (2000 each), MEASURE_MS (6000 each), SLICE_MS (250), CONCURRENCY (8), IMPORT_RUNS (10), FETCH=0 skips fetch.
// Measures generated/dist/: run `npm run generate` after changing runtime/.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { LoadMessage, LoadReply } from './runtime-load.js';
import { median, percentile, report, staleRuntime, staleSources } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, 'bench', '.work', 'runtime');
const warmupMs = Number(process.env.WARMUP_MS ?? 2000);
/** Measured time per contender, run in slices of SLICE_MS. */
const measureMs = Number(process.env.MEASURE_MS ?? 6000);
const sliceMs = Number(process.env.SLICE_MS ?? 250);
const concurrency = Number(process.env.CONCURRENCY ?? 8);
const importRuns = Number(process.env.IMPORT_RUNS ?? 10);
const withFetch = process.env.FETCH !== '0';
/** Children run TypeScript through tsx's loader in one process (no tsx CLI wrapper process). */
const tsNode = ['--import', 'tsx'];

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const x = (v: number): string => `${v.toFixed(2)}x`;
const verdict = (ok: boolean): string => (ok ? 'MET' : 'NOT MET');

// ---------------------------------------------------------------------------------------------
// Setup: a folder where `stripe-codegen` and `stripe` resolve as installed packages.

rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
// The repo's default build (generated/) is the package; installed here under the name the rows use.
symlinkSync(join(root, 'generated'), join(work, 'node_modules', 'stripe-codegen'), 'dir');
symlinkSync(join(root, 'node_modules', 'stripe'), join(work, 'node_modules', 'stripe'), 'dir');
// A package.json of its own: without it, `stripe-codegen` would resolve to the repo root (a package's self-reference).
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'bench-runtime', private: true }));

// runtime/ and generated/resources sources newer than the build (or no build): the bench measures dist/.
// `npm run generate` writes every bundle in one go; generated/dist/esm/runtime/index.js stands for all of them.
const builtMarker = join(root, 'generated', 'dist', 'esm', 'runtime', 'index.js');
const builtAt = existsSync(builtMarker) ? statSync(builtMarker).mtimeMs : 0;
const staleFiles = [...staleRuntime(root), ...staleSources(root, join('generated', 'resources'), builtAt)];
const stale = staleFiles.length > 0;
if (stale) process.stdout.write(`WARNING: dist/ is older than ${staleFiles.slice(0, 3).join(', ')}${staleFiles.length > 3 ? ', ...' : ''}: run \`npm run generate\` first; measuring the stale build.\n`);

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const stripeNodeVersion = versionOf('stripe');
const undiciVersion = versionOf('undici');

// ---------------------------------------------------------------------------------------------
// 1. Throughput. Every contender is a separate, long-lived process (bench/runtime-load.ts); after
// a warm-up each, the parent runs them one at a time in short slices, rotating the order every
// cycle, so a contender's slices sit next to the others' and noise from the rest of the machine
// (which swings throughput by +-40% here from one second to the next) hits all of them alike.

interface Contender {
  name: string;
  label: string;
  proc: ChildProcess;
  /** Per measured slice: calls/s, CPU us per call, server CPU share. */
  slices: { rps: number; cpuUsPerCall: number; serverCpu: number }[];
  count: number;
  activeMs: number;
  done?: Extract<LoadReply, { type: 'done' }>;
}

function startServer(): Promise<{ proc: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...tsNode, join(root, 'bench', 'runtime-server.ts')], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_EXIT_ON_STDIN_CLOSE: '1' },
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /BENCH_SERVER_PORT=(\d+)/.exec(out);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.on('exit', (code) => reject(new Error(`bench server exited (${code}) before listening`)));
  });
}

/** The next message from a contender process. */
function reply<T extends LoadReply['type']>(proc: ChildProcess, type: T): Promise<Extract<LoadReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: LoadReply): void => {
      if (m.type !== type) return;
      cleanup();
      resolve(m as Extract<LoadReply, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`contender process exited (${code}) while waiting for '${type}'`));
    };
    const cleanup = (): void => {
      proc.off('message', onMessage);
      proc.off('exit', onExit);
    };
    proc.on('message', onMessage);
    proc.on('exit', onExit);
  });
}

function startContender(name: string, label: string, port: number): Contender {
  const proc = spawn(process.execPath, [...tsNode, join(root, 'bench', 'runtime-load.ts'), name, String(port), String(concurrency)], {
    cwd: work,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return { name, label, proc, slices: [], count: 0, activeMs: 0 };
}

async function runSlice(c: Contender, ms: number, measure: boolean, serverCpu: () => Promise<number>): Promise<void> {
  const s0 = measure ? await serverCpu() : 0;
  const got = reply(c.proc, 'slice');
  c.proc.send({ type: 'run', ms, measure } satisfies LoadMessage);
  const r = await got;
  if (!measure) return;
  const s1 = await serverCpu();
  c.slices.push({ rps: r.count / (r.elapsedMs / 1000), cpuUsPerCall: r.cpuUs / r.count, serverCpu: (s1 - s0) / r.elapsedMs });
  c.count += r.count;
  c.activeMs += r.elapsedMs;
}

const server = await startServer();
const origin = `http://127.0.0.1:${server.port}`;
/** Server CPU time so far (ms); asked between slices, so it is not part of any contender's slice. */
const serverCpu = async (): Promise<number> => ((await (await fetch(`${origin}/__bench/cpu`)).json()) as { cpuMs: number }).cpuMs;
const contenders: Contender[] = [];
try {
  contenders.push(
    startContender('ours', 'this client (dist, default undici transport)', server.port),
    startContender('stripe-node', 'stripe-node', server.port),
    startContender('undici-pool', 'raw undici Pool loop (ceiling)', server.port),
  );
  if (withFetch) contenders.push(startContender('fetch', 'global fetch (reference)', server.port));
  await Promise.all(contenders.map((c) => reply(c.proc, 'ready')));
  // Warm-up one after the other (each gets the machine to itself), then the measured cycles.
  for (const c of contenders) await runSlice(c, warmupMs, false, serverCpu);
  const cycles = Math.max(1, Math.round(measureMs / sliceMs));
  for (let i = 0; i < cycles; i++) {
    for (let j = 0; j < contenders.length; j++) await runSlice(contenders[(i + j) % contenders.length], sliceMs, true, serverCpu);
  }
  for (const c of contenders) {
    const done = reply(c.proc, 'done');
    c.proc.send({ type: 'finish' } satisfies LoadMessage);
    c.done = await done;
    if (c.done.errors > 0) process.stdout.write(`WARNING: ${c.name}: ${c.done.errors} failed calls (first: ${c.done.firstError})\n`);
  }
} finally {
  for (const c of contenders) if (c.proc.exitCode === null) c.proc.kill('SIGTERM');
  server.proc.kill('SIGTERM');
}

if (process.env.BENCH_DEBUG) {
  for (const c of contenders) process.stdout.write(`${c.name}: ${c.slices.map((s) => s.rps.toFixed(0)).join(' ')}\n`);
}
const byName = (name: string): Contender | undefined => contenders.find((c) => c.name === name);
const rpsOf = (c: Contender): number => c.count / (c.activeMs / 1000);
/**
 * Median over cycles of ours/other in the same cycle (slices a few hundred ms apart), and the
 * ratio of the whole-run rates next to it.
 */
function ratio(other: string): { paired: number; overall: number } {
  const a = byName('ours')!;
  const b = byName(other)!;
  return { paired: median(a.slices.map((s, i) => s.rps / b.slices[i].rps)), overall: rpsOf(a) / rpsOf(b) };
}
const vsStripe = ratio('stripe-node');
const vsPool = ratio('undici-pool');

const loadRow = (c: Contender | undefined): [string, string] =>
  c
    ? [
        c.label,
        `${rpsOf(c).toFixed(0).padStart(6)} req/s  p50 ${c.done!.p50.toFixed(2)} ms  p99 ${c.done!.p99.toFixed(2)} ms  ` +
          `client CPU ${median(c.slices.map((s) => s.cpuUsPerCall)).toFixed(0)} us/call  ` +
          `server CPU ${(median(c.slices.map((s) => s.serverCpu)) * 100).toFixed(0)}%  ` +
          `[slice req/s p10..p90: ${percentile(c.slices.map((s) => s.rps), 10).toFixed(0)}..${percentile(c.slices.map((s) => s.rps), 90).toFixed(0)}]`,
      ]
    : ['global fetch (reference)', 'skipped (FETCH=0)'];
const ratioRow = (label: string, v: { paired: number; overall: number }, goal: number): [string, string] => [
  `${label} (goal >= ${goal.toFixed(2)}x)`,
  `${x(v.paired)}  ${verdict(v.paired >= goal)}  (median of per-cycle ratios; whole-run ratio ${x(v.overall)})`,
];

// ---------------------------------------------------------------------------------------------
// 2. Cold import cost.

// What-if: the dist/ graph of the main entry emitted as one file (esbuild, undici's transport kept in
// a lazily loaded chunk). Not what ships (dist/ is already a few bundles: see generator/package-build.ts);
// shows what the remaining module boundaries cost.
const onefile = await build({
  absWorkingDir: work,
  entryPoints: [join(root, 'generated', 'dist', 'esm', 'index.js')],
  metafile: true,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  external: ['undici'],
  outdir: join(work, 'onefile'),
  logLevel: 'silent',
});
/** Modules the package's main entry is made of (statically or lazily imported). */
const modulesLoaded = Object.keys(onefile.metafile.inputs).length;
/** Of those, the ones `import('stripe-codegen')` loads (the undici transport waits for the first request). */
const modulesAtImport = Object.keys(onefile.metafile.inputs).filter((k) => !/transport\/undici\.js$/.test(k)).length;

const importCases: Record<string, string[]> = {
  bare: ['-e', '0'],
  ours: ['-e', "import('stripe-codegen')"],
  'ours-core': ['-e', "import('stripe-codegen/core')"],
  'ours-customers': ['-e', "import('stripe-codegen/resources/customers')"],
  'stripe-node': ['-e', "import('stripe')"],
  'what-if-onefile': ['-e', "import('./onefile/index.js')"],
};
const importTimes = new Map<string, number[]>(Object.keys(importCases).map((k) => [k, []]));
for (let i = 0; i < importRuns; i++) {
  // Interleaved so machine noise hits every case alike.
  for (const [k, args] of Object.entries(importCases)) {
    const t0 = performance.now();
    execFileSync(process.execPath, args, { cwd: work, stdio: 'ignore' });
    importTimes.get(k)!.push(performance.now() - t0);
  }
}
const bare = median(importTimes.get('bare')!);
const importCost = (k: string): number => median(importTimes.get(k)!) - bare;
const importRatio = importCost('ours') / importCost('stripe-node');

// ---------------------------------------------------------------------------------------------
// 3. Bundle size.

const entries: Record<string, string> = {
  'ours-per-resource.mjs':
    "import { StripeClient } from 'stripe-codegen/core';\n" +
    "import { CustomersResource } from 'stripe-codegen/resources/customers';\n" +
    "const customers = new CustomersResource(new StripeClient(process.env.STRIPE_SECRET_KEY ?? 'sk_test_x'));\n" +
    "console.log(await customers.create({ email: 'jenny@example.com' }));\n",
  'ours-full.mjs':
    "import Stripe from 'stripe-codegen';\n" +
    "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_x');\n" +
    "console.log(await stripe.customers.create({ email: 'jenny@example.com' }));\n",
  'stripe-node.mjs':
    "import Stripe from 'stripe';\n" +
    "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? 'sk_test_x');\n" +
    "console.log(await stripe.customers.create({ email: 'jenny@example.com' }));\n",
};
for (const [f, src] of Object.entries(entries)) writeFileSync(join(work, f), src);

/** `stripe-codegen/core` and `stripe-codegen/resources/*` resolved to their TypeScript sources, for a per-module breakdown. */
const fromSources: Plugin = {
  name: 'from-sources',
  setup(b) {
    b.onResolve({ filter: /^stripe-codegen\/(core|resources\/.+)$/ }, (args) => ({
      path: args.path === 'stripe-codegen/core' ? join(root, 'runtime', 'index.ts') : join(root, 'generated', `${args.path.slice('stripe-codegen/'.length)}.ts`),
    }));
  },
};

/** Minified bytes: everything (entry + lazily imported chunks), and what loads up front (entry + its static imports). */
async function bundle(
  entry: string,
  opts: { externalUndici?: boolean; splitting?: boolean; sources?: boolean } = {},
): Promise<{ total: number; eager: number; inputs: [string, number][] }> {
  const res = await build({
    plugins: opts.sources ? [fromSources] : [],
    absWorkingDir: work,
    entryPoints: [join(work, entry)],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    external: opts.externalUndici ? ['undici'] : [],
    splitting: opts.splitting ?? false,
    outdir: join(work, 'out'),
    metafile: true,
  });
  const inputs = new Map<string, number>();
  for (const o of Object.values(res.metafile.outputs)) {
    for (const [k, v] of Object.entries(o.inputs)) inputs.set(k, (inputs.get(k) ?? 0) + v.bytesInOutput);
  }
  const js = res.outputFiles.filter((f) => f.path.endsWith('.js'));
  // Chunks reachable from the entry through static imports (with --splitting, shared code moves to chunks).
  const outputs = res.metafile.outputs;
  const eagerFiles = new Set<string>();
  const visit = (out: string): void => {
    if (eagerFiles.has(out)) return;
    eagerFiles.add(out);
    for (const i of outputs[out]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined)!);
  const eager = js.filter((f) => [...eagerFiles].some((o) => f.path.endsWith(o))).reduce((s, f) => s + f.contents.length, 0);
  return { total: js.reduce((s, f) => s + f.contents.length, 0), eager, inputs: [...inputs].sort((a, b) => b[1] - a[1]) };
}
const sizeOursExt = await bundle('ours-per-resource.mjs', { externalUndici: true });
const sizeOurs = await bundle('ours-per-resource.mjs');
const sizeOursSplit = await bundle('ours-per-resource.mjs', { splitting: true });
const sizeFullExt = await bundle('ours-full.mjs', { externalUndici: true });
const sizeFull = await bundle('ours-full.mjs');
const sizeStripe = await bundle('stripe-node.mjs');
const sizeOursSources = await bundle('ours-per-resource.mjs', { externalUndici: true, sources: true });
/** Where the per-resource bytes go (minified, before the bundle's own glue). */
const sumWhere = (re: RegExp): number => sizeOursExt.inputs.filter(([k]) => re.test(k)).reduce((s, [, v]) => s + v, 0);
const shortName = (k: string): string => k.replace(/^.*?(runtime|generated)\//, '$1/');
const breakdown = `generated customers.js ${kb(sumWhere(/dist\/esm\/resources\//))}, runtime ${kb(sumWhere(/dist\/esm\/runtime\//))}`;
// dist/runtime/index.js is one bundle: the per-module split comes from the same entry bundled from runtime/*.ts.
const sourceBreakdown =
  `${kb(sizeOursSources.total)} from sources; largest: ` +
  sizeOursSources.inputs
    .filter(([k]) => /(^|\/)runtime\//.test(k))
    .slice(0, 6)
    .map(([k, v]) => `${shortName(k)} ${kb(v)}`)
    .join(', ');

// ---------------------------------------------------------------------------------------------
// Report.

report('runtime', [
  [
    'setup',
    `${concurrency} concurrent callers; per contender ${warmupMs} ms warm-up + ${measureMs} ms measured in ${sliceMs} ms slices interleaved with the others; ` +
      `one server process (node:http); each contender its own process; stripe@${stripeNodeVersion}, undici@${undiciVersion}, node ${process.version}${stale ? ', STALE dist/' : ''}`,
  ],
  ['-- requests/s: customers.retrieve', '(whole measured time; CPU and server share: median slice)'],
  loadRow(byName('ours')),
  loadRow(byName('stripe-node')),
  loadRow(byName('undici-pool')),
  loadRow(byName('fetch')),
  ratioRow('ours / stripe-node', vsStripe, 2),
  ratioRow('ours / raw pool', vsPool, 0.75),
  ['-- cold import: median ms minus bare node', `(${importRuns} runs each; bare \`node -e 0\` = ${bare.toFixed(0)} ms)`],
  ["import('stripe-codegen')", `${importCost('ours').toFixed(1)} ms  (${modulesAtImport} modules of the package)`],
  ["import('stripe-codegen/core')", `${importCost('ours-core').toFixed(1)} ms  (informational)`],
  ["import('stripe-codegen/resources/customers')", `${importCost('ours-customers').toFixed(1)} ms  (informational)`],
  ["import('stripe')", `${importCost('stripe-node').toFixed(1)} ms`],
  ['ours / stripe-node (goal <= 0.30x)', `${x(importRatio)}  ${verdict(importRatio <= 0.3)}`],
  [
    'what-if: dist/generated as one esbuild file',
    `${importCost('what-if-onefile').toFixed(1)} ms = ${x(importCost('what-if-onefile') / importCost('stripe-node'))} stripe-node (not what ships: the same ${modulesLoaded} modules re-bundled by esbuild --splitting, ${Object.keys(onefile.metafile.outputs).filter((o) => o.endsWith('.js')).length} files counting the lazily loaded transport)`,
  ],
  ['-- bundle: esbuild --bundle --minify, node, esm', '(entry calls only customers.create)'],
  ['per-resource (core + resources/customers), --external:undici', `${kb(sizeOursExt.total)}  goal <= 25 KB: ${verdict(sizeOursExt.total <= 25 * 1024)}`],
  ['  of which', breakdown],
  ['  by runtime module', sourceBreakdown],
  ['per-resource, undici bundled', `${kb(sizeOurs.total)}  goal <= 25 KB: ${verdict(sizeOurs.total <= 25 * 1024)}`],
  ['per-resource, undici bundled, --splitting', `loaded up front ${kb(sizeOursSplit.eager)}, total with the lazily loaded transport chunk ${kb(sizeOursSplit.total)}`],
  ["full `import Stripe from 'stripe-codegen'`, --external:undici", kb(sizeFullExt.total)],
  ["full `import Stripe from 'stripe-codegen'`, undici bundled", kb(sizeFull.total)],
  ['stripe-node (uses node:http, nothing external)', kb(sizeStripe.total)],
  ['per-resource --external:undici / stripe-node', x(sizeOursExt.total / sizeStripe.total)],
]);
