// Loads the handlebars templates: a team's folder first, then the defaults in templates/.
// A team folder may override any template or partial by name, add partials, add helpers
// (helpers.js), and add extra files rendered once per resource (per-resource/*.hbs) or once per
// package (per-package/*.hbs). Everything is parsed and checked here, before anything renders.
// Templates are logic-free: they receive the contexts of context-types.ts.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import type { CommonContext, PackageContext, ResourceContext, TemplateContexts } from './context-types.js';
import { TemplateError } from './errors.js';
import { repoRoot } from './sources.js';
import { checkReferences, displayPath, parseTemplate, renderError, suggest } from './template-check.js';
import { loadTeamHelpers } from './template-helpers.js';

export const DEFAULT_TEMPLATES = join(repoRoot, 'templates');
export const TEMPLATE_NAMES = ['banner', 'resource.ts', 'client.ts', 'namespace.ts', 'index.ts', 'api.md'] as const satisfies readonly (keyof TemplateContexts)[];
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
export const EXTRA_KINDS = ['per-resource', 'per-package'] as const;

/** How messages name each template's context ("unknown field ... in the resource context"). */
const CONTEXT_NAMES: Record<TemplateName, string> = { banner: 'banner', 'resource.ts': 'resource', 'client.ts': 'client', 'namespace.ts': 'namespace', 'index.ts': 'index', 'api.md': 'api.md' };
/** Generated code is not HTML: nothing is escaped. strict: a misspelt field is an error, not an empty string. */
const COMPILE = { noEscape: true, strict: true } as const;

/** A team's per-resource or per-package template. */
export interface ExtraTemplate {
  readonly kind: (typeof EXTRA_KINDS)[number];
  /** The template's file name without `.hbs`, placeholders included: `{{fileName}}.mock.ts`. */
  readonly name: string;
  /** The template file as messages name it. */
  readonly file: string;
}

export interface TemplateSet {
  render<N extends TemplateName>(name: N, data: TemplateContexts[N]): string;
  /** Renders an extra template; `path` is its file name with the placeholders filled in. */
  renderExtra(extra: ExtraTemplate, data: ResourceContext | PackageContext): { path: string; text: string; origin: string };
  readonly extras: readonly ExtraTemplate[];
  /** The folder each template and partial came from (for messages and the manifest). */
  readonly origins: Readonly<Record<string, string>>;
  /** What the built-in templates were rendered with: per-resource and per-package templates reuse it. */
  readonly seen: { common?: CommonContext; banner?: string; readonly resources: ResourceContext[] };
  /** Output path -> "rendered from <template> [with <team files>]", for errors about generated code. */
  readonly provenance: Map<string, string>;
  /** Output paths a team file had a hand in (these are what the type-check before writing looks at). */
  readonly teamMade: Set<string>;
}

type Compiled = (data: unknown) => string;

