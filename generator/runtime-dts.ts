// Declarations (.d.ts) of the handwritten runtime, for every generated package. The runtime is the
// same in every package, so they are computed once per runtime content (a tsc program over
// runtime/, ~1.5 s) and cached in dist/runtime-dts.json, keyed by the sha256 of the sources and
// the TypeScript version. `npm pack` of the generator ships the cache (prepack builds it), so an
// installed generator never compiles the runtime and needs no @types/node.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { FileMap } from './emit.js';
import { runtimeFiles } from './package-files.js';
import { repoRoot } from './sources.js';

export const RUNTIME_DTS_CACHE = join(repoRoot, 'dist', 'runtime-dts.json');

interface Cache {
  readonly key: string;
  /** Path relative to runtime/ with .d.ts -> text. */
  readonly files: Record<string, string>;
}

function keyOf(sources: FileMap): string {
  const h = createHash('sha256').update(`typescript ${ts.version}\n`);
  for (const [p, text] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${p}\n${text.length}\n${text}`);
  return h.digest('hex');
}

/** The runtime's declarations, keyed `runtime/<path>.d.ts`. */
export function runtimeDeclarations(sources: FileMap = runtimeFiles()): FileMap {
  const key = keyOf(sources);
  try {
    const cached = JSON.parse(readFileSync(RUNTIME_DTS_CACHE, 'utf8')) as Cache;
    if (cached.key === key) return new Map(Object.entries(cached.files));
  } catch {
    // no cache yet, or unreadable: compute below
  }
  const files = compile(sources);
  try {
    mkdirSync(dirname(RUNTIME_DTS_CACHE), { recursive: true });
    const tmp = `${RUNTIME_DTS_CACHE}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ key, files: Object.fromEntries(files) } satisfies Cache));
    renameSync(tmp, RUNTIME_DTS_CACHE);
  } catch {
    // A read-only install still works; it only computes again next time.
  }
  return files;
}

function compile(sources: FileMap): FileMap {
  const root = join(repoRoot, 'runtime');
  const options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    declaration: true,
    emitDeclarationOnly: true,
    skipLibCheck: true,
    noCheck: true,
    rootDir: root,
    outDir: '/dts',
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const byPath = new Map([...sources].map(([p, text]) => [join(repoRoot, p), text]));
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => byPath.get(f) ?? readFile(f);
  const out: FileMap = new Map();
  host.writeFile = (name, text) => out.set(`runtime/${name.slice('/dts/'.length)}`, text);
  const program = ts.createProgram([...byPath.keys()], options, host);
  const result = program.emit(undefined, undefined, undefined, true);
  if (result.emitSkipped) throw new Error('runtime declarations: tsc skipped the emit');
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

// `node dist/generator/runtime-dts.js` (prepack): fill the cache that ships with the generator.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`runtime-dts: ${runtimeDeclarations().size} declaration files cached in ${RUNTIME_DTS_CACHE}\n`);
}
