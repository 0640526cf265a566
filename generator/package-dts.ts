// The generated package's declarations (dist/dts, the entry declarations, the Node 10 folders),
// from its sources in memory; package-build.ts adds them to the JavaScript it bundles.
//   dist/dts/**.d.ts      one per source file, in a CommonJS-format folder both formats share
//   dist/esm/**.d.ts      one-line ESM-format re-exports of dist/dts for each ESM entry point
//   dist/cjs/index.d.cts  `export = Stripe` for `const Stripe = require(...)`
// CommonJS declaration files can be imported from ESM ones under every moduleResolution; the other
// way round only under nodenext. So they are written once: they are most of the package's bytes.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import { bundleDeclarations } from './dts-bundle.js';
import { compact, hoistImportTypes } from './dts-compact.js';
import type { FileMap } from './emit.js';
import { runtimeDeclarations } from './runtime-dts.js';

/** `resources/customers` for every resource module: each is an entry point of its own. */
export function resourceEntries(sources: FileMap): string[] {
  return [...sources.keys()].filter((p) => p.startsWith('resources/') && p.endsWith('.ts')).map((p) => p.slice(0, -3));
}

/** A type file is already a declaration file when it holds nothing but types. */
function isTypesOnly(text: string): boolean {
  return !/^(export\s+)?(declare\s+)?(const|let|var|function|class|enum|default|async)\b/m.test(text);
}

/**
 * Declarations of generated modules, file by file as `isolatedDeclarations` allows (every export is
 * annotated), in one program without type checking, lib or module resolution: as fast as the
 * compiler gets, and the same text `ts.transpileDeclaration` gives for each file (~3x slower).
 */
function isolatedDeclarations(all: FileMap, memo?: DeclarationMemo): FileMap {
  const out: FileMap = new Map();
  // A file's declarations depend on its text alone (no resolution, no checking): an unchanged
  // source reuses the last build's, and only the others go through the compiler.
  const sources: FileMap = new Map();
  const keys = new Map<string, string>();
  for (const [p, text] of all) {
    const key = createHash('sha256').update(text).digest('hex');
    keys.set(p.replace(/\.ts$/, '.d.ts'), key);
    const known = memo?.known[key];
    if (known === undefined) sources.set(p, text);
    else out.set(p.replace(/\.ts$/, '.d.ts'), known);
  }
  if (sources.size) for (const [p, text] of compile(sources)) out.set(p, text);
  if (memo) for (const [p, text] of out) memo.used[keys.get(p)!] = text;
  return out;
}

function compile(sources: FileMap): FileMap {
  const root = '/pkg';
  const options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    declaration: true,
    emitDeclarationOnly: true,
    isolatedDeclarations: true,
    noLib: true,
    noResolve: true,
    noCheck: true,
    types: [],
    rootDir: root,
    outDir: '/dts',
  };
  const texts = new Map([...sources].map(([p, t]) => [`${root}/${p}`, t]));
  const host = ts.createCompilerHost(options);
  host.fileExists = (f) => texts.has(f);
  host.readFile = (f) => texts.get(f);
  host.getSourceFile = (f, language) => (texts.has(f) ? ts.createSourceFile(f, texts.get(f)!, language) : undefined);
  const out: FileMap = new Map();
  host.writeFile = (name, text) => out.set(name.slice('/dts/'.length), text);
  const program = ts.createProgram([...texts.keys()], options, host);
  const result = program.emit(undefined, undefined, undefined, true);
  const problem = result.diagnostics.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (problem || result.emitSkipped) {
    const line = problem?.file && problem.start !== undefined ? `:${problem.file.getLineAndCharacterOfPosition(problem.start).line + 1}` : '';
    const where = problem?.file ? `${problem.file.fileName.slice(root.length + 1)}${line}: ` : '';
    throw new Error(`declarations: ${where}${problem ? ts.flattenDiagnosticMessageText(problem.messageText, ' ') : 'emit skipped'}`);
  }
  return out;
}

/** Declarations of template output by the sha256 of its source: the run cache's, and this build's for the next run. */
export interface DeclarationMemo {
  readonly known: Readonly<Record<string, string>>;
  readonly used: Record<string, string>;
}

