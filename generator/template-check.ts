// Template problems as one plain line each: `file:line:column: message`. Syntax errors, unknown
// partials and unknown helpers are found when a template is loaded (before anything renders);
// a field the context lacks is found while rendering (Handlebars' strict mode) and gets a
// "did you mean" from the fields the context does have.
import { relative } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError } from './errors.js';

/** How a template file is named in messages: relative to the working directory when that is shorter. */
export function displayPath(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && rel.length < abs.length ? rel : abs;
}

const at = (file: string, line: number, column: number, message: string) => new TemplateError(`${file}:${line}:${column}: ${message}`);

type Loc = { start: { line: number; column: number } };
type Node = { type: string; loc?: Loc; [k: string]: unknown };

/** Parses a template, throwing a located TemplateError for a syntax error. Columns are 1-based. */
export function parseTemplate(source: string, file: string): hbs.AST.Program {
  try {
    return Handlebars.parse(source);
  } catch (err) {
    const e = err as Error & { lineNumber?: number; column?: number };
    // Block mismatches come as Handlebars exceptions with a location.
    if (typeof e.lineNumber === 'number') throw at(file, e.lineNumber, (e.column ?? 0) + 1, `syntax error: ${stripLoc(e.message)}`);
    // Parser errors: the lexer still holds the offending token (parsing is synchronous).
    const lexer = (Handlebars as unknown as { Parser: { lexer: { yylloc?: { first_line: number; first_column: number }; match?: string } } }).Parser.lexer;
    const loc = lexer.yylloc ?? { first_line: 1, first_column: 0 };
    const got = /got '([A-Z_]+)'$/.exec(e.message)?.[1];
    const message =
      got === 'EOF'
        ? 'syntax error: the template ends inside a block ({{#...}} without its {{/...}})'
        : `syntax error: unexpected ${JSON.stringify(lexer.match ?? '')}${/Expecting[^\n]*'CLOSE'/.test(e.message) ? ' (expected "}}")' : ''}`;
    throw at(file, loc.first_line, loc.first_column + 1, message);
  }
}

const stripLoc = (message: string) => message.replace(/ - \d+:\d+$/, '');

/**
 * Unknown partials and helpers, found statically: a `{{> name}}` that is not registered (and not an
 * inline partial), and a call with arguments (`{{upper className}}`, `(upper x)`, `{{#wrap a}}`)
 * whose name is not a helper. A bare `{{name}}` is a field lookup, checked at render time.
 */
export function checkReferences(ast: hbs.AST.Program, file: string, partials: ReadonlySet<string>, helpers: ReadonlySet<string>): void {
  const inline = new Set<string>();
  const nodes: Node[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (typeof node.type === 'string') nodes.push(node);
    for (const [k, v] of Object.entries(node)) if (k !== 'loc' && k !== 'strip' && k !== 'openStrip' && k !== 'closeStrip' && k !== 'inverseStrip') walk(v);
  };
  walk(ast);
  for (const n of nodes) {
    if (n.type === 'DecoratorBlock' && (n.path as { original?: string }).original === 'inline') {
      const name = (n.params as { value?: unknown }[])[0]?.value;
      if (typeof name === 'string') inline.add(name);
    }
  }
  for (const n of nodes) {
    const loc = n.loc?.start ?? { line: 1, column: 0 };
    if (n.type === 'PartialStatement') {
      const name = n.name as { type: string; original?: string; value?: string };
      const partial = name.type === 'PathExpression' ? name.original : name.type === 'StringLiteral' ? name.value : undefined;
      if (partial !== undefined && partial !== '@partial-block' && !partials.has(partial) && !inline.has(partial)) {
        throw at(file, loc.line, loc.column + 1, `unknown partial "${partial}"${suggest(partial, [...partials, ...inline])} (partials are the .hbs files in partials/)`);
      }
    }
    const isCall = n.type === 'SubExpression' || ((n.type === 'MustacheStatement' || n.type === 'BlockStatement') && ((n.params as unknown[]).length > 0 || n.hash));
    if (!isCall) continue;
    const path = n.path as { type: string; original: string; data?: boolean; parts?: string[]; loc?: Loc };
    if (path.type !== 'PathExpression' || path.data || path.parts?.length !== 1 || path.original.startsWith('this') || path.original.startsWith('.')) continue;
    if (!helpers.has(path.original)) {
      const p = path.loc?.start ?? loc;
      throw at(file, p.line, p.column + 1, `unknown helper "${path.original}"${suggest(path.original, helpers)} (a team adds helpers by exporting them from helpers.js in its template folder)`);
    }
  }
}

/** A render-time failure (Handlebars exception, helper error) as a located TemplateError. */
export function renderError(err: unknown, file: string, contextName: string, data: unknown): TemplateError {
  if (err instanceof TemplateError) return err;
  const e = err as Error & { lineNumber?: number; column?: number };
  const field = /^"(.*)" not defined in .*$/.exec(stripLoc(e.message ?? ''))?.[1];
  const where = typeof e.lineNumber === 'number' ? `${file}:${e.lineNumber}:${(e.column ?? 0) + 1}` : file;
  if (field !== undefined) {
    const hint = suggest(field, fieldNames(data));
    return new TemplateError(`${where}: unknown field "${field}" in the ${contextName} context${hint || ' (`stripe-codegen context` prints every field)'}`);
  }
  return new TemplateError(`${where}: ${stripLoc(e.message ?? String(err))}`);
}

/** `; did you mean "x"?` for the closest candidate within a few edits, or ''. */
export function suggest(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of [...new Set(candidates)].sort()) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

/** Every key of the context's objects, at any depth (the failing lookup may be inside an #each). */
function fieldNames(data: unknown): Set<string> {
  const names = new Set<string>();
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || seen.has(v) || depth > 6) return;
    seen.add(v);
    if (Array.isArray(v)) return v.slice(0, 50).forEach((x) => walk(x, depth + 1));
    for (const [k, x] of Object.entries(v)) {
      names.add(k);
      walk(x, depth + 1);
    }
  };
  walk(data, 0);
  return names;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
