// A team's Handlebars helpers: the function exports of helpers.js (or helpers.mjs) in its
// template folder. helpers.js loads as Node loads it (ESM where the nearest package.json says
// "type": "module", else CommonJS: `module.exports = { ... }`); helpers.mjs is always ESM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TemplateError } from './errors.js';
import { displayPath } from './template-check.js';

export type HelperFn = (...args: unknown[]) => unknown;

export interface TeamHelpers {
  readonly file: string;
  readonly helpers: ReadonlyMap<string, HelperFn>;
}

export const HELPER_FILES = ['helpers.js', 'helpers.mjs'] as const;

/** The helpers of a team folder, or undefined when it has none. Every export must be a function. */
export async function loadTeamHelpers(dir: string, builtIn: ReadonlySet<string>): Promise<TeamHelpers | undefined> {
  const found = HELPER_FILES.map((f) => join(dir, f)).filter((f) => existsSync(f));
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new TemplateError(`${displayPath(dir)}: both helpers.js and helpers.mjs exist; keep one`);
  const file = displayPath(found[0]!);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(found[0]!).href)) as Record<string, unknown>;
  } catch (err) {
    throw new TemplateError(`${file}: could not be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
  const exports = new Map<string, unknown>();
  // CommonJS (`module.exports = {...}`) and `export default {...}` arrive as the default export.
  const def = mod.default;
  if (def && typeof def === 'object') for (const [k, v] of Object.entries(def)) exports.set(k, v);
  else if (def !== undefined) throw new TemplateError(`${file}: the default export must be an object of helpers (or use named exports)`);
  for (const [k, v] of Object.entries(mod)) if (k !== 'default' && k !== 'module.exports' && !exports.has(k)) exports.set(k, v);

  const helpers = new Map<string, HelperFn>();
  for (const [name, value] of [...exports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (typeof value !== 'function') throw new TemplateError(`${file}: export "${name}" is not a function (every export of helpers.js is registered as a helper)`);
    if (builtIn.has(name)) throw new TemplateError(`${file}: helper "${name}" clashes with the built-in helper "${name}" (Handlebars' {{#${name}}}); rename the export`);
    const fn = value as HelperFn;
    helpers.set(name, function (this: unknown, ...args: unknown[]) {
      try {
        return fn.apply(this, args);
      } catch (err) {
        throw new Error(`helper "${name}" from ${file} failed: ${(err as Error).message}`);
      }
    });
  }
  return { file, helpers };
}
