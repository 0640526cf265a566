// The whole generator, step by step: load -> validate -> merge -> model (with
// operation naming) -> name (types, classes, files) -> types -> emit -> format ->
// write. Each step is its own module; this file only runs them in order and times them.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FileMap } from './emit.js';
import type { EmitJob, EmitReply } from './emit-worker.js';
import { BuildError, GeneratedCodeError, TemplateError } from './errors.js';
import { buildLayout } from './layout.js';
import { mergeSpecs, type MergeReport } from './merge.js';
import { buildModel, type ApiModel } from './model.js';
import type { NamingOverrides } from './naming.js';
import { modelSources, repoRoot, resolveSpecs, type ResolvedSpec, type SourceRegistry } from './sources.js';
import { validateSpec } from './validate.js';
import { checkOutput, writeOutput, type CheckResult } from './write.js';
import { SNAPSHOT_FILE } from './diff/snapshot.js';
import { planUpdate, unchangedPlan, type UpdatePlan } from './update.js';
import { openRunCache, saveRunCache, unchangedOutput } from './incremental.js';
import { assertReplaceable } from './out-safety.js';
import { packageFiles, RUNTIME_IN_PACKAGE, type PackageIdentity } from './package-files.js';

export const STEPS = ['load', 'validate', 'merge', 'model', 'name', 'types', 'emit', 'format', 'build', 'write'] as const;
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
  /**
   * Make the output a complete npm package (the CLI always does): a copy of runtime/, package.json,
   * README.md, LICENSE and the build in dist/. Without it, only the sources are emitted. Without a
   * version, the version is bumped by semver from the API change set (generator/update.ts).
   */
  readonly package?: { readonly name: string; readonly version?: string; readonly fields?: Readonly<Record<string, unknown>> };
  /** The config file's specs, used when neither `specs` nor STRIPE_SPEC gives any. */
  readonly configSpecs?: readonly string[];
  /** Replace the output folder even when it holds files that are not an earlier output. */
  readonly force?: boolean;
  readonly onStep?: (step: Step, ms: number, detail: string) => void;
  /** Type-check all template output with the runtime before writing. Default: with `templatesDir`, the files its templates made (see README). */
  readonly typecheck?: boolean;
  /** Incremental cache folder; false turns it off. Default: $STRIPE_CODEGEN_CACHE (`off` or a folder), else node_modules/.cache/stripe-codegen under the working directory. */
  readonly cache?: false | string;
  /** Package version from the config file or the command line; otherwise bumped by semver from the API change set. */
  readonly packageVersion?: string;
}

export interface GenerateResult {
  readonly files: FileMap;
  readonly model: ApiModel;
  readonly specs: readonly ResolvedSpec[];
  readonly timings: Readonly<Record<Step, number>>;
  readonly check?: CheckResult;
  /** What changed since the output this run replaces, and the package version chosen from it. */
  readonly update: UpdatePlan;
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

  if (options.templatesDir && !existsSync(options.templatesDir)) throw new TemplateError(`--templates ${options.templatesDir}: folder not found`);
  if (!options.check && !options.dryRun) assertReplaceable(outDir, { force: options.force ?? false });
  // Started once the incremental cache has had its say (an unchanged rerun needs no worker).
  let worker: Worker | undefined;
  try {
    return await run(options, outDir, timings, time, () => (worker ??= startEmitWorker()));
  } finally {
    await worker?.terminate();
  }
}

type Timer = <T>(step: Step, fn: () => T | Promise<T>, detail: (v: T) => string) => Promise<T>;

