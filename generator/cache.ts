// The incremental-generation cache. Keyed by the generator itself (a hash of generator/,
// templates/, runtime/ and the package versions of prettier and openapi-typescript), it holds:
// - the last run's inputs key (spec contents, team templates, options) and the hash of the
//   output it wrote: a rerun with the same key over an untouched output has nothing to do;
// - prettier's output by the hash of its input, so a changed spec re-formats only the files it changed;
// - the declarations of each template output by the hash of its source, so the package build compiles
//   only the files that changed.
// Stored as one JSON file per output folder under node_modules/.cache/stripe-codegen (or the
// system temp folder); an unreadable or foreign cache is ignored, never trusted.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { repoRoot } from './sources.js';

const CACHE_FORMAT = 1;

export interface CacheData {
  readonly format: typeof CACHE_FORMAT;
  readonly generator: string;
  /** The last write to this output folder. */
  /** `files`: every file it wrote, dist/ included. */
  readonly lastRun?: { readonly inputs: string; readonly output: string; readonly files?: readonly string[] };
  /** sha256 of unformatted text -> prettier's output. */
  readonly formatted: Readonly<Record<string, string>>;
  /** sha256 of a template output's source -> its declarations (the package build's slowest part). */
  readonly declared?: Readonly<Record<string, string>>;
}

export const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

function hashTree(h: ReturnType<typeof createHash>, dir: string): void {
  if (!existsSync(dir)) return;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(relative(dir, p).split(sep).join('/')).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(dir);
}

let fingerprint: string | undefined;

/** Changes whenever anything that shapes the output changes: generator code, templates, runtime, formatter, type printer. */
export function generatorFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash('sha256');
  for (const dir of ['generator', 'templates', 'runtime']) hashTree(h, join(repoRoot, dir));
  for (const pkg of ['package.json', 'node_modules/prettier/package.json', 'node_modules/openapi-typescript/package.json', 'node_modules/typescript/package.json']) {
    const p = join(repoRoot, pkg);
    if (existsSync(p)) h.update(readFileSync(p));
  }
  return (fingerprint = h.digest('hex'));
}

/** The inputs of one run, besides the generator: spec contents, a team's templates, options that reach the output. */
export function inputsKey(parts: { specs: readonly string[]; templatesDir?: string; options: Record<string, unknown> }): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ specs: parts.specs, options: parts.options }));
  if (parts.templatesDir) hashTree(h, resolve(parts.templatesDir));
  return h.digest('hex');
}

/** Hash of an output: every file's path and text, in path order. */
export function hashFileMap(files: ReadonlyMap<string, string>): string {
  const h = createHash('sha256');
  for (const rel of [...files.keys()].sort()) h.update(rel).update('\0').update(files.get(rel)!).update('\0');
  return h.digest('hex');
}

export function defaultCacheDir(): string {
  const local = join(process.cwd(), 'node_modules');
  return existsSync(local) ? join(local, '.cache', 'stripe-codegen') : join(tmpdir(), 'stripe-codegen-cache');
}

export function cacheFile(cacheDir: string, outDir: string): string {
  return join(cacheDir, `out-${sha(resolve(outDir)).slice(0, 16)}.json`);
}

export function readCache(path: string): CacheData {
  const empty: CacheData = { format: CACHE_FORMAT, generator: generatorFingerprint(), formatted: {} };
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as CacheData;
    return data.format === CACHE_FORMAT && data.generator === generatorFingerprint() && data.formatted ? data : empty;
  } catch {
    return empty;
  }
}

/** Best effort: a cache that cannot be written costs time on the next run, never correctness. */
export function writeCache(path: string, data: CacheData): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, path);
  } catch {
    rmSync(tmp, { force: true });
  }
}
