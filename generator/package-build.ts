// Builds the generated package's dist/ in memory from its sources (generated code + runtime copy),
// so the write step swaps in sources and build together, or nothing:
//   dist/esm/**.js    ESM bundles (below)
//   dist/cjs/**.cjs   CommonJS entry points: each require()s its ESM bundle (Node >= 20.19 loads ES
//                     modules with require), so both formats share ONE runtime instance and the
//                     JavaScript ships once; dist/cjs/index.cjs makes the Stripe class callable
//   dist/dts, *.d.ts  declarations (package-dts.ts)
//
// Bundles (each ONE module; "->" = what it imports from other bundles, by relative path):
//   runtime/index               runtime/: the single runtime instance                 -> node:*
//   runtime/transport/undici    the undici transport, loaded by the client on first use -> runtime, undici
//   runtime/meter-events/index  runtime/meter-events/                                 -> runtime
//   index                       the `Stripe` client with every resource inlined        -> runtime, meter-events
//   resources/**                one per resource module (the `./resources/*` entries)  -> runtime, sub-resources
// Another bundle's module is only reached through that bundle's entry, so every entry point shares
// one StripeError, one StripeClient (`instanceof` works across them, from ESM and CommonJS alike).
// Importing the main entry loads 3 modules instead of ~180.
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import type { FileMap } from './emit.js';
import { BuildError } from './errors.js';
import { pruneUnreachable } from './dts-compact.js';
import { declarations, entryDeclarations, NODE10_SUBPATHS, resourceEntries, type DeclarationMemo } from './package-dts.js';

/** The bundle a source file (path in the package) belongs to; 'inline' = type-only, bundled nowhere. */
export function bundleOf(rel: string): string {
  if (rel.startsWith('runtime/meter-events/')) return 'runtime/meter-events/index';
  if (rel === 'runtime/transport/undici.ts') return 'runtime/transport/undici';
  if (rel.startsWith('runtime/')) return 'runtime/index';
  if (rel.startsWith('resources/')) return rel.replace(/\.ts$/, '');
  if (rel.startsWith('types/')) return 'inline';
  return 'index';
}

/** Output file of a bundle, relative to dist/. */
function outFile(bundle: string): string {
  return `esm/${bundle}.js`;
}

const VIRTUAL = '/pkg';

/**
 * esbuild plugin serving the package's sources from memory. A relative import of a file that
 * `own(target)` rejects becomes an external import of that file's bundle, by a path relative to
 * the importing bundle's output file.
 */
function fromMemory(sources: FileMap, entryBundle: (importer: string) => string, own: (target: string, bundle: string) => boolean): Plugin {
  return {
    name: 'package-sources',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: posix.join(VIRTUAL, args.path), namespace: 'pkg' };
        if (!args.path.startsWith('.')) return { path: args.path, external: true };
        const importer = posix.relative(VIRTUAL, args.importer);
        let target = posix.join(posix.dirname(importer), args.path).replace(/\.js$/, '.ts');
        if (!sources.has(target) && sources.has(target.replace(/\.ts$/, '/index.ts'))) target = target.replace(/\.ts$/, '/index.ts');
        if (!sources.has(target)) return { errors: [{ text: `${importer}: cannot resolve ${args.path}` }] };
        const bundle = entryBundle(importer);
        const owner = bundleOf(target);
        if (owner === 'inline' || own(target, bundle)) return { path: posix.join(VIRTUAL, target), namespace: 'pkg' };
        let path = posix.relative(posix.dirname(outFile(bundle)), outFile(owner));
        if (!path.startsWith('.')) path = `./${path}`;
        return { path, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: 'pkg' }, (args) => ({
        contents: sources.get(posix.relative(VIRTUAL, args.path))!,
        loader: 'ts',
        resolveDir: posix.dirname(args.path),
      }));
    },
  };
}

const BANNER = '// Built by stripe-codegen from this package\'s sources: do not edit.';

