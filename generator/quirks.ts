// Checked-in facts about operations that the spec leaves unsaid (see quirks.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './sources.js';

export interface OperationQuirk {
  readonly auth?: 'sessionToken';
  readonly why: string;
}
export interface Quirks {
  readonly operations: Readonly<Record<string, OperationQuirk>>;
}

export function loadQuirks(): Quirks {
  return JSON.parse(readFileSync(join(repoRoot, 'generator', 'quirks.json'), 'utf8')) as Quirks;
}
