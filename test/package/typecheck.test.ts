// The generated package (generated/ + runtime/) type-checks under --strict with zero errors on
// TypeScript 5.9 and on TypeScript 7 (the native compiler, installed as `typescript-7`).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { repoRoot } from '../support/paths.js';

requireGenerated();

const compilers = [
  ['TypeScript 5.9', 'typescript', /^5\.9\./],
  ['TypeScript 7', 'typescript-7', /^7\./],
] as const;

describe.each(compilers)('%s', (_label, pkg, version) => {
  const tsc = join(repoRoot, 'node_modules', pkg, 'bin', 'tsc');

  it('is the expected compiler version', () => {
    expect((JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version).toMatch(version);
  });

  it('type-checks generated/ and runtime/ with --noEmit --strict and zero errors', async () => {
    let output = '';
    try {
      output = (await promisify(execFile)(process.execPath, [tsc, '-p', join(repoRoot, 'tsconfig.build.json'), '--noEmit', '--strict'], { encoding: 'utf8', cwd: repoRoot })).stdout;
    } catch (err) {
      output = String((err as { stdout?: string }).stdout ?? err);
    }
    expect(output.trim()).toBe('');
  }, 120_000);
});
