// Decides, before any work, whether `generate` may replace the output folder. Generation swaps
// in a whole new folder (stale files go), so pointed at the wrong place (`--out .` in a project,
// `--out ~`) it would delete someone's files: it only replaces a folder that is empty or that holds
// an earlier output of this generator (its manifest.json says so), unless --force. Targets that
// cannot be written (unwritable, under a file, /proc, /dev/null/x) fail here with one line, before
// anything is created.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OutputError } from './errors.js';
import { KEPT_FILES } from './write.js';

export { OutputError };

/** The generator's own name in manifest.json (`generator.name`): the mark of an earlier output. */
export const GENERATOR_NAME = 'stripe-codegen';

/** True when dir's manifest.json says this generator wrote it. */
export function isGeneratorOutput(dir: string): boolean {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { generator?: { name?: unknown } };
    return m.generator?.name === GENERATOR_NAME;
  } catch {
    return false;
  }
}

const errno = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * Throws OutputError unless outDir (absolute) may be replaced: it is missing (and can be created),
 * empty, or an earlier output; `force` allows any folder. Never creates outDir itself.
 */
export function assertReplaceable(outDir: string, options: { force?: boolean } = {}): void {
  let stat;
  try {
    stat = lstatSync(outDir);
  } catch (err) {
    if (errno(err) !== 'ENOENT' && errno(err) !== 'ENOTDIR') throw new OutputError(`--out ${outDir}: cannot be read (${errno(err)}); nothing was written`);
  }
  if (stat && !stat.isDirectory()) throw new OutputError(`--out ${outDir}: is a file, not a folder; nothing was written`);
  if (stat) {
    const entries = readdirSync(outDir).filter((f) => !(KEPT_FILES as readonly string[]).includes(f));
    if (entries.length && !options.force && !isGeneratorOutput(outDir)) {
      throw new OutputError(
        `--out ${outDir}: the folder holds ${entries.length} file(s) that are not an earlier stripe-codegen output (no manifest.json of ours); ` +
          'choose an empty or new folder, or pass --force to replace it; nothing was written',
      );
    }
  }
  // The new output is built beside outDir and swapped in by renames: the parent (or, when it does
  // not exist yet, its nearest existing ancestor) must be a folder we can create entries in.
  let ancestor = dirname(outDir);
  while (!existsSync(ancestor)) {
    const up = dirname(ancestor);
    if (up === ancestor) break;
    ancestor = up;
  }
  let isDir = false;
  try {
    isDir = statSync(ancestor).isDirectory();
  } catch (err) {
    throw new OutputError(`--out ${outDir}: ${ancestor} cannot be read (${errno(err)}); nothing was written`);
  }
  if (!isDir) throw new OutputError(`--out ${outDir}: ${ancestor} is a file, not a folder; nothing was written`);
  try {
    rmdirSync(mkdtempSync(join(ancestor, '.stripe-codegen-probe-')));
  } catch (err) {
    throw new OutputError(`--out ${outDir}: cannot create folders in ${ancestor} (${errno(err)}); nothing was written`);
  }
}
