// One declaration file for every schema type. The sources keep a file per schema (readable diffs,
// per-schema templates); consumers get them as one dist/dts/types/schemas.d.ts. A consumer of the
// Stripe class loads ~370 declaration files instead of ~1,270: `tsc` spends less on resolving
// and reading files (bench/typecheck), and the package loses ~900 import blocks of bytes.
// Declarations only move: every name, doc comment and type stays as it was.
import { posix } from 'node:path';
import type { FileMap } from './emit.js';

const IMPORT_LINE = /^import type \{ ([^}]*) \} from (['"])([^'"]+)\2;$/;
// A blank line, or a line of a comment: a line comment, the start, middle or end of a block comment.
const COMMENT_LINE = /^\s*(?:\/\/.*|\/\*.*|\*.*)?$/;
const DECLARED = /^(?:export\s+)?(?:declare\s+)?(?:interface|type|class|enum|const|let|var|namespace|function)\s+([A-Za-z_$][\w$]*)/gm;
/** A relative module specifier in an import, export or `import()` type: the lead, the quote, the specifier. */
export const SPECIFIER = /(\bfrom\s+|\bimport\()(['"])(\.{1,2}\/[^'"]+)\2/g;

/** `./x.js` from a file in `fromDir`, as a package path of its declaration file. */
function target(fromDir: string, spec: string): string {
  return posix.join(fromDir, spec).replace(/\.js$/, '.d.ts');
}

function relative(fromDir: string, file: string): string {
  const rel = posix.relative(fromDir, file).replace(/\.d\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/**
 * Merges `<dir>/*.d.ts` into `<dir>.d.ts` and points every other declaration file at it. Returns
 * the files unchanged when one is not in the shape the emitter writes (an aliased import between
 * schemas, a name declared twice, a star re-export of one schema file): merging those could change
 * what a name means, and one file per schema is still a correct package.
 */
export function bundleDeclarations(files: FileMap, dir: string): FileMap {
  const bundle = `${dir}.d.ts`;
  const members = [...files.keys()].filter((p) => p.startsWith(`${dir}/`) && p.endsWith('.d.ts')).sort();
  if (!members.length || files.has(bundle) || members.some((p) => posix.dirname(p) !== dir)) return files;
  const memberSet = new Set(members);
  const bundleDir = posix.dirname(bundle);

  const imports = new Map<string, Map<string, string>>(); // module (from the bundle) -> local name -> import clause
  const declared = new Set<string>();
  const bodies: string[] = [];
  let banner = '';
  for (const p of members) {
    const lines = files.get(p)!.split('\n');
    // A comment above the imports is the file's banner (a team's block-comment licence, say): said once, at the top.
    const first = lines.findIndex((l) => !COMMENT_LINE.test(l));
    let i = first > 0 && IMPORT_LINE.test(lines[first]!) ? first : 0;
    if (i > 0 && !banner) banner = `${lines.slice(0, i).join('\n').trimEnd()}\n\n`;
    for (; i < lines.length && IMPORT_LINE.test(lines[i]!); i++) {
      const [, names, , spec] = IMPORT_LINE.exec(lines[i]!)!;
      const to = target(dir, spec!);
      const clauses = names!.split(',').map((n) => n.trim()).filter(Boolean);
      if (memberSet.has(to)) {
        if (clauses.some((c) => c.includes(' as '))) return files;
        continue;
      }
      const mod = relative(bundleDir, to);
      const byLocal = imports.get(mod) ?? new Map<string, string>();
      for (const c of clauses) {
        const local = c.split(' as ').pop()!;
        if (byLocal.has(local) && byLocal.get(local) !== c) return files;
        byLocal.set(local, c);
      }
      imports.set(mod, byLocal);
    }
    const body = lines.slice(i).join('\n');
    if (/^\s*(import\s|export\s+(type\s+)?(\*|\{[^}]*\}\s*from))/m.test(body)) return files;
    for (const [, name] of body.matchAll(DECLARED)) {
      if (declared.has(name!)) return files;
      declared.add(name!);
    }
    bodies.push(rewrite(body, dir, bundleDir, memberSet, bundle).replace(/^\n+/, '').replace(/\n*$/, '\n'));
  }
  const locals = [...imports.values()].flatMap((m) => [...m.keys()]);
  if (locals.some((n) => declared.has(n)) || new Set(locals).size !== locals.length) return files;

  const out: FileMap = new Map();
  for (const [p, text] of files) {
    if (memberSet.has(p)) continue;
    if (!p.endsWith('.d.ts')) {
      out.set(p, text);
      continue;
    }
    const from = posix.dirname(p);
    const starOfMember = [...text.matchAll(/^export\s+(?:type\s+)?\*\s+from\s+(['"])([^'"]+)\1/gm)].some(([, , s]) => s!.startsWith('.') && memberSet.has(target(from, s!)));
    if (starOfMember) return files;
    out.set(p, mergeImports(rewrite(text, from, from, memberSet, bundle), relative(from, bundle)));
  }
  const head = [...imports]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([mod, byLocal]) => `import type { ${[...byLocal.values()].sort().join(', ')} } from '${mod}';\n`)
    .join('');
  out.set(bundle, `${banner}${head}${head ? '\n' : ''}${bodies.join('\n')}`);
  return out;
}

/** Points relative specifiers (resolved from `fromDir`) that name a member at the bundle, from `toDir`. */
function rewrite(text: string, fromDir: string, toDir: string, members: Set<string>, bundle: string): string {
  return text.replace(SPECIFIER, (m, lead: string, q: string, spec: string) => {
    const t = target(fromDir, spec);
    if (members.has(t)) return `${lead}${q}${relative(toDir, bundle)}${q}`;
    return fromDir === toDir ? m : `${lead}${q}${relative(toDir, t)}${q}`;
  });
}

/**
 * `import type { A } from './schemas.js'` and `export type { B } from './schemas.js'` lines, one per
 * former schema file, become one line each (at the first one's place), names sorted and deduplicated.
 */
function mergeImports(text: string, spec: string): string {
  const escaped = spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const kind of ['import', 'export']) {
    const line = new RegExp(`^${kind} type \\{ ([^}]*) \\} from (['"])${escaped}\\2;\\n`, 'gm');
    const found = [...text.matchAll(line)];
    if (found.length < 2) continue;
    const names = [...new Set(found.flatMap(([, n]) => n!.split(',').map((s) => s.trim()).filter(Boolean)))].sort();
    const q = found[0]![2]!;
    let first = true;
    text = text.replace(line, () => {
      if (!first) return '';
      first = false;
      return `${kind} type { ${names.join(', ')} } from ${q}${spec}${q};\n`;
    });
  }
  return text;
}
