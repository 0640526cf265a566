#!/usr/bin/env node
// `npm run build` (run by `npm run generate` after generation): turns runtime/ and generated/ into the package's dist/runtime and dist/generated.
//   - .d.ts files: tsc (tsconfig.build.json, declarations only), one per source file as before;
//   - JavaScript: esbuild bundles, so importing the package loads a handful of modules, not ~180.
//
// Bundles (each is ONE module; "→" = what it imports from other bundles, as relative imports):
//   dist/runtime/index.js               runtime/: the single runtime instance                      → node:*
//   dist/runtime/transport/undici.js    runtime/transport/undici.ts, loaded lazily by the client   → runtime, undici
//   dist/runtime/meter-events/index.js  runtime/meter-events/                                      → runtime
//   dist/generated/index.js             generated/: the full `Stripe` client with every resource   → runtime, meter-events
//   dist/generated/resources/**.js      one per resource module (the `./resources/*` entries)      → runtime, sub-resources
// Another bundle's module is only ever reached through that bundle's entry, so every entry point of
// the package shares one StripeError, one PreEncodedJson, one StripeClient (`instanceof` works across
// them). Resource classes are the exception: `stripe-codegen` inlines its own copies (one module
// instead of ~140), so `CustomersResource` from `stripe-codegen/resources/customers` is not the class
// behind `stripe.customers`; both call the same shared runtime.
//
// Everything is written to dist/.build-<pid> first, checked by importing every bundle in a fresh Node
// process (a name one bundle imports that another does not export fails here, not in a user's app),
// then swapped into place: a failed build leaves the previous dist/ alone, and a test or bench running
// meanwhile never sees a half-written one. Output is deterministic (sorted inputs, no timestamps, no
// source maps).

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** Where this build writes before the swap; mirrors dist/ (one per process: two builds may overlap). */
const out = join(dist, `.build-${process.pid}`);
const OUTPUTS = ['runtime', 'generated'];

const posix = (p) => p.split(sep).join('/');
/** Path relative to the repo root, with `/`. */
const rel = (abs) => posix(relative(root, abs));

/** The bundle a source file belongs to: its output path relative to dist/ ('inline': type-only, goes nowhere). */
function bundleOf(file) {
  const r = rel(file);
  if (r.startsWith('runtime/meter-events/')) return 'runtime/meter-events/index.js';
  if (r === 'runtime/transport/undici.ts') return 'runtime/transport/undici.js';
  if (r.startsWith('runtime/')) return 'runtime/index.js';
  if (r.startsWith('generated/resources/')) return r.replace(/\.ts$/, '.js');
  if (r.startsWith('generated/types/')) return 'inline';
  if (r.startsWith('generated/')) return 'generated/index.js';
  throw new Error(`build-package: ${r} is outside runtime/ and generated/`);
}

/**
 * esbuild plugin: a relative import of a file that `own(target, importer)` says is not part of the
 * bundle being built becomes an external import of the bundle that file belongs to, by a path
 * relative to the importing bundle's output file.
 */
function crossBundleImports(own, outFileOf) {
  return {
    name: 'cross-bundle-imports',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const target = join(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        if (own(target, args.importer)) return undefined;
        const owner = bundleOf(target);
        if (owner === 'inline') return undefined;
        let path = posix(relative(dirname(outFileOf(args.importer)), join(out, owner)));
        if (!path.startsWith('.')) path = `./${path}`;
        return { path, external: true };
      });
    },
  };
}

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  packages: 'external',
  tsconfig: join(root, 'tsconfig.build.json'),
  logLevel: 'warning',
  legalComments: 'none',
  banner: { js: '// Built by generator/build-package.mjs from runtime/ and generated/: do not edit.' },
};

/**
 * Generated code is mechanical (its documentation lives in the .d.ts files), and importing
 * `stripe-codegen` is mostly V8 compiling the main bundle: without whitespace (300 KB → 150 KB) it
 * compiles ~15% faster (~2.5 ms). Identifiers and syntax are kept, so stack traces still name classes
 * and methods. The handwritten runtime stays as readable as its source.
 */
