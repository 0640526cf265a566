// `stripe-codegen context <resource>` / `context --package`: prints, as JSON, exactly what a
// template receives (the shapes are the types of context-types.ts), so a template author can see
// every field without reading the generator. Runs the pipeline up to emit, in process, writing nothing.
import { Command, Option } from 'commander';
import type { PackageContext, ResourceContext } from './context-types.js';
import { TemplateError } from './errors.js';
import { modelFromSpecs } from './diff/sides.js';
import { GENERATOR_VERSION } from './pipeline.js';
import { resolveSpecs, type ResolveOptions } from './sources.js';
import { suggest } from './template-check.js';

export interface Contexts {
  readonly resources: readonly ResourceContext[];
  readonly package: PackageContext;
}

/** Every resource's context and the package context, as `generate` would render them. */
export async function collectContexts(options: ResolveOptions & { readonly templatesDir?: string }): Promise<Contexts> {
  const model = modelFromSpecs(resolveSpecs(options));
  // Loaded here, not at the top: every CLI command imports this module, and these pull in TypeScript,
  // openapi-typescript, ts-morph and handlebars (~0.7 s) that only `context` and `generate` need.
  const [{ emit }, { buildLayout }, { packageContext }, { loadTemplates }, { generateTypes }] = await Promise.all([
    import('./emit.js'),
    import('./layout.js'),
    import('./template-extras.js'),
    import('./templates.js'),
    import('./types.js'),
  ]);
  const layout = buildLayout(model);
  const templates = await loadTemplates(options.templatesDir);
  emit(model, layout, generateTypes(model, layout), templates, { generatorVersion: GENERATOR_VERSION, runtimeFromOut: '../runtime' });
  return { resources: templates.seen.resources, package: packageContext(templates.seen) };
}

/** One resource's context by its accessor: `customers`, `checkout.sessions`, `stripe.v2.billing.meterEvents`. */
export function findResource(contexts: Contexts, name: string): ResourceContext {
  const key = name.replace(/^stripe\./, '');
  const found = contexts.resources.find((r) => r.key === key);
  if (found) return found;
  throw new TemplateError(`context: no resource "${name}"${suggest(key, contexts.resources.map((r) => r.key))} (resources are named by accessor, e.g. customers, checkout.sessions)`);
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerContextCommand(program: Command, io: { out: NodeJS.WritableStream }): void {
  program
    .command('context')
    .description('print the context a template receives, as JSON: one resource (per-resource templates, resource.ts.hbs) or --package')
    .argument('[resource]', 'resource accessor: customers, checkout.sessions, v2.billing.meterEvents')
    .addOption(new Option('--spec <file>', 'spec file; repeat to merge (as for generate)').default([]).argParser(collect))
    .option('--templates <dir>', 'team template folder (the banner in the context is rendered with it)')
    .option('--package', 'the package context (per-package templates)')
    .action(async (resource: string | undefined, opts: { spec: string[]; templates?: string; package?: boolean }) => {
      if (Boolean(resource) === Boolean(opts.package)) throw new TemplateError('context: name one resource (`stripe-codegen context customers`) or pass --package');
      const contexts = await collectContexts({ specs: opts.spec, ...(opts.templates ? { templatesDir: opts.templates } : {}) });
      const data = opts.package ? contexts.package : findResource(contexts, resource!);
      io.out.write(JSON.stringify(data, null, 2) + '\n');
    });
}
