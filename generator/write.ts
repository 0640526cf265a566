// Step 9: replace the output folder atomically. Everything is written to a
// sibling temp folder first, then swapped in with renames, so a failed run
// leaves the previous output intact and stale files disappear.
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { FileMap } from './emit.js';
import { OutputError } from './errors.js';

/** Hand-kept files in the output folder that generation preserves (and --check ignores). */
export const KEPT_FILES = ['.gitignore'] as const;

/**
 * Writes `files` into a sibling temp folder, lets `beforeSwap` check it (e.g. load the built
 * package), then swaps it in. Any failure leaves the previous output as it was.
 */
export function writeOutput(outDir: string, files: FileMap, beforeSwap?: (tmp: string) => void): void {
  const parent = dirname(outDir);
  const tmp = `${outDir}.tmp-${process.pid}`;
  const old = `${outDir}.old-${process.pid}`;
  try {
    mkdirSync(parent, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
  } catch (err) {
    throw new OutputError(`--out ${outDir}: cannot create ${parent} (${(err as NodeJS.ErrnoException).code ?? String(err)}); nothing was written`);
  }
  try {
    const made = new Set<string>();
    for (const [rel, text] of files) {
      const path = join(tmp, rel);
      const dir = dirname(path);
      if (!made.has(dir)) mkdirSync(dir, { recursive: true }), made.add(dir);
      // An unchanged file keeps its inode and mtime (a hard link), so tools that rebuild by mtime redo only what changed.
      if (!linkIfSame(join(outDir, rel), path, text)) writeFileSync(path, text);
    }
    for (const kept of KEPT_FILES) {
      const src = join(outDir, kept);
      if (existsSync(src)) copyFileSync(src, join(tmp, kept));
    }
    beforeSwap?.(tmp);
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(outDir) && existsSync(old)) renameSync(old, outDir);
    const code = (err as NodeJS.ErrnoException).code;
    // File-system refusals are the user's to fix (permissions, a full disk): one line, exit 2.
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new OutputError(`--out ${outDir}: ${code} while writing ${(err as NodeJS.ErrnoException).path ?? ''}; nothing was written`);
    throw err;
  }
  rmSync(old, { recursive: true, force: true });
}

function linkIfSame(previous: string, path: string, text: string): boolean {
  try {
    if (readFileSync(previous, 'utf8') !== text) return false;
    linkSync(previous, path);
    return true;
  } catch {
    return false; // no previous file, or a file system without hard links: write it
  }
}

/** Files on disk under dir (relative, '/'-separated), hand-kept files excluded. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.filter((f) => !(KEPT_FILES as readonly string[]).includes(f)).sort();
}

export interface CheckResult {
  readonly missing: string[];
  readonly changed: string[];
  readonly stale: string[];
}

/** Compare what generation would write with what is on disk. */
export function checkOutput(outDir: string, files: FileMap): CheckResult {
  const onDisk = new Set(listFiles(outDir));
  const result: CheckResult = { missing: [], changed: [], stale: [] };
  for (const [rel, text] of files) {
    if (!onDisk.has(rel)) result.missing.push(rel);
    else if (readFileSync(join(outDir, rel), 'utf8') !== text) result.changed.push(rel);
    onDisk.delete(rel);
  }
  result.stale.push(...[...onDisk].sort());
  return result;
}