async function bundles(sources: FileMap): Promise<FileMap> {
  const common: BuildOptions = {
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
    outdir: '/out',
    banner: { js: BANNER },
  };
  // Bundles go without whitespace: the documentation lives in the .d.ts files (and the runtime's
  // readable source in the generator's repo), the main bundle compiles ~15% faster at import, and
  // the meter-event core loses a third of its bytes. Identifiers stay, so stack traces name classes
  // and methods. Not runtime/index: minifying drops its `@__PURE__` marks, and without them a
  // consumer's bundler keeps module-level values a one-call app never uses.
  const minified = { minifyWhitespace: true };
  const sameBundle = (target: string, bundle: string) => bundleOf(target) === bundle;
  const groups: { entries: string[]; own: (t: string, b: string) => boolean; bundle: (importer: string) => string; options?: BuildOptions }[] = [
    { entries: ['runtime/index.ts'], own: sameBundle, bundle: () => 'runtime/index' },
    { entries: ['runtime/transport/undici.ts'], own: sameBundle, bundle: () => 'runtime/transport/undici', options: minified },
    { entries: ['runtime/meter-events/index.ts'], own: sameBundle, bundle: () => 'runtime/meter-events/index', options: minified },
    // The main bundle inlines its own copy of every resource class (one module instead of ~140).
    { entries: ['index.ts'], own: (t) => !t.startsWith('runtime/'), bundle: () => 'index', options: minified },
    // A resource bundle also inlines files of no bundle of their own (a team's per-package helper
    // such as acme-log.ts): the main bundle exports only the package's entry.
    { entries: [...sources.keys()].filter((p) => p.startsWith('resources/') && p.endsWith('.ts')).sort(), own: (t, b) => sameBundle(t, b) || (bundleOf(t) === 'index' && t !== 'index.ts' && t !== 'client.ts'), bundle: (importer) => bundleOf(importer), options: minified },
  ];
  const results = await Promise.all(
    groups
      .filter((g) => g.entries.length)
      .map((g) =>
        build({
          ...common,
          ...g.options,
          entryPoints: g.entries.map((e) => ({ in: e, out: outFile(bundleOf(e)).replace(/\.js$/, '') })),
          plugins: [fromMemory(sources, g.bundle, g.own)],
        }),
      ),
  );
  const out: FileMap = new Map();
  for (const r of results) for (const f of r.outputFiles ?? []) out.set(`dist/${posix.relative('/out', f.path)}`, f.text);
  return out;
}

/**
 * dist/cjs/index.cjs: `module.exports` is the Stripe class itself, callable without `new` as
 * stripe-node's is (`require(pkg)(key)`), with the package's named exports (and `default`) as its
 * properties. A Proxy does this without adding properties to the class.
 */
const CJS_ENTRY = `'use strict';
${BANNER}
const pkg = require('../esm/index.js');
const Stripe = new Proxy(pkg.Stripe, {
  apply: (target, _this, args) => new target(...args),
  get: (target, key, receiver) => (key === 'default' || key === 'Stripe' ? Stripe : key in target ? Reflect.get(target, key, receiver) : pkg[key]),
  has: (target, key) => key in target || key in pkg,
});
module.exports = Stripe;
`;

/** The other CommonJS entry points: the ESM bundle, required. */
function cjsEntries(sources: FileMap): FileMap {
  const out: FileMap = new Map();
  for (const e of ['runtime/index', 'runtime/meter-events/index', ...resourceEntries(sources)]) {
    const file = `dist/cjs/${e}.cjs`;
    out.set(file, `'use strict';\nmodule.exports = require('${posix.relative(posix.dirname(file), `dist/esm/${e}.js`)}');\n`);
  }
  return out;
}


