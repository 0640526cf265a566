// Small helpers shared by the benchmarks: medians, percentiles, a uniform report, and a staleness check of dist/.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export function report(name: string, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n== bench/${name} ==\n`);
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}

/**
 * runtime/ sources that differ from the copy in the generated package (generated/runtime/): the
 * benches measure generated/dist/, built from that copy, so these changes would not count. By
 * content, not mtime: generate keeps an unchanged output file's mtime (a hard link).
 */
export function staleRuntime(root: string, dir = 'runtime'): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...staleRuntime(root, rel));
    else if (e.name.endsWith('.ts')) {
      const copy = join(root, 'generated', rel);
      if (!existsSync(copy) || readFileSync(copy, 'utf8') !== readFileSync(join(root, rel), 'utf8')) out.push(rel);
    }
  }
  return out;
}

/** TypeScript sources under root/dir changed after builtAt: the benches measure dist/, so these would not count. */
export function staleSources(root: string, dir: string, builtAt: number): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...staleSources(root, rel, builtAt));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && statSync(join(root, rel)).mtimeMs > builtAt) out.push(rel);
  }
  return out;
}
