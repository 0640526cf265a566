// Loads the handlebars templates: a team's override folder first, then the
// defaults in templates/. Templates are logic-free; they receive view models.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError } from './errors.js';
import { repoRoot } from './sources.js';

export const DEFAULT_TEMPLATES = join(repoRoot, 'templates');
export const TEMPLATE_NAMES = ['banner', 'resource.ts', 'client.ts', 'namespace.ts', 'index.ts', 'api.md'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateSet {
  render(name: TemplateName, data: object): string;
  /** Which folder each template and partial came from (for the manifest and --verbose). */
  readonly origins: Readonly<Record<string, string>>;
}

export function loadTemplates(overrideDir?: string): TemplateSet {
  if (overrideDir && !existsSync(overrideDir)) throw new TemplateError(`--templates ${overrideDir}: folder not found`);
  const hb = Handlebars.create();
  const dirs = overrideDir ? [overrideDir, DEFAULT_TEMPLATES] : [DEFAULT_TEMPLATES];
  const origins: Record<string, string> = {};
  const pick = (rel: string): string | undefined => {
    for (const d of dirs) if (existsSync(join(d, rel))) return d;
    return undefined;
  };
  const partialNames = new Set<string>();
  for (const d of dirs) {
    const p = join(d, 'partials');
    if (existsSync(p)) for (const f of readdirSync(p)) if (f.endsWith('.hbs')) partialNames.add(f.slice(0, -4));
  }
  for (const name of [...partialNames].sort()) {
    const dir = pick(join('partials', `${name}.hbs`))!;
    origins[`partials/${name}`] = dir;
    hb.registerPartial(name, readFileSync(join(dir, 'partials', `${name}.hbs`), 'utf8'));
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const name of TEMPLATE_NAMES) {
    const dir = pick(`${name}.hbs`);
    if (!dir) throw new TemplateError(`template ${name}.hbs not found in ${dirs.join(' or ')}`);
    origins[name] = dir;
    const source = readFileSync(join(dir, `${name}.hbs`), 'utf8');
    try {
      // Generated code is not HTML: nothing is escaped. strict: a misspelt field is an error, not an empty string.
      compiled.set(name, hb.compile(source, { noEscape: true, strict: true }));
    } catch (err) {
      throw new TemplateError(`${join(dir, name)}.hbs: ${(err as Error).message}`);
    }
  }
  return {
    origins,
    render(name, data) {
      try {
        return compiled.get(name)!(data);
      } catch (err) {
        throw new TemplateError(`${join(origins[name]!, name)}.hbs: ${(err as Error).message}`);
      }
    },
  };
}
