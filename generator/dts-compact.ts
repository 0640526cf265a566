// Byte savings on the generated package's declarations, which are most of what a consumer installs.
// Each rewrite keeps every type, name and line of documentation a reader sees in an editor.
import { posix } from 'node:path';
import { SPECIFIER } from './dts-bundle.js';
import type { FileMap } from './emit.js';

/**
 * Indent with tabs instead of runs of four spaces; drop openapi-typescript's `@description` tag (a
 * doc comment's text is its description anyway) and its `@enum {string}` tag (a JavaScript hint:
 * the type is already the union of the values); a comment left with one line goes on one line.
 */
export function compact(text: string): string {
  return text
    .replace(/^((?: {4})+)/gm, (m) => '\t'.repeat(m.length / 4))
    .replace(/(\/\*\*|^\s*\*) @description /gm, '$1 ')
    .replace(/^[ \t]*\/\*\* @enum \{string\} \*\/\n/gm, '')
    .replace(/^[ \t]*\* @enum \{string\}\n/gm, '')
    .replace(/^([ \t]*)\/\*\*\n[ \t]*\* ([^\n]*)\n[ \t]*\*\/$/gm, (m, indent: string, line: string) => (line.includes('*/') || line.startsWith('@') ? m : `${indent}/** ${line} */`));
}

/**
 * `import('./types/schemas.js').Customer`, written once per alias in the `Stripe` namespace, becomes
 * `$schemas.Customer` with one `import type * as $schemas` at the top: the same type, ~20 fewer
 * bytes a use. Only for modules a file names this way at least twice, under a name it does not use.
 */
export function hoistImportTypes(text: string): string {
  const uses = new Map<string, number>();
  for (const [, , spec] of text.matchAll(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)\./g)) uses.set(spec!, (uses.get(spec!) ?? 0) + 1);
  const aliases = new Map<string, string>();
  const taken = new Set<string>();
  for (const [spec, n] of [...uses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n < 2) continue;
    const base = `$${spec.replace(/^(\.\.?\/)+/, '').replace(/^types\//, '').replace(/\.js$/, '').replace(/[^\w$]/g, '_')}`;
    let alias = base;
    for (let i = 2; taken.has(alias) || text.includes(alias); i++) alias = `${base}${i}`;
    taken.add(alias);
    aliases.set(spec, alias);
  }
  if (!aliases.size) return text;
  const body = text.replace(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)\./g, (m, _q: string, spec: string) => (aliases.has(spec) ? `${aliases.get(spec)}.` : m));
  const head = [...aliases].map(([spec, alias]) => `import type * as ${alias} from '${spec}';\n`).join('');
  // After the file's own imports, so a leading doc comment or banner stays first.
  const lines = body.split('\n');
  let at = 0;
  for (let i = 0; i < lines.length; i++) if (/^import\s/.test(lines[i]!)) at = i + 1;
  return [...lines.slice(0, at), head.trimEnd(), ...lines.slice(at)].join('\n');
}

/** Relative module specifiers a declaration file refers to (imports, re-exports, `import()` types). */
function referenced(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map(([, , , s]) => s!);
}

/**
 * Declaration files no entry point reaches (the meter-event core's internals, say: its bundle is one
 * module, and the public types never name them) are left out. `entries` are the declaration files a
 * consumer's compiler starts from: the exports map's, the Node 10 folders', the `./resources/*` ones.
 */
export function pruneUnreachable(files: FileMap, entries: readonly string[]): FileMap {
  const isDts = (p: string) => /\.d\.c?ts$/.test(p);
  const seen = new Set<string>();
  const stack = entries.filter((e) => files.has(e));
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    for (const spec of referenced(files.get(p)!)) {
      const target = posix.join(posix.dirname(p), spec);
      const candidates = [target.replace(/\.js$/, '.d.ts'), target.replace(/\.cjs$/, '.d.cts'), target.replace(/\.js$/, '/index.d.ts'), `${target}.d.ts`, `${target}/index.d.ts`];
      const hit = candidates.find((c) => files.has(c));
      if (hit) stack.push(hit);
    }
  }
  return new Map([...files].filter(([p]) => !isDts(p) || seen.has(p)));
}
