// The command line and the write step: exit codes, nothing half-written, --check, template overrides.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.js';
import { checkOutput, listFiles, writeOutput } from '../../generator/write.js';
import { fixtures, scratch, tinySpec } from '../support/paths.js';

function capture() {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { stream, text: () => text };
}

async function run(args: string[]) {
  const out = capture();
  const err = capture();
  const code = await main(args, { out: out.stream as unknown as typeof process.stdout, err: err.stream as unknown as typeof process.stderr });
  return { code, out: out.text(), err: err.text() };
}

describe('stripe-codegen generate', () => {
  it('writes the client, shows each step with its timing, and --check then passes', async () => {
    const out = join(scratch('cli'), 'gen');
    const r = await run(['generate', '--spec', tinySpec, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\[1\/10\] load\s+\d+ ms  tiny\.json$/m);
    expect(r.out).toMatch(/^\[9\/10\] build\s+\d+ ms  \d+ files in dist\//m);
    expect(r.out).toMatch(/^\[10\/10\] write\s+\d+ ms/m);
    expect(r.out).toMatch(/generated: 12 operations, \d+ files/);
    expect(existsSync(join(out, 'resources', 'widgets.ts'))).toBe(true);
    expect((await run(['generate', '--spec', tinySpec, '--out', out, '--check'])).code).toBe(0);
  });

  it('--check exits 1 and lists what differs', async () => {
    const out = join(scratch('cli'), 'gen');
    await run(['generate', '--spec', tinySpec, '--out', out, '--quiet']);
    writeFileSync(join(out, 'resources', 'widgets.ts'), '// edited by hand\n');
    writeFileSync(join(out, 'stale.ts'), '');
    const r = await run(['generate', '--spec', tinySpec, '--out', out, '--check']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/changed resources\/widgets\.ts/);
    expect(r.err).toMatch(/stale\s+stale\.ts/);
  });

  it.each([
    ['broken-ref.json', /broken-ref\.json#\/paths\/~1v1~1widgets\/post\/requestBody: \$ref #\/components\/schemas\/nope does not resolve/],
    ['missing-responses.json', /missing-responses\.json#\/paths\/~1v1~1widgets~1\{widget\}~1polish\/post: operation has no responses/],
    ['duplicate-method.json', /widgets\.polish: post \/v1\/widgets\/\{id\}\/polish, post \/v1\/widgets\/\{widget\}\/polish/],
    ['invalid.yaml', /invalid\.yaml#: invalid YAML \(line 8, column 1\)/],
  ])('%s: exit 2, a clear error, and the previous output untouched', async (name, message) => {
    const out = join(scratch('cli'), 'gen');
    await run(['generate', '--spec', tinySpec, '--out', out, '--quiet']);
    const before = listFiles(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]);
    const r = await run(['generate', '--spec', join(fixtures, 'bad', name), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/nothing was written/);
    expect(listFiles(out).map((f) => [f, readFileSync(join(out, f), 'utf8')])).toEqual(before);
  });

  // Team folders (overrides, helpers, extra files, their failures): test/generator/team-templates.test.ts.
  it('reports a missing template folder with exit 2', async () => {
    const r = await run(['generate', '--spec', tinySpec, '--out', join(scratch('cli'), 'x'), '--templates', '/nonexistent/templates']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--templates \/nonexistent\/templates: folder not found/);
  });
});

describe('writeOutput', () => {
  it('replaces the folder, removes stale files and keeps the hand-written .gitignore', () => {
    const out = join(scratch('write'), 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '.gitignore'), 'kept');
    writeFileSync(join(out, 'old.ts'), 'stale');
    writeOutput(out, new Map([['a/b.ts', 'x'], ['c.md', 'y']]));
    expect(listFiles(out)).toEqual(['a/b.ts', 'c.md']);
    expect(readFileSync(join(out, '.gitignore'), 'utf8')).toBe('kept');
    expect(checkOutput(out, new Map([['a/b.ts', 'x'], ['c.md', 'y']]))).toEqual({ missing: [], changed: [], stale: [] });
  });

  it('leaves the previous output intact when writing fails', () => {
    const out = join(scratch('write'), 'out');
    writeOutput(out, new Map([['keep.ts', 'v1']]));
    // A path that cannot be created (a file where a folder must go) fails mid-write.
    expect(() => writeOutput(out, new Map([['x.ts', 'v2'], ['x.ts/y.ts', 'boom']]))).toThrow();
    expect(listFiles(out)).toEqual(['keep.ts']);
    expect(readFileSync(join(out, 'keep.ts'), 'utf8')).toBe('v1');
    expect(listFiles(join(out, '..')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
