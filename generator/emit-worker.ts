// Runs the emit and format steps on a worker thread. The pipeline starts it first thing, so the
// heavy modules these steps need (ts-morph with its own TypeScript, prettier, handlebars) load on
// the second core while the main thread reads the spec and prints the types.
import { parentPort } from 'node:worker_threads';
import { GeneratedCodeError } from './errors.js';
import type { ApiModel } from './model.js';
import type { TypesOutput } from './types.js';

export interface EmitJob {
  readonly model: ApiModel;
  readonly types: TypesOutput;
  readonly templatesDir?: string;
  readonly generatorVersion: string;
  readonly runtimeFromOut: string;
  /** Incremental cache: sha256 of unformatted text -> formatted text. */
  readonly formatted?: Readonly<Record<string, string>>;
}

export type EmitReply =
  | { readonly kind: 'emitted'; readonly files: [string, string][]; readonly emitMs: number; readonly provenance: [string, string][]; readonly teamMade: string[] }
  | { readonly kind: 'formatted'; readonly files: [string, string][]; readonly formatMs: number }
  | { readonly kind: 'error'; readonly name: string; readonly message: string };

const modules = Promise.all([import('./emit.js'), import('./format.js'), import('./templates.js'), import('./layout.js'), import('./template-extras.js')]);

parentPort!.once('message', async (job: EmitJob) => {
  let provenance: ReadonlyMap<string, string> = new Map();
  try {
    const [{ emit }, { formatFiles, inShare, WORKER_SHARE }, { loadTemplates }, { buildLayout }, { renderExtras }] = await modules;
    const t0 = performance.now();
    const templates = await loadTemplates(job.templatesDir);
    provenance = templates.provenance;
    const emitted = emit(job.model, buildLayout(job.model), job.types, templates, { generatorVersion: job.generatorVersion, runtimeFromOut: job.runtimeFromOut });
    renderExtras(templates, emitted);
    const t1 = performance.now();
    parentPort!.postMessage({ kind: 'emitted', files: [...emitted], emitMs: t1 - t0, provenance: [...provenance], teamMade: [...templates.teamMade] } satisfies EmitReply);
    const mine = inShare(emitted, WORKER_SHARE);
    const formatted = await formatFiles(emitted, WORKER_SHARE, undefined, job.formatted);
    const files = [...formatted].filter(([p]) => mine.has(p));
    parentPort!.postMessage({ kind: 'formatted', files, formatMs: performance.now() - t1 } satisfies EmitReply);
  } catch (err) {
    const e = err instanceof GeneratedCodeError ? err.withOrigin(provenance) : (err as Error);
    parentPort!.postMessage({ kind: 'error', name: e.name, message: e.message } satisfies EmitReply);
  }
});