/** Everything under dist/ (and the Node 10 folders), from the package's sources (paths as in the output folder). */
export async function buildPackage(files: FileMap, memo?: DeclarationMemo): Promise<FileMap> {
  const sources = new Map([...files].filter(([p]) => p.endsWith('.ts') && !p.endsWith('.d.ts')));
  // esbuild bundles in its own process while this thread writes the declarations.
  const bundling = bundles(sources);
  const dts = declarations(sources, memo);
  const esm = await bundling;
  const all: FileMap = new Map([...esm, ['dist/cjs/index.cjs', CJS_ENTRY], ...cjsEntries(sources), ...dts, ...entryDeclarations(sources)]);
  // A consumer's compiler starts from the entry declarations (dist/esm, dist/cjs), the `./resources/*`
  // ones and the Node 10 folders' (in dist/dts); declaration files none of them reaches are left out.
  const entries = [...all.keys()].filter((p) => !p.startsWith('dist/dts/') || p.startsWith('dist/dts/resources/'));
  const out = pruneUnreachable(all, [...entries, ...NODE10_SUBPATHS.map(([, bundle]) => `dist/dts/${bundle}.d.ts`)]);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Loads every entry point of a written package in a fresh Node process, both formats: a name one
 * bundle imports that another does not export fails here, not in a user's app.
 */
export const VERIFY_SCRIPT = `
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { join } = require('node:path');
const dir = process.argv[1];
const pkg = require(join(dir, 'package.json'));
(async () => {
  const esm = await import(pathToFileURL(join(dir, 'dist/esm/index.js')).href);
  const core = await import(pathToFileURL(join(dir, 'dist/esm/runtime/index.js')).href);
  await import(pathToFileURL(join(dir, 'dist/esm/runtime/meter-events/index.js')).href);
  await import(pathToFileURL(join(dir, 'dist/esm/runtime/transport/undici.js')).href).catch((e) => { if (e.code !== 'ERR_MODULE_NOT_FOUND' || !/undici/.test(e.message)) throw e; });
  if (esm.StripeError !== core.StripeError) throw new Error('two runtime instances in the ESM build');
  if (!(esm.Stripe.prototype instanceof core.StripeClient) || Object.getPrototypeOf(esm.Stripe) !== core.StripeBase) throw new Error('Stripe does not extend the shared StripeBase and StripeClient');
  for (const [k, v] of Object.entries(core)) if (typeof v === 'function' && /^[A-Z]/.test(k) && v.name !== k) throw new Error(k + ' is named ' + v.name + ' in the bundle');
  const req = createRequire(join(dir, 'package.json'));
  const Stripe = req(join(dir, 'dist/cjs/index.cjs'));
  const cjsCore = req(join(dir, 'dist/cjs/runtime/index.cjs'));
  req(join(dir, 'dist/cjs/runtime/meter-events/index.cjs'));
  if (typeof Stripe !== 'function' || Stripe.default !== Stripe || Stripe.StripeError !== cjsCore.StripeError) throw new Error('the CommonJS entry does not export the Stripe class with the runtime');
  if (cjsCore.StripeError !== core.StripeError) throw new Error('CommonJS and ESM load two runtime instances');
  const names = Object.keys(esm).filter((k) => !(k in Stripe));
  if (names.length) throw new Error('the CommonJS entry lacks ' + names.join(', '));
  const { readdirSync } = require('node:fs');
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.js') ? [join(d, e.name)] : []));
  for (const f of walk(join(dir, 'dist/esm/resources'))) await import(pathToFileURL(f).href);
  if (pkg.name === undefined) throw new Error('package.json has no name');
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** Runs VERIFY_SCRIPT on a written package folder; throws with its message when it fails. */
export function verifyPackage(dir: string): void {
  try {
    execFileSync(process.execPath, ['-e', VERIFY_SCRIPT, dir], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const stderr = String((err as { stderr?: string }).stderr ?? err).trim().split('\n').pop();
    throw new BuildError(`the built package does not load (${stderr}); nothing was written`);
  }
}