async function run(options: GenerateOptions, outDir: string, timings: Record<Step, number>, time: Timer, startWorker: () => Worker): Promise<GenerateResult> {
  const specs = await time('load', () => resolveSpecs({ ...options }), (s) => s.map((x) => x.file).join(', '));
  // Incremental generation (generator/incremental.ts): the same inputs over an untouched output need no work.
  const cache = openRunCache(outDir, specs, options);
  const unchanged = cache && !options.check && !options.dryRun ? unchangedOutput(cache, outDir) : undefined;
  // The heavy modules (TypeScript, openapi-typescript; ts-morph and prettier in the worker) load only when there is work.
  const worker = unchanged ? undefined : startWorker();
  const typesModule = unchanged ? undefined : import('./types.js');
  await time('validate', () => !unchanged && specs.forEach((s) => validateSpec(s.doc, s.file)), () => (unchanged ? 'unchanged inputs, output verified by hash' : `${specs.length} file(s), every $ref resolves`));
  const merged = await time('merge', () => mergeSpecs(specs), (m) => mergeDetail(m.doc, m.report));
  const sources = modelSources(specs);
  const model = await time('model', () => buildModel(merged.doc, sources, merged.operationSource, options.overrides ? { overrides: options.overrides } : {}), (m) => `${m.operations.length} operations, ${m.schemas.length} schemas`);
  if (unchanged) return reuseOutput(unchanged, model, specs, timings, options);
  const layout = await time('name', () => buildLayout(model), (l) => `${l.resources.length} resources`);
  const { generateTypes } = await typesModule!;
  const types = await time('types', () => generateTypes(model, layout), (t) => `${t.schemas.size} schema types, ${t.operations.size} operation types`);
  const runtimeFromOut = options.runtimeFromOut ?? (options.package ? RUNTIME_IN_PACKAGE : relative(outDir, join(repoRoot, 'runtime')).split('\\').join('/'));
  // The model's raw document stays here: the emitter only needs the model's own fields.
  const job: EmitJob = {
    model: { ...model, doc: {} },
    types,
    generatorVersion: GENERATOR_VERSION,
    runtimeFromOut,
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(cache ? { formatted: cache.data.formatted } : {}),
  };
  const formatter = import('./format.js'); // loads while the worker emits
  const replies = workerReplies(worker!);
  worker!.postMessage(job);
  const emitted = await nextReply(replies, 'emitted');
  timings.emit = emitted.emitMs;
  options.onStep?.('emit', emitted.emitMs, `${emitted.files.length} files`);
  // Both threads format half of the template output.
  const t0 = performance.now();
  const { formatFiles, isTemplateOutput, MAIN_SHARE } = await formatter;
  const provenance = new Map(emitted.provenance);
  const located = (e: unknown) => Promise.reject(e instanceof GeneratedCodeError ? e.withOrigin(provenance) : e);
  const [files, workerHalf] = await Promise.all([
    formatFiles(new Map(emitted.files), MAIN_SHARE, undefined, cache?.data.formatted).catch(located),
    nextReply(replies, 'formatted'),
  ]);
  for (const [path, text] of workerHalf.files) files.set(path, text);
  // Compare with the output being replaced, pick the version (pinned, or a semver bump from the
  // change set), add api-snapshot.json and CHANGELOG.md (generator/update.ts).
  const pinnedVersion = options.package?.version ?? options.packageVersion;
  const update = planUpdate({ model, files, ...(options.dryRun ? {} : { previousDir: outDir }), ...(pinnedVersion ? { pinnedVersion } : {}) });
  for (const [path, text] of update.files) files.set(path, text);
  const pkg: PackageIdentity | undefined = options.package ? { name: options.package.name, version: update.version, ...(options.package.fields ? { fields: options.package.fields } : {}) } : undefined;
  if (pkg) for (const [p, text] of packageFiles(pkg, model, layout.resources.filter((r) => r.resource.operations.length).length)) files.set(p, text);
  // After the package files: template output imports the package's own copy of runtime/.
  const typechecked = (options.typecheck ?? Boolean(options.templatesDir)) ? (await import('./typecheck-output.js')).typecheckOutput(files, outDir, provenance, options.typecheck ? undefined : new Set(emitted.teamMade)) : undefined;
  timings.format = performance.now() - t0;
  options.onStep?.('format', timings.format, `${files.size} files${typechecked ? `, ${typechecked.files} type-checked in ${(typechecked.ms / 1000).toFixed(1)} s` : ''}`);
  files.set('manifest.json', manifest(model, files, update, pkg));

  const declared = cache ? { known: cache.data.declared ?? {}, used: {} } : undefined;
  if (pkg) {
    await time('build', async () => {
      const { buildPackage } = await import('./package-build.js');
      let dist: FileMap;
      try {
        dist = await buildPackage(files, declared);
      } catch (err) {
        throw err instanceof BuildError ? err : new BuildError(`the package build failed: ${(err as Error).message.split('\n').slice(0, 2).join(' ')}; nothing was written`);
      }
      for (const [p, text] of dist) files.set(p, text);
      return dist;
    }, (d) => `${d.size} files in dist/ (ESM, CommonJS, declarations)${declared ? `, ${reusedDeclarations(declared)}` : ''}`);
  } else {
    timings.build = 0;
    options.onStep?.('build', 0, 'skipped (sources only)');
  }

  let check: CheckResult | undefined;
  const verify = pkg ? (await import('./package-build.js')).verifyPackage : undefined;
  await time(
    'write',
    () => {
      if (options.check) check = checkOutput(outDir, files);
      else if (!options.dryRun) writeOutput(outDir, files, verify);
    },
    () => (options.check ? 'compared' : options.dryRun ? 'dry run' : relative(process.cwd(), outDir) || '.'),
  );
  if (cache) saveRunCache(cache, emitted.files.filter(([p]) => isTemplateOutput(p)), files, !options.check && !options.dryRun, pkg ? declared!.used : undefined);
  return { files, model, specs, timings, ...(check ? { check } : {}), update };
}

/** How many template outputs' declarations the build took from the cache: `140 of 142 declarations cached`. */
function reusedDeclarations(memo: { known: Readonly<Record<string, string>>; used: Record<string, string> }): string {
  const keys = Object.keys(memo.used);
  return `${keys.filter((k) => k in memo.known).length} of ${keys.length} declarations cached`;
}

