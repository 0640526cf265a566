// stripe-codegen.config.json and the package identity flags: the config file (found in the working
// directory or given with --config) names the package, the specs (registry names or paths), the
// output and template folders; flags win over it; bad input exits 2 with one line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveGenerateSettings } from '../../generator/config.js';
import { relImport } from '../../generator/emit.js';
import { generate } from '../../generator/pipeline.js';
import { scratch, tinySpec } from '../support/paths.js';
import { runCli } from '../support/cli.js';

const run = runCli;

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('loadConfig', () => {
  it('is empty when the working directory has no config file', () => {
    expect(loadConfig({ cwd: scratch('config') })).toEqual({});
  });

  it('resolves paths against the file, keeps registry names, and is found in the working directory', () => {
    const dir = scratch('config');
    writeFileSync(
      join(dir, 'stripe-codegen.config.json'),
      JSON.stringify({ packageName: '@acme/stripe', packageVersion: '3.1.4', specs: ['spec3.2023-08-16', './specs/extra.yaml'], out: 'client', templates: 'tpl' }),
    );
    expect(loadConfig({ cwd: dir })).toEqual({
      file: join(dir, 'stripe-codegen.config.json'),
      packageName: '@acme/stripe',
      packageVersion: '3.1.4',
      specs: ['spec3.2023-08-16', join(dir, 'specs', 'extra.yaml')],
      out: join(dir, 'client'),
      templates: join(dir, 'tpl'),
    });
  });

  it.each([
    [{ pakageName: 'x' }, /unknown key "pakageName" \(known: packageName, packageVersion, specs, out, templates, packageJson\)/],
    [{ packageJson: ['x'] }, /"packageJson" must be a JSON object/],
    [{ packageJson: { exports: {} } }, /packageJson\.exports: not a field the config may set \(allowed: description, keywords, .*publishConfig; the generator writes the others\)/],
    [{ packageJson: { dependencies: { lodash: '*' } } }, /packageJson\.dependencies: not a field the config may set/],
    [{ packageJson: { keywords: 'stripe' } }, /packageJson\.keywords: must be an array of strings/],
    [{ packageJson: { publishConfig: 'https://npm.acme.dev' } }, /packageJson\.publishConfig: must be a JSON object/],
    [{ packageName: 'Acme Stripe' }, /packageName: "Acme Stripe" is not a valid npm package name/],
    [{ packageVersion: '3.1' }, /packageVersion: "3.1" is not a semver version/],
    [{ specs: 'spec3.json' }, /"specs" must be an array of non-empty strings/],
  ])('refuses %j naming the file and the key', (data, message) => {
    const dir = scratch('config');
    writeFileSync(join(dir, 'c.json'), JSON.stringify(data));
    expect(() => loadConfig({ cwd: dir, path: 'c.json' })).toThrow(ConfigError);
    expect(() => loadConfig({ cwd: dir, path: 'c.json' })).toThrow(message);
  });

  it('flags win over the file', () => {
    const dir = scratch('config');
    writeFileSync(join(dir, 'stripe-codegen.config.json'), JSON.stringify({ packageName: '@acme/stripe', packageVersion: '3.1.4', out: 'client' }));
    const s = resolveGenerateSettings({ packageVersion: '4.0.0', out: 'elsewhere' }, dir);
    expect(s.package).toEqual({ name: '@acme/stripe', version: '4.0.0' });
    expect(s.outDir).toBe(join(dir, 'elsewhere'));
  });
});

describe('stripe-codegen generate with a config file and identity flags', () => {
  it('--config names the package, registry-name specs and an output folder beside the file; --package-version overrides', async () => {
    const dir = scratch('config');
    mkdirSync(join(dir, 'team'));
    writeFileSync(join(dir, 'team', 'codegen.json'), JSON.stringify({ packageName: '@acme/meters', packageVersion: '1.0.0', specs: ['stripe-2026-07-29.billing-meters'], out: 'pkg' }));
    const r = await run(['generate', '--config', join(dir, 'team', 'codegen.json'), '--package-version', '1.2.3', '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(json(join(dir, 'team', 'pkg', 'package.json'))).toMatchObject({ name: '@acme/meters', version: '1.2.3' });
    expect(json(join(dir, 'team', 'pkg', 'manifest.json'))).toMatchObject({ package: { name: '@acme/meters', version: '1.2.3' }, sources: [{ source: 'stripe-2026-07-29.billing-meters', verified: true }] });
  });

  it('packageJson adds the publishing fields a team needs (a private registry, the repository) to the generated package.json', async () => {
    const dir = scratch('config');
    const packageJson = {
      description: 'Acme\'s Stripe client',
      keywords: ['stripe', 'acme'],
      repository: { type: 'git', url: 'git+https://git.acme.dev/payments/stripe-client.git' },
      publishConfig: { registry: 'https://npm.acme.dev/', access: 'restricted' },
    };
    writeFileSync(join(dir, 'stripe-codegen.config.json'), JSON.stringify({ packageName: '@acme/stripe', specs: [tinySpec], out: 'pkg', packageJson }));
    const r = await runCli(['generate', '--config', join(dir, 'stripe-codegen.config.json'), '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const written = json(join(dir, 'pkg', 'package.json'));
    expect(written).toMatchObject({ name: '@acme/stripe', ...packageJson, type: 'module', dependencies: { undici: expect.any(String) } });
    expect(Object.keys(written.exports as object)).toContain('./core');
  });

  it('takes a registry name for --spec and the identity from flags', async () => {
    const out = join(scratch('config'), 'pkg');
    const r = await run(['generate', '--spec', 'stripe-2026-07-29.billing-meters', '--out', out, '--package-name', '@acme/m2', '--package-version', '0.0.1', '--quiet']);
    expect(r.code).toBe(0);
    expect(json(join(out, 'package.json'))).toMatchObject({ name: '@acme/m2', version: '0.0.1' });
  });

  it.each([
    [['--package-name', 'Not Valid'], /--package-name: "Not Valid" is not a valid npm package name/],
    [['--package-version', 'latest'], /--package-version: "latest" is not a semver version/],
    [['--spec', 'no-such-registry-entry'], /cannot read spec .*no-such-registry-entry/],
    [['--config', '/nonexistent/codegen.json'], /--config \/nonexistent\/codegen\.json: cannot read \(ENOENT\)/],
  ])('%j: exit 2 with one clear line', async (flags, message) => {
    const out = join(scratch('config'), 'pkg');
    const r = await run(['generate', '--spec', tinySpec, '--out', out, ...flags, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});

describe('imports of a runtime outside the output folder (library use, no package)', () => {
  it('relImport keeps `..` segments relative to the output folder, not the working directory', () => {
    expect(relImport('resources/customers.ts', '../wt/runtime/index')).toBe('../../wt/runtime/index.js');
    expect(relImport('index.ts', '../../a/runtime/index')).toBe('../../a/runtime/index.js');
    expect(relImport('resources/billing/meters.ts', 'runtime/index')).toBe('../../runtime/index.js');
  });

  it('a sibling --out imports the repo runtime by the right path', async () => {
    const out = join(scratch('config'), 'sibling', 'out');
    const r = await generate({ specs: [tinySpec], outDir: out, dryRun: true });
    // out is test/.work/config-*/sibling/out: five folders below the repo root, resources/ one more.
    expect(r.files.get('resources/widgets.ts')).toContain(`from '../../../../../../runtime/index.js'`);
  });
});
