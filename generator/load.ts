// Step 1: read a spec file (JSON or YAML) into a plain object, with the file's
// sha256 and a content hash that is the same for a spec's JSON and YAML twins.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { SpecError, SourceError } from './errors.js';

export interface LoadedSpec {
  /** The file name used in messages and the manifest. */
  readonly file: string;
  readonly path: string;
  readonly doc: Record<string, unknown>;
  /** sha256 of the file's bytes, compared with spec/sources.json. */
  readonly fileSha256: string;
  /** sha256 of the parsed document as canonical JSON: equal for JSON and YAML twins. */
  readonly contentSha256: string;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function loadSpecFile(path: string): LoadedSpec {
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new SourceError(`cannot read spec ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const text = bytes.toString('utf8');
  const doc = parseSpecText(text, file, extname(path).toLowerCase());
  return { file, path, doc, fileSha256: sha256(bytes), contentSha256: sha256(JSON.stringify(doc)) };
}

export function parseSpecText(text: string, file: string, ext: string): Record<string, unknown> {
  let doc: unknown;
  if (ext === '.yaml' || ext === '.yml') {
    try {
      // The core schema keeps dates such as 2023-08-16 as strings, exactly as JSON has them.
      doc = parseYaml(text, { schema: 'core', maxAliasCount: -1, uniqueKeys: true });
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const at = err.linePos?.[0];
        const where = at ? ` (line ${at.line}, column ${at.col})` : '';
        throw new SpecError([{ file, pointer: '', message: `invalid YAML${where}: ${err.message.split('\n')[0]}` }]);
      }
      throw err;
    }
  } else {
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new SpecError([{ file, pointer: '', message: `invalid JSON: ${(err as Error).message}` }]);
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecError([{ file, pointer: '', message: 'the document is not an object' }]);
  }
  return doc as Record<string, unknown>;
}
