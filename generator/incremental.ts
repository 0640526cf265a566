// Incremental generation, wired into the pipeline: an unchanged rerun reuses the output on disk
// (checked by hash) instead of generating it again; otherwise prettier's earlier results are
// reused file by file. See cache.ts for what the cache holds and what keys it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheFile, defaultCacheDir, hashFileMap, inputsKey, readCache, sha, writeCache, type CacheData } from './cache.js';
import type { FileMap } from './emit.js';
import type { ResolvedSpec } from './sources.js';
import { listFiles } from './write.js';

export interface RunCache {
  readonly path: string;
  readonly data: CacheData;
  /** This run's inputs (spec contents, team templates, options). */
  readonly inputs: string;
}

export interface CacheOptions {
  /** false turns the cache off; a string is the cache folder. */
  readonly cache?: false | string;
  readonly templatesDir?: string;
  readonly runtimeFromOut?: string;
  readonly packageVersion?: string;
  readonly package?: { readonly name: string; readonly version?: string; readonly fields?: Readonly<Record<string, unknown>> };
  readonly overrides?: unknown;
}

/** `STRIPE_CODEGEN_CACHE=off` turns the cache off (benchmarks of a full run); any other value is the cache folder. */
export const CACHE_ENV = 'STRIPE_CODEGEN_CACHE';

export function openRunCache(outDir: string, specs: readonly ResolvedSpec[], options: CacheOptions): RunCache | undefined {
  const env = process.env[CACHE_ENV];
  const setting = options.cache ?? (env === 'off' ? false : env || undefined);
  if (setting === false) return undefined;
  const path = cacheFile(typeof setting === 'string' ? setting : defaultCacheDir(), outDir);
  const inputs = inputsKey({
    specs: specs.map((s) => `${s.source}\0${s.file}\0${s.contentSha256}`),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    options: { runtimeFromOut: options.runtimeFromOut ?? null, packageVersion: options.packageVersion ?? null, package: options.package ?? null, overrides: options.overrides ?? null },
  });
  return { path, data: readCache(path), inputs };
}

/** The output on disk when the last run wrote it from the same inputs and nobody has touched it since. */
export function unchangedOutput(cache: RunCache, outDir: string): FileMap | undefined {
  const last = cache.data.lastRun;
  const manifestPath = join(outDir, 'manifest.json');
  if (last?.inputs !== cache.inputs || !existsSync(manifestPath)) return undefined;
  const listed: readonly string[] = last.files ?? [];
  // Exactly these files: one added by hand (or left from an older layout) must go, so that is a full run.
  const onDisk = listFiles(outDir);
  const expected = [...listed].sort();
  if (!expected.length || onDisk.length !== expected.length || !onDisk.every((rel, i) => rel === expected[i])) return undefined;
  const files: FileMap = new Map(listed.map((rel) => [rel, readFileSync(join(outDir, rel), 'utf8')]));
  return hashFileMap(files) === last.output ? files : undefined;
}

/**
 * Remember prettier's output for this run's formatted files (only these: the cache does not grow without bound)
 * and, after a write, the run itself.
 */
export function saveRunCache(cache: RunCache, formattedInputs: readonly (readonly [string, string])[], files: FileMap, wrote: boolean, declared?: Readonly<Record<string, string>>): void {
  const formatted: Record<string, string> = {};
  for (const [path, text] of formattedInputs) if (files.has(path)) formatted[sha(text)] = files.get(path)!;
  writeCache(cache.path, {
    ...cache.data,
    formatted,
    ...(declared ? { declared } : {}),
    ...(wrote ? { lastRun: { inputs: cache.inputs, output: hashFileMap(files), files: [...files.keys()].sort() } } : {}),
  });
}