/** dist/dts/**: one declaration file per source file. */
export function declarations(sources: FileMap, memo?: DeclarationMemo): FileMap {
  const out: FileMap = new Map();
  const dts = (p: string) => `dist/dts/${p.replace(/\.ts$/, '.d.ts')}`;
  // Every generated file opens with the banner (the text before index.ts's first blank line). The
  // ~1,000 type files' declarations go without it: 1 in 8 of the package's bytes, said once in the
  // entry declarations, README.md and package.json (the JavaScript bundles drop comments anyway).
  const index = sources.get('index.ts') ?? '';
  const banner = index.includes('\n\n') ? index.slice(0, index.indexOf('\n\n') + 2) : undefined;
  for (const [p, text] of runtimeDeclarations(new Map([...sources].filter(([k]) => k.startsWith('runtime/'))))) out.set(`dist/dts/${p}`, text);
  const rest: FileMap = new Map();
  for (const [p, text] of sources) {
    if (!p.endsWith('.ts') || p.startsWith('runtime/')) continue;
    // Type files (most of the bytes) are copied as they are; the rest goes through the compiler.
    if (p.startsWith('types/') && isTypesOnly(text)) out.set(dts(p), banner && text.startsWith(banner) && banner.trimStart().startsWith('//') ? text.slice(banner.length) : text);
    else rest.set(p, text);
  }
  for (const [p, text] of isolatedDeclarations(rest, memo)) out.set(`dist/dts/${p}`, text);
  out.set('dist/dts/package.json', '{ "type": "commonjs" }\n');
  const bundled = bundleDeclarations(out, 'dist/dts/types/schemas');
  starReexports(bundled, 'dist/dts/types/index.d.ts');
  return shortenLongNames(new Map([...bundled].map(([p, text]) => [p, p.endsWith('.d.ts') ? hoistImportTypes(compact(text)) : text])));
}

/**
 * The type barrel names every type twice (`export type { CustomerCreateParams, ... } from "./params/customers.js"`);
 * where the names it lists are all the file exports (and it exports nothing else), `export type *` says the same.
 */
function starReexports(files: FileMap, barrel: string): void {
  const text = files.get(barrel);
  if (!text) return;
  const dir = posix.dirname(barrel);
  files.set(
    barrel,
    text.replace(/^export type \{ ([\w, ]+) \} from (["'])(\.\/[^"']+)\.js\2;$/gm, (line, names: string, q: string, rel: string) => {
      const target = files.get(posix.join(dir, `${rel}.d.ts`)) ?? '';
      const exported = [...target.matchAll(/^export\s+(?:declare\s+)?(?:interface|type)\s+(\w+)/gm)].map(([, n]) => n!);
      const listed = new Set(names.split(', '));
      const all = exported.length === listed.size && exported.every((n) => listed.has(n)) && (target.match(/^export\b/gm) ?? []).length === exported.length;
      return all ? `export type * from ${q}${rel}.js${q};` : line;
    }),
  );
}

/**
 * A tar entry's name holds 100 bytes; longer file names (a few Stripe schemas, e.g.
 * customer_balance_resource_cash_balance_transaction_resource_funded_transaction_resource_bank_transfer_resource_eu_bank_transfer)
 * need a PAX header, which some package tools cannot read. Such declaration files get a shorter
 * name (a prefix plus a hash) and every import of them is rewritten.
 */
function shortenLongNames(files: FileMap): FileMap {
  const renames = new Map<string, string>();
  for (const p of files.keys()) {
    const base = posix.basename(p, '.d.ts');
    if (`${base}.d.ts`.length <= 100) continue;
    renames.set(base, `${base.slice(0, 80)}_${createHash('sha256').update(base).digest('hex').slice(0, 8)}`);
  }
  if (!renames.size) return files;
  const out: FileMap = new Map();
  for (const [p, text] of files) {
    let t = text;
    // The quote after `.js` makes a name that is a prefix of another one match only itself.
    for (const [from, to] of renames) for (const q of ['"', "'"]) t = t.split(`/${from}.js${q}`).join(`/${to}.js${q}`);
    const base = posix.basename(p, '.d.ts');
    out.set(renames.has(base) ? posix.join(posix.dirname(p), `${renames.get(base)}.d.ts`) : p, t);
  }
  return out;
}

/** Subpath exports that also get a folder for Node 10 resolution (`core/package.json`). */
export const NODE10_SUBPATHS = [
  ['core', 'runtime/index'],
  ['meter-events', 'runtime/meter-events/index'],
] as const;

/** Entry points: their declarations in the format of their JavaScript. */
export function entryDeclarations(sources: FileMap): FileMap {
  const out: FileMap = new Map();
  const reexport = (esmDts: string, target: string) => {
    const rel = posix.relative(posix.dirname(esmDts), target);
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  const entries = ['index', 'runtime/index', 'runtime/meter-events/index', 'runtime/transport/undici', ...resourceEntries(sources)];
  for (const e of entries) {
    const file = `dist/esm/${e}.d.ts`;
    const from = reexport(file, `dist/dts/${e}.js`);
    out.set(file, e === 'index' ? `import { Stripe } from '${from}';\nexport default Stripe;\nexport * from '${from}';\n` : `export * from '${from}';\n`);
  }
  out.set('dist/cjs/index.d.cts', "import { Stripe } from '../dts/index.js';\nexport = Stripe;\n");
  // Node 10 resolution reads no exports map: a folder per named subpath, with its own main and types.
  for (const [folder, bundle] of NODE10_SUBPATHS) {
    out.set(`${folder}/package.json`, JSON.stringify({ main: `../dist/cjs/${bundle}.cjs`, types: `../dist/dts/${bundle}.d.ts` }, null, 2) + '\n');
  }
  return out;
}
