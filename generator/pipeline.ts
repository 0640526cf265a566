// The whole generator, step by step: load -> validate -> merge -> model (with
// operation naming) -> name (types, classes, files) -> types -> emit -> format ->
// write. Each step is its own module; this file only runs them in order and times them.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { emit, type FileMap } from './emit.js';
import { formatFiles } from './format.js';
import { buildLayout } from './layout.js';
import { mergeSpecs } from './merge.js';
import { buildModel, type ApiModel } from './model.js';
import type { NamingOverrides } from './naming.js';
import { repoRoot, resolveSpecs, type ResolvedSpec, type SourceRegistry } from './sources.js';
import { loadTemplates } from './templates.js';
import { generateTypes } from './types.js';
import { validateSpec } from './validate.js';
import { checkOutput, writeOutput, type CheckResult } from './write.js';

export const STEPS = ['load', 'validate', 'merge', 'model', 'name', 'types', 'emit', 'format', 'write'] as const;
export type Step = (typeof STEPS)[number];

export interface GenerateOptions {
  readonly specs?: readonly string[];
  readonly outDir?: string;
  readonly templatesDir?: string;
  /** Compare with the output folder instead of writing. */
  readonly check?: boolean;
  /** Skip writing (tests and benchmarks that only need the files). */
  readonly dryRun?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly registry?: SourceRegistry;
  readonly folders?: readonly string[];
  readonly overrides?: NamingOverrides;
  /** Where runtime/ is, as an import path from the output folder. Default: computed from outDir. */
  readonly runtimeFromOut?: string;
  readonly onStep?: (step: Step, ms: number, detail: string) => void;
}

export interface GenerateResult {
  readonly files: FileMap;
  readonly model: ApiModel;
  readonly specs: readonly ResolvedSpec[];
  readonly timings: Readonly<Record<Step, number>>;
  readonly check?: CheckResult;
}

export const GENERATOR_VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const outDir = resolve(options.outDir ?? join(repoRoot, 'generated'));
  const timings = {} as Record<Step, number>;
  const time = async <T>(step: Step, fn: () => T | Promise<T>, detail: (v: T) => string): Promise<T> => {
    const t0 = performance.now();
    const v = await fn();
    timings[step] = performance.now() - t0;
    options.onStep?.(step, timings[step], detail(v));
    return v;
  };

  const specs = await time('load', () => resolveSpecs({ ...options }), (s) => s.map((x) => x.file).join(', '));
  const templates = loadTemplates(options.templatesDir);
  await time('validate', () => specs.forEach((s) => validateSpec(s.doc, s.file)), () => `${specs.length} file(s), every $ref resolves`);
  const merged = await time('merge', () => mergeSpecs(specs), (m) => `${Object.keys(m.doc.paths as object).length} paths, ${m.report.replacedSchemas.length} schemas replaced, ${m.report.ignoredStubs.length} stubs ignored`);
  const sources = specs.map((s) => ({
    source: s.source,
    file: s.file,
    apiVersion: String((s.doc.info as { version?: string } | undefined)?.version ?? ''),
    contentSha256: s.contentSha256,
    verified: s.verified,
  }));
  const model = await time('model', () => buildModel(merged.doc, sources, merged.operationSource, options.overrides ? { overrides: options.overrides } : {}), (m) => `${m.operations.length} operations, ${m.schemas.length} schemas`);
  const layout = await time('name', () => buildLayout(model), (l) => `${l.resources.length} resources`);
  const types = await time('types', () => generateTypes(model, layout), (t) => `${t.schemas.size} schema types, ${t.operations.size} operation types`);
  const runtimeFromOut = options.runtimeFromOut ?? relative(outDir, join(repoRoot, 'runtime')).split('\\').join('/');
  const emitted = await time('emit', () => emit(model, layout, types, templates, { generatorVersion: GENERATOR_VERSION, runtimeFromOut }), (f) => `${f.size} files`);
  const files = await time('format', () => formatFiles(emitted), (f) => `${f.size} files`);
  files.set('manifest.json', manifest(model, files));

  let check: CheckResult | undefined;
  await time(
    'write',
    () => {
      if (options.check) check = checkOutput(outDir, files);
      else if (!options.dryRun) writeOutput(outDir, files);
    },
    () => (options.check ? 'compared' : options.dryRun ? 'dry run' : relative(process.cwd(), outDir) || '.'),
  );
  return { files, model, specs, timings, ...(check ? { check } : {}) };
}

function manifest(model: ApiModel, files: FileMap): string {
  const data = {
    generator: { name: 'stripe-codegen', version: GENERATOR_VERSION },
    apiVersion: model.apiVersion,
    sources: model.sources.map((s) => ({ source: s.source, apiVersion: s.apiVersion, sha256: s.contentSha256, verified: s.verified })),
    counts: { operations: model.operations.length, schemas: model.schemas.length, files: files.size + 1 },
    operations: model.operations.map((o) => ({
      key: o.key,
      operationId: o.operationId,
      method: [...o.namespace, o.methodName].join('.'),
      host: o.host,
      encoding: o.encoding,
      ...(o.page ? { page: o.page } : {}),
      ...(o.deprecated ? { deprecated: true } : {}),
    })),
    files: [...files.keys(), 'manifest.json'].sort(),
  };
  return JSON.stringify(data, null, 2) + '\n';
}
