// A team's extra files: per-resource/*.hbs render once per resource, beside the resource's module
// (resources/v2/billing/meter-events.ts -> resources/v2/billing/<name>); per-package/*.hbs render
// once, at the package root. The output name is the template's file name without `.hbs`, itself
// rendered with the same context (`{{fileName}}.mock.ts.hbs`). A rendering that is only whitespace
// writes no file (so a template can skip namespace-only resources with {{#if hasMethods}}).
import { posix } from 'node:path';
import type { PackageContext, ResourceContext } from './context-types.js';
import type { FileMap } from './emit.js';
import { TemplateError } from './errors.js';
import type { TemplateSet } from './templates.js';
import { KEPT_FILES } from './write.js';

/** Files an extra template may not write: the manifest and the hand-kept files of the output folder. */
const RESERVED = new Set<string>(['manifest.json', ...KEPT_FILES]);

/** The per-package context, from what the built-in templates were rendered with. */
export function packageContext(seen: TemplateSet['seen']): PackageContext {
  if (!seen.common || seen.banner === undefined) throw new Error('packageContext: the banner has not been rendered yet');
  return {
    ...seen.common,
    banner: seen.banner,
    operationCount: seen.resources.reduce((n, r) => n + r.methods.length, 0),
    resourceCount: seen.resources.filter((r) => r.hasMethods).length,
    resources: seen.resources,
  };
}

/** Renders every extra template into `files` (after emit, before formatting). */
export function renderExtras(templates: TemplateSet, files: FileMap): void {
  if (templates.extras.length === 0) return;
  const pkg = packageContext(templates.seen);
  const writtenBy = new Map<string, string>();
  for (const extra of templates.extras) {
    const contexts: (ResourceContext | PackageContext)[] = extra.kind === 'per-resource' ? templates.seen.resources : [pkg];
    for (const ctx of contexts) {
      const label = 'key' in ctx ? `stripe.${ctx.key}` : 'the package';
      const { path: name, text, origin } = templates.renderExtra(extra, ctx);
      if (!name || /[\\/]/.test(name) || name === '.' || name === '..') {
        throw new TemplateError(`${extra.file}: the file name "${extra.name}" becomes "${name}" for ${label}, which is not a file name`);
      }
      const out = 'key' in ctx ? posix.join(posix.dirname(ctx.file), name) : name;
      if (!text.trim()) continue;
      if (writtenBy.has(out)) {
        throw new TemplateError(`${extra.file}: writes ${out} for both ${writtenBy.get(out)} and ${label}; put a placeholder such as {{fileName}} in the file name`);
      }
      if (files.has(out) || RESERVED.has(out)) throw new TemplateError(`${extra.file}: would overwrite the generated ${out}; to change that file, override its built-in template instead`);
      if (out.endsWith('.json')) {
        try {
          JSON.parse(text);
        } catch (err) {
          throw new TemplateError(`${out}: not valid JSON: ${(err as Error).message} (${origin})`);
        }
      }
      writtenBy.set(out, label);
      files.set(out, text.endsWith('\n') ? text : text + '\n');
      templates.provenance.set(out, origin);
      templates.teamMade.add(out);
    }
  }
}
