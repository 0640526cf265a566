// Checked-in facts about operations that the spec leaves unsaid (see quirks.json).
import { readFileSync } from 'node:fs';

export interface OperationQuirk {
  readonly auth?: 'sessionToken';
  readonly why: string;
}
export interface Quirks {
  readonly operations: Readonly<Record<string, OperationQuirk>>;
}

export function loadQuirks(): Quirks {
  return JSON.parse(readFileSync(new URL('./quirks.json', import.meta.url), 'utf8')) as Quirks;
}