export async function loadTemplates(overrideDir?: string): Promise<TemplateSet> {
  const team = overrideDir ? resolve(overrideDir) : undefined;
  if (team && !(existsSync(team) && statSync(team).isDirectory())) throw new TemplateError(`--templates ${overrideDir}: folder not found`);
  const hb = Handlebars.create();
  const builtInHelpers = new Set(Object.keys(hb.helpers));
  const dirs = team ? [team, DEFAULT_TEMPLATES] : [DEFAULT_TEMPLATES];
  const origins: Record<string, string> = {};
  const pick = (rel: string): string | undefined => dirs.find((d) => existsSync(join(d, rel)));
  if (team) checkTeamFolder(team);

  const teamHelpers = team ? await loadTeamHelpers(team, builtInHelpers) : undefined;
  for (const [name, fn] of teamHelpers?.helpers ?? []) hb.registerHelper(name, fn);
  const helperNames = new Set(Object.keys(hb.helpers));

  // Render state, set by the top-level render (rendering is synchronous).
  let current = { contextName: '', data: undefined as unknown, used: new Set<string>() };

  const partialNames = new Set<string>();
  for (const d of dirs) {
    const p = join(d, 'partials');
    if (existsSync(p)) for (const f of readdirSync(p)) if (f.endsWith('.hbs')) partialNames.add(f.slice(0, -4));
  }
  const sources: { file: string; ast: hbs.AST.Program }[] = [];
  const compile = (abs: string, isPartial = false): { file: string; fn: Compiled } => {
    const file = displayPath(abs);
    // A partial's final newline is dropped, so a one-line partial can be used inline: `return {{> method-call}};`.
    const text = readFileSync(abs, 'utf8');
    const ast = parseTemplate(isPartial ? text.replace(/\r?\n$/, '') : text, file);
    sources.push({ file, ast });
    return { file, fn: hb.compile(ast, COMPILE) as Compiled };
  };
  /** Runs a compiled template, naming the file (and line) a failure came from; team files used are recorded. */
  const run = (file: string, fromTeam: boolean, fn: Compiled, data: unknown, options?: unknown): string => {
    if (fromTeam) current.used.add(file);
    try {
      return (fn as (d: unknown, o?: unknown) => string)(data, options);
    } catch (err) {
      throw renderError(err, file, current.contextName, current.data);
    }
  };

  for (const name of [...partialNames].sort()) {
    const dir = pick(join('partials', `${name}.hbs`))!;
    origins[`partials/${name}`] = dir;
    const { file, fn } = compile(join(dir, 'partials', `${name}.hbs`), true);
    hb.registerPartial(name, ((context: unknown, options: unknown) => run(file, dir === team, fn, context, options)) as unknown as Handlebars.Template);
  }
  const compiled = new Map<TemplateName, { file: string; fn: Compiled; fromTeam: boolean }>();
  for (const name of TEMPLATE_NAMES) {
    const dir = pick(`${name}.hbs`);
    if (!dir) throw new TemplateError(`template ${name}.hbs not found in ${dirs.join(' or ')}`);
    origins[name] = dir;
    compiled.set(name, { ...compile(join(dir, `${name}.hbs`)), fromTeam: dir === team });
  }
  const extras: (ExtraTemplate & { fn: Compiled; nameFn: Compiled })[] = [];
  for (const kind of team ? EXTRA_KINDS : []) {
    const folder = join(team!, kind);
    if (!existsSync(folder)) continue;
    for (const f of readdirSync(folder).sort()) {
      if (!f.endsWith('.hbs')) throw new TemplateError(`${displayPath(join(folder, f))}: only .hbs templates belong in ${kind}/`);
      const name = f.slice(0, -4);
      const { file, fn } = compile(join(folder, f));
      // The file name is a template too: `{{fileName}}.mock.ts.hbs`.
      const nameFn = hb.compile(parseTemplate(name, `${file} (file name)`), COMPILE) as Compiled;
      extras.push({ kind, name, file, fn, nameFn });
    }
  }
  // Partials and helpers are all known now: check every reference before anything renders.
  for (const { file, ast } of sources) checkReferences(ast, file, partialNames, helperNames);

  const seen: TemplateSet['seen'] = { resources: [] };
  const provenance = new Map<string, string>();
  const teamMade = new Set<string>();
  const bannerTeamFiles = new Set<string>();
  /** The banner's team files count for the .ts files emit.ts prefixes with the banner. */
  const describe = (path: string, fromTeam: boolean, main: string, used: Set<string>, withBanner: boolean) => {
    if (fromTeam || used.size > 0 || (withBanner && bannerTeamFiles.size > 0)) teamMade.add(path);
    const others = [...used, ...(withBanner ? bannerTeamFiles : [])].filter((f) => f !== main);
    return `rendered from ${main}${others.length ? ` with ${[...new Set(others)].join(', ')}` : ''}`;
  };

  return {
    origins,
    extras,
    seen,
    provenance,
    teamMade,
    render(name, data) {
      const t = compiled.get(name)!;
      current = { contextName: CONTEXT_NAMES[name], data, used: new Set() };
      const text = run(t.file, t.fromTeam, t.fn, data);
      if (name === 'banner') {
        seen.common = data;
        seen.banner = text.trimEnd();
        for (const f of current.used) bannerTeamFiles.add(f);
      } else if (name === 'resource.ts') {
        const r = data as ResourceContext;
        seen.resources.push(r);
        provenance.set(`${r.file}.ts`, describe(`${r.file}.ts`, t.fromTeam, t.file, current.used, true));
      } else {
        provenance.set(name, describe(name, t.fromTeam, t.file, current.used, name.endsWith('.ts')));
      }
      return text;
    },
    renderExtra(extra, data) {
      const t = extras.find((e) => e === extra)!;
      current = { contextName: extra.kind === 'per-resource' ? 'resource' : 'package', data, used: new Set() };
      const path = run(`${t.file} (file name)`, false, t.nameFn, data);
      const text = run(t.file, true, t.fn, data);
      return { path, text, origin: describe('', true, t.file, current.used, false) };
    },
  };
}

/** A misspelt override would silently fall back to the default: every top-level .hbs must be a template name. */
function checkTeamFolder(team: string): void {
  const known = TEMPLATE_NAMES.map((n) => `${n}.hbs`);
  for (const f of readdirSync(team)) {
    if (f.endsWith('.hbs') && !known.includes(f)) {
      throw new TemplateError(`${displayPath(join(team, f))}: not a template name${suggest(f, known)} (templates: ${known.join(', ')}; partials go in partials/, extra files in ${EXTRA_KINDS.join('/ or ')}/)`);
    }
  }
}
