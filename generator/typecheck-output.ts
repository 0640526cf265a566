// Type-checks the rendered output, with the runtime, before anything is written: one TypeScript
// program over the in-memory files (placed where they will be written, so `../runtime` imports
// resolve to the real runtime) and diagnostics asked only for the template output (resources,
// client, entry, a team's extra .ts files). Type files come from the generator's own printer; the
// checker reads them only as far as the template output uses them, which keeps the check cheap.
import { dirname, join, resolve, sep } from 'node:path';
import type * as TS from 'typescript';
import { ts } from './typescript.js';
import type { FileMap } from './emit.js';
import { GeneratedCodeError, TemplateError } from './errors.js';
import { isTemplateOutput } from './format.js';
import { repoRoot } from './sources.js';

/** How many errors one failure lists. */
const MAX_REPORTED = 5;

export interface TypecheckResult {
  readonly files: number;
  readonly ms: number;
}

/**
 * Throws a GeneratedCodeError (with the template each file came from) when template output does not
 * type-check. `only`: check just these outputs (those a team's files made); nothing to check, no program.
 */
export function typecheckOutput(files: FileMap, outDir: string, provenance: ReadonlyMap<string, string>, only?: ReadonlySet<string>): TypecheckResult {
  const t0 = performance.now();
  const checked = [...files.keys()].filter((rel) => isTemplateOutput(rel) && (!only || only.has(rel)));
  if (checked.length === 0) return { files: 0, ms: 0 };
  const root = resolve(outDir);
  const virtual = new Map<string, string>();
  for (const [rel, text] of files) if (rel.endsWith('.ts')) virtual.set(join(root, rel), text);
  // The output is ES modules whatever folder it lands in: its own package.json says so (a package
  // build), else one is assumed. Without it, TypeScript would take the module format from the
  // folders above (CommonJS outside an ESM package) and refuse every import as TS1295.
  virtual.set(join(root, 'package.json'), files.get('package.json') ?? '{ "type": "module" }\n');
  const folders = new Set<string>();
  for (const p of virtual.keys()) for (let d = dirname(p); d.startsWith(root) && !folders.has(d); d = dirname(d)) folders.add(d);
  const inOut = (p: string) => p === root || p.startsWith(root + sep);

  const options: TS.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noImplicitOverride: true,
    skipLibCheck: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules', '@types')],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, directoryExists, getSourceFile } = host;
  // Inside the output folder only the new files exist; an older output on disk is invisible.
  host.fileExists = (p) => (inOut(p) ? virtual.has(p) : fileExists.call(host, p));
  host.readFile = (p) => (inOut(p) ? virtual.get(p) : readFile.call(host, p));
  host.directoryExists = (p) => (inOut(p) ? folders.has(p) : (directoryExists?.call(host, p) ?? ts.sys.directoryExists(p)));
  host.getSourceFile = (p, lang, onError, create) => {
    const text = inOut(p) ? virtual.get(p) : undefined;
    return text !== undefined ? ts.createSourceFile(p, text, lang, true) : getSourceFile.call(host, p, lang, onError, create);
  };
  const program = ts.createProgram({ rootNames: checked.map((rel) => join(root, rel)), options, host });

  const problems: GeneratedCodeError[] = [];
  for (const rel of checked) {
    const sf = program.getSourceFile(join(root, rel));
    if (!sf) continue;
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    for (const d of diagnostics) {
      if (problems.length >= MAX_REPORTED) break;
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
      problems.push(new GeneratedCodeError(rel, pos && pos.line + 1, pos && pos.character + 1, `does not type-check: TS${d.code}: ${message}`).withOrigin(provenance));
    }
  }
  if (problems.length === 1) throw problems[0]!;
  // More than one: each on its own line, the first one first (the CLI prints the message as it is).
  if (problems.length > 1) throw new TemplateError(problems.map((p) => p.message).join('\n  '));
  return { files: checked.length, ms: performance.now() - t0 };
}
