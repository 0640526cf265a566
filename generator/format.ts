// Step 8: format rendered code with prettier so output is stable and readable
// whatever a team's templates look like.
import { format } from 'prettier';
import type { FileMap } from './emit.js';

export const PRETTIER_OPTIONS = { parser: 'typescript', singleQuote: true, printWidth: 120, trailingComma: 'all' } as const;

/**
 * Template output (resources, client, entry) goes through prettier. Type files are printed by
 * TypeScript's own printer, which is already deterministic and consistently laid out, so they are
 * left as printed: prettier would triple the generation time for no change in meaning.
 */
export function isTemplateOutput(path: string): boolean {
  return path.endsWith('.ts') && !path.startsWith('types/');
}

export async function formatFiles(files: FileMap, concurrency = 16): Promise<FileMap> {
  const out: FileMap = new Map();
  const entries = [...files];
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [path, text] = entries[next++]!;
      out.set(path, isTemplateOutput(path) ? await formatOne(path, text) : text);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Keep the emitter's order so the manifest and writes are deterministic.
  return new Map(entries.map(([p]) => [p, out.get(p)!]));
}

async function formatOne(path: string, text: string): Promise<string> {
  try {
    return await format(text, PRETTIER_OPTIONS);
  } catch (err) {
    // A template that renders invalid TypeScript: show where, with the offending output kept for inspection.
    throw new Error(`prettier could not parse generated ${path} (check the template that produced it): ${(err as Error).message.split('\n')[0]}`);
  }
}