/** An unchanged rerun: the output on disk is the result, with the same version and no changelog entry. */
function reuseOutput(files: FileMap, model: ApiModel, specs: readonly ResolvedSpec[], timings: Record<Step, number>, options: GenerateOptions): GenerateResult {
  for (const step of ['name', 'types', 'emit', 'format', 'build', 'write'] as const) {
    timings[step] = 0;
    options.onStep?.(step, 0, 'unchanged (cache)');
  }
  return { files, model, specs, timings, update: unchangedPlan(model, files, (options.package?.version ?? options.packageVersion) !== undefined) };
}

/** Names every replaced operation and schema (once each), not just counts. */
function mergeDetail(doc: Record<string, unknown>, report: MergeReport): string {
  const named = (n: number, what: string, names: readonly string[]) => `${n} ${what}${names.length ? ` (${names.join(', ')})` : ''}`;
  return [
    `${Object.keys(doc.paths as object).length} paths`,
    named(report.replacedOperations.length, 'operations replaced', report.replacedOperations),
    named(report.replacedSchemas.length, 'schemas replaced', report.replacedSchemas),
    `${report.ignoredStubs.length} stubs ignored`,
  ].join(', ');
}

type Reply<K extends EmitReply['kind']> = Extract<EmitReply, { kind: K }>;

/** The worker's replies in order; an error reply or a crashed worker rejects the next wait. */
function workerReplies(worker: Worker): { next(): Promise<EmitReply> } {
  const queue: EmitReply[] = [];
  const waiting: { resolve: (r: EmitReply) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | undefined;
  worker.on('message', (r: EmitReply) => (waiting.length ? waiting.shift()!.resolve(r) : queue.push(r)));
  worker.on('error', (e: Error) => {
    failure = e;
    for (const w of waiting.splice(0)) w.reject(e);
  });
  return {
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : failure ? Promise.reject(failure) : new Promise((resolve, reject) => waiting.push({ resolve, reject }))),
  };
}

async function nextReply<K extends 'emitted' | 'formatted'>(replies: { next(): Promise<EmitReply> }, kind: K): Promise<Reply<K>> {
  const r = await replies.next();
  if (r.kind === 'error') throw r.name === 'TemplateError' ? new TemplateError(r.message) : Object.assign(new Error(r.message), { name: r.name });
  if (r.kind !== kind) throw new Error(`emit worker answered ${r.kind}, expected ${kind}`);
  return r as Reply<K>;
}

/** emit-worker.js registers tsx in the worker thread itself, so this works however the process was started. */
function startEmitWorker(): Worker {
  const worker = new Worker(new URL('./emit-worker.js', import.meta.url));
  worker.unref();
  return worker;
}

/**
 * manifest.json: where the package came from. Each source spec with its API version and hash, and
 * the operations it gave, one line each (`"post /v1/customers": "customers.create"`): diffs stay
 * line by line. It ships in the package, so it says no more than that: api.md documents each
 * method, api-snapshot.json (beside it, not shipped) holds the full surface later runs diff against,
 * and the run cache keeps the list of written files.
 */
function manifest(model: ApiModel, files: FileMap, update: UpdatePlan, pkg?: PackageIdentity): string {
  const sourceOfFile = new Map(model.sources.map((s) => [s.file, s.source]));
  const bySource = new Map<string, [string, string][]>(model.sources.map((s) => [s.source, []]));
  for (const o of model.operations) {
    const source = sourceOfFile.get(o.sourceFile) ?? o.sourceFile;
    if (!bySource.has(source)) bySource.set(source, []);
    bySource.get(source)!.push([o.key, [...o.namespace, o.methodName].join('.')]);
  }
  const head = {
    generator: { name: 'stripe-codegen', version: GENERATOR_VERSION },
    package: pkg ? { name: pkg.name, version: pkg.version } : { version: update.version },
    apiVersion: model.apiVersion,
  };
  const tail = { counts: { operations: model.operations.length, schemas: model.schemas.length, files: files.size + 1 }, snapshot: SNAPSHOT_FILE, contentSha256: update.contentSha256 };
  const line = ([k, v]: [string, unknown]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  const sources = model.sources.map((s) => `    ${JSON.stringify({ source: s.source, apiVersion: s.apiVersion, sha256: s.contentSha256, verified: s.verified })}`);
  const operations = [...bySource].map(([source, ops]) => `    ${JSON.stringify(source)}: {${ops.length ? `\n${ops.map(([k, m]) => `      ${JSON.stringify(k)}: ${JSON.stringify(m)}`).join(',\n')}\n    ` : ''}}`);
  return `{\n${[...Object.entries(head).map(line), `  "sources": [\n${sources.join(',\n')}\n  ]`, `  "operations": {\n${operations.join(',\n')}\n  }`, ...Object.entries(tail).map(line)].join(',\n')}\n}\n`;
}
