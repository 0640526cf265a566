// `--out` never destroys data and never hangs: it replaces a folder only when it is empty or holds
// an earlier output of this generator (manifest.json says so), else exit 2 naming the folder and
// --force; unwritable, file-shadowed and special targets exit 2 with one line, nothing written.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratch, tinySpec } from '../support/paths.js';
import { runCli } from '../support/cli.js';

const run = runCli;

const generate = (out: string, ...extra: string[]) => run(['generate', '--spec', tinySpec, '--out', out, '--quiet', ...extra]);

/** Every file under dir with its contents, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else files[`${rel}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return files;
}

/** One line on stderr, no stack trace. */
function expectOneLine(err: string): void {
  expect(err.trim().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
}

describe('--out safety', () => {
  it('refuses a folder with unrelated files, naming it and --force, and leaves every file untouched', async () => {
    const project = join(scratch('safety'), 'project');
    mkdirSync(join(project, '.git'), { recursive: true });
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(project, 'src', 'app.ts'), 'export const app = 1;\n');
    writeFileSync(join(project, 'package.json'), '{ "name": "app" }\n');
    const before = snapshot(project);
    const r = await generate(project);
    expect(r.code).toBe(2);
    expect(r.err).toContain(project);
    expect(r.err).toMatch(/--force/);
    expectOneLine(r.err);
    expect(snapshot(project)).toEqual(before);
    expect(readdirSync(join(project, '..'))).toEqual(['project']); // no temp folder left beside it
  });

  it('writes into an empty folder', async () => {
    const out = join(scratch('safety'), 'empty');
    mkdirSync(out);
    expect((await generate(out)).code).toBe(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it('replaces an earlier output (its manifest.json says so), stale files included', async () => {
    const out = join(scratch('safety'), 'client');
    expect((await generate(out)).code).toBe(0);
    writeFileSync(join(out, 'resources', 'stale.ts'), '// from an older spec\n');
    expect((await generate(out)).code).toBe(0);
    expect(existsSync(join(out, 'resources', 'stale.ts'))).toBe(false);
    expect(existsSync(join(out, 'package.json'))).toBe(true);
  });

  it('does not take a look-alike manifest.json for an earlier output', async () => {
    const out = join(scratch('safety'), 'other');
    mkdirSync(out);
    writeFileSync(join(out, 'manifest.json'), '{ "name": "some web app manifest" }\n');
    expect((await generate(out)).code).toBe(2);
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toMatch(/web app/);
  });

  it('--force replaces a folder with unrelated files', async () => {
    const out = join(scratch('safety'), 'forced');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expect((await generate(out, '--force')).code).toBe(0);
    expect(existsSync(join(out, 'notes.txt'))).toBe(false);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });

  it.each([
    ['a file', (d: string) => (writeFileSync(join(d, 'file'), 'x'), join(d, 'file')), /is a file, not a folder/],
    ['under a file (file-shadowed)', (d: string) => (writeFileSync(join(d, 'file'), 'x'), join(d, 'file', 'sub', 'out')), /file is a file, not a folder/],
    ['/dev/null/x', () => '/dev/null/x', /\/dev\/null is a file, not a folder/],
    ['/proc/forbidden', () => '/proc/forbidden', /cannot create folders in \/proc/],
    ['/sys/forbidden', () => '/sys/forbidden', /cannot create folders in \/sys/],
  ])('%s: exit 2 with one line, nothing written', async (_label, target, message) => {
    const dir = scratch('safety');
    const out = target(dir);
    const before = snapshot(dir);
    const r = await generate(out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/nothing was written/);
    expectOneLine(r.err);
    expect(snapshot(dir)).toEqual(before);
  });

  const asRoot = process.getuid?.() === 0;
  it.skipIf(asRoot && !existsSync('/usr/bin/setpriv'))('an unwritable parent: exit 2 with one line, nothing written (run as an unprivileged user when tests run as root)', async () => {
    const dir = scratch('safety');
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    chmodSync(dir, 0o755);
    let code: number;
    let err: string;
    if (asRoot) {
      // root writes anywhere: drop to `nobody` for this one run of the CLI (its sources through tsx, as
      // this suite runs them: dist/generator may be rebuilt meanwhile by the team-flow test's npm pack).
      const cli = "const { main } = await import('./generator/cli.ts'); process.exitCode = await main(process.argv.slice(1));";
      const args = ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', cli, 'generate', '--spec', tinySpec, '--out', join(locked, 'out'), '--quiet'];
      try {
        await promisify(execFile)('setpriv', args, { cwd: repoRoot, encoding: 'utf8' });
        code = 0;
        err = '';
      } catch (e) {
        code = (e as { code: number }).code;
        err = (e as { stderr: string }).stderr;
      }
    } else {
      ({ code, err } = await generate(join(locked, 'out')));
    }
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`cannot create folders in ${locked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(EACCES\\)`));
    expectOneLine(err);
    expect(readdirSync(locked)).toEqual([]);
  });
});

describe('a package that does not build', () => {
  it('exits 2 with one line naming the file, and leaves the previous output as it was', async () => {
    const dir = scratch('safety');
    const out = join(dir, 'client');
    expect((await generate(out)).code).toBe(0);
    const before = snapshot(out);
    // Declarations are emitted file by file: an exported value needs a type the file itself states.
    writeFileSync(join(dir, 'index.ts.hbs'), "export { Stripe, Stripe as default } from './client.js';\nexport const flag = Math.random() > 2 ? 1 : 'x';\n");
    const r = await generate(out, '--templates', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the package build failed: declarations: index\.ts:\d+: .*explicit type annotation/);
    expect(r.err).toMatch(/nothing was written/);
    expectOneLine(r.err);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['client', 'index.ts.hbs']);
  });
});