const generatedOptions = { minifyWhitespace: true };

/** A bundle with one entry that inlines the files `own(repo-relative path)` accepts. */
function single(entry, own, options = {}) {
  const outfile = join(out, bundleOf(join(root, entry)));
  return build({
    ...common,
    ...options,
    entryPoints: [join(root, entry)],
    outfile,
    plugins: [crossBundleImports((f) => own(rel(f)), () => outfile)],
  });
}

function tsFiles(dir) {
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...tsFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
  }
  return files.sort();
}

const t0 = performance.now();
let t1 = 0;
let t2 = 0;
let entries = [];
try {
  const resources = tsFiles(join(root, 'generated', 'resources'));
  await Promise.all([
    single('runtime/index.ts', (r) => r.startsWith('runtime/') && bundleOf(join(root, r)) === 'runtime/index.js'),
    single('runtime/transport/undici.ts', (r) => r === 'runtime/transport/undici.ts'),
    single('runtime/meter-events/index.ts', (r) => r.startsWith('runtime/meter-events/')),
    single('generated/index.ts', (r) => r.startsWith('generated/'), generatedOptions),
    // Every resource module on its own: it inlines nothing but type-only modules.
    build({
      ...common,
      ...generatedOptions,
      entryPoints: resources,
      outbase: join(root, 'generated'),
      outdir: join(out, 'generated'),
      plugins: [crossBundleImports((target, importer) => target === importer, (importer) => join(out, bundleOf(importer)))],
    }),
  ]);
  t1 = performance.now();

  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly', '--outDir', out], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch (e) {
    throw new Error(`build-package: tsc failed (exit ${e.status ?? e.message}); dist/ left as it was`);
  }
  t2 = performance.now();

  entries = ['runtime/index.js', 'runtime/transport/undici.js', 'runtime/meter-events/index.js', 'generated/index.js', ...resources.map((f) => bundleOf(f))];
  const check = `
    const entries = ${JSON.stringify(entries.map((e) => pathToFileURL(join(out, e)).href))};
    const mods = [];
    for (const u of entries) mods.push(await import(u)); // one at a time: a link error then names the module and export
    const [core, , , main] = mods;
    if (main.StripeError !== core.StripeError || main.PreEncodedJson !== core.PreEncodedJson) throw new Error('two runtime instances');
    if (!(main.Stripe.prototype instanceof core.StripeClient) || Object.getPrototypeOf(main.Stripe) !== core.StripeBase) throw new Error('Stripe does not extend the shared StripeBase and StripeClient');
    // Bundling renames a top-level class when two modules use the same name; error names come from class names.
    for (const [k, v] of Object.entries(core)) if (typeof v === 'function' && /^[A-Z]/.test(k) && v.name !== k) throw new Error(k + ' is named ' + v.name + ' in the bundle');
  `;
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', check], { cwd: root, stdio: 'inherit' });
  } catch {
    throw new Error(
      `build-package: the bundles in ${rel(out)} do not load together (see above; a bundle may import only what ` +
        "another bundle's entry exports, e.g. runtime/index.ts for runtime/meter-events); dist/ left as it was",
    );
  }

  // Swap in: a rename per folder, so readers see the old or the new build.
  for (const d of OUTPUTS) {
    const old = join(out, `${d}.old`);
    if (existsSync(join(dist, d))) renameSync(join(dist, d), old);
    renameSync(join(out, d), join(dist, d));
  }
} finally {
  // Also after a failure: a leftover would be packed with dist/.
  rmSync(out, { recursive: true, force: true });
}

const s = (a, b) => ((b - a) / 1000).toFixed(1);
process.stdout.write(`build-package: ${entries.length} bundles in ${s(t0, t1)} s, declarations in ${s(t1, t2)} s, check ${s(t2, performance.now())} s\n`);
