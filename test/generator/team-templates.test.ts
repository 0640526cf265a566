// Team templates: the example team folder (test/fixtures/team-templates: a header partial, every
// method logged through a helper from helpers.js, a mock per resource, TEAM.md per package) pinned
// by a golden copy, type-checked and run against the mock server; then one test per way a team
// folder can be broken, each through the CLI: exit 2, a located message, the previous output untouched.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.js';
import { generate, type GenerateResult } from '../../generator/pipeline.js';
import { listFiles } from '../../generator/write.js';
import { startMockStripe } from '../support/mock-server.js';
import { fixtures, repoRoot, scratch, tinySpec } from '../support/paths.js';

const team = join(fixtures, 'team-templates');
const goldenDir = join(fixtures, 'golden', 'team-templates');
const tinyGolden = join(fixtures, 'golden', 'tiny');

async function run(args: string[]) {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } });
  const code = await main(args, {
    out: sink((s) => (out += s)) as unknown as typeof process.stdout,
    err: sink((s) => (err += s)) as unknown as typeof process.stderr,
  });
  return { code, out, err };
}

const snapshot = (dir: string) => listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]);

describe('the example team folder', () => {
  let result: GenerateResult;
  beforeAll(async () => {
    // With a team folder, generate() type-checks the output before returning: this passing is the first check.
    result = await generate({ specs: [tinySpec], templatesDir: team, dryRun: true, runtimeFromOut: '../runtime' });
    if (process.env.UPDATE_GOLDEN) {
      rmSync(goldenDir, { recursive: true, force: true });
      for (const [rel, text] of result.files) {
        mkdirSync(dirname(join(goldenDir, rel)), { recursive: true });
        writeFileSync(join(goldenDir, rel), text);
      }
    }
  });

  it('matches the committed golden output', () => {
    expect([...result.files.keys()].sort()).toEqual(listFiles(goldenDir));
    for (const [rel, text] of result.files) expect(text, rel).toBe(readFileSync(join(goldenDir, rel), 'utf8'));
  });

  it('changes only what it overrides; everything else is the default output', () => {
    const widgets = result.files.get('resources/widgets.ts')!;
    expect(widgets.split('\n')[1]).toMatch(/^\/\/ ACME Payments: the Stripe client of team-billing/); // partials/header.hbs
    expect(widgets).toContain(`import { logCall } from '../acme-log.js';`); // partials/imports.hbs, with rootDir
    expect(widgets).toContain(`return logCall('stripe.widgets.del', () => this._request<DeletedWidget>(delSpec, [widget], params, options));`);
    expect(result.files.get('resources/v2/gadgets/gadgets.ts')).toContain(`import { logCall } from '../../../acme-log.js';`);
    // Type files differ from the default only by the header line.
    const withoutHeader = (s: string) => s.replace(/^(\/\/ Generated[^\n]*\n)\/\/ ACME[^\n]*\n/, '$1');
    expect(withoutHeader(result.files.get('types/schemas/widget.ts')!)).toBe(readFileSync(join(tinyGolden, 'types/schemas/widget.ts'), 'utf8'));
    expect(result.files.get('api.md')).toBe(readFileSync(join(tinyGolden, 'api.md'), 'utf8'));
    // One mock per resource with methods, beside it; one TEAM.md and acme-log.ts per package.
    expect([...result.files.keys()].filter((f) => f.endsWith('.mock.ts')).sort()).toEqual([
      'resources/files.mock.ts',
      'resources/test-helpers/widget-factories.mock.ts',
      'resources/v2/gadgets/gadget-stream.mock.ts',
      'resources/v2/gadgets/gadgets.mock.ts',
      'resources/widgets.mock.ts',
    ]);
    expect(result.files.get('TEAM.md')).toContain('12 methods in 5 resources');
    // The manifest counts the team's files with the rest.
    expect(JSON.parse(result.files.get('manifest.json')!).counts.files).toBe(result.files.size);
  });

  it('type-checks under tsc --strict with the runtime, and runs against the mock server, logging every call', async () => {
    const root = scratch('team-run');
    cpSync(join(repoRoot, 'runtime'), join(root, 'runtime'), { recursive: true });
    cpSync(goldenDir, join(root, 'generated'), { recursive: true });
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), compilerOptions: { noEmit: true, typeRoots: [join(repoRoot, 'node_modules', '@types')] }, include: ['generated', 'runtime'] }),
    );
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { encoding: 'utf8' });

    const { default: Stripe } = await import(join(root, 'generated', 'index.ts'));
    const { setCallLogger } = await import(join(root, 'generated', 'acme-log.ts'));
    const { mockWidgetsResource } = await import(join(root, 'generated', 'resources', 'widgets.mock.ts'));
    const lines: string[] = [];
    setCallLogger((line: string) => lines.push(line));
    const mock = await startMockStripe();
    const stripe = new Stripe('sk_test_51TeamTemplates000000', { host: '127.0.0.1', port: mock.port, protocol: 'http', maxNetworkRetries: 0 });
    try {
      await stripe.widgets.create({ kind: 'small' });
      await stripe.widgets.list({ limit: 1 });
      await stripe.v2.gadgets.gadgets.list();
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/widgets', 'GET /v1/widgets', 'GET /v2/gadgets/gadgets']);
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^\[acme\] stripe\.widgets\.create ok \d+ ms$/);
      expect(lines[1]).toMatch(/^\[acme\] stripe\.widgets\.list ok \d+ ms$/);
      expect(lines[2]).toMatch(/^\[acme\] stripe\.v2\.gadgets\.gadgets\.list ok \d+ ms$/);
      // A failing call is logged too, and its error still reaches the caller.
      mock.enqueue({ type: 'status', status: 404, body: { error: { type: 'invalid_request_error', message: 'No such widget' } } });
      await expect(stripe.widgets.retrieve('wid_missing')).rejects.toThrow(/No such widget/);
      expect(lines[3]).toMatch(/^\[acme\] stripe\.widgets\.retrieve failed \d+ ms$/);
    } finally {
      await stripe.close();
      await mock.close();
    }
    // The per-resource mock: answers what it was given, names what it was not.
    const widgets = mockWidgetsResource({ retrieve: async (id: string) => ({ id, object: 'widget' }) });
    await expect(widgets.retrieve('wid_1')).resolves.toEqual({ id: 'wid_1', object: 'widget' });
    expect(() => widgets.del('wid_1')).toThrow('stripe.widgets.del is not mocked');
  });
});

describe('the type-check before writing', () => {
  it('looks only at what a team file made: a folder of Markdown extras costs no type-check', async () => {
    const dir = scratch('team-md');
    mkdirSync(join(dir, 'per-package'));
    writeFileSync(join(dir, 'per-package', 'NOTES-{{apiVersion}}.md.hbs'), '# Notes for {{apiVersion}}\n\n{{operationCount}} methods.\n');
    const steps: string[] = [];
    const r = await generate({ specs: [tinySpec], templatesDir: dir, dryRun: true, runtimeFromOut: '../runtime', onStep: (step, _ms, detail) => steps.push(`${step}: ${detail}`) });
    expect(r.files.get('NOTES-2024-01-01.md')).toBe('# Notes for 2024-01-01\n\n12 methods.\n');
    expect(steps).toContainEqual(expect.stringMatching(/^format: \d+ files, 0 type-checked in 0\.0 s$/));
  });

  it('checks the output as ES modules wherever it goes: a package written outside any ESM package builds', async () => {
    // os.tmpdir() has no package.json above it: TypeScript would take the output for CommonJS (TS1295).
    const out = join(mkdtempSync(join(tmpdir(), 'team-out-')), 'acme-stripe');
    try {
      const r = await generate({ specs: [tinySpec], templatesDir: team, outDir: out, package: { name: '@acme/stripe' }, cache: false });
      expect(r.files.has('dist/esm/index.js')).toBe(true);
      expect(existsSync(join(out, 'resources', 'widgets.mock.ts'))).toBe(true);
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a broken team folder: exit 2, one located message, nothing written', () => {
  // The CLI runs from a scratch folder with relative paths: from the repository root, an --out this deep
  // gets wrong runtime imports (emit.ts relImport, issue 9), which the type-check would rightly refuse.
  const cwd = process.cwd();
  let work = '';
  let before: string[][] = [];
  const generateInto = (templates: string) => run(['generate', '--spec', tinySpec, '--out', 'gen', '--templates', templates, '--quiet']);
  /** A copy of the example team folder with some files replaced (undefined: removed). */
  const teamWith = (name: string, files: Record<string, string | undefined>) => {
    const dir = join(work, name);
    cpSync(team, dir, { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      if (text === undefined) rmSync(join(dir, rel));
      else writeFileSync(join(dir, rel), text);
    }
    return name;
  };

  beforeAll(async () => {
    work = scratch('team-fail');
    process.chdir(work);
    const r = await generateInto(team);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    before = snapshot(join(work, 'gen'));
    expect(before.length).toBeGreaterThan(30);
  });
  afterAll(() => process.chdir(cwd));

  const defaultResource = readFileSync(join(repoRoot, 'templates', 'resource.ts.hbs'), 'utf8');
  const typo = defaultResource.replace('export class {{className}}', 'export class {{clasName}}');
  const typoLine = typo.split('\n').findIndex((l) => l.includes('clasName'));
  const typoColumn = typo.split('\n')[typoLine]!.indexOf('clasName') + 1;

  it.each([
    ['a Handlebars syntax error', 'syntax-error', { 'partials/method-body.hbs': 'return {{#logged @root.key name}{{> method-call}}{{/logged}};\n' }, /^error: syntax-error\/partials\/method-body\.hbs:1:32: syntax error: unexpected "}" \(expected "}}"\)$/m],
    ['an unknown partial', 'unknown-partial', { 'partials/imports.hbs': '{{> acme-imports}}\n' }, /^error: unknown-partial\/partials\/imports\.hbs:1:1: unknown partial "acme-imports"/m],
    ['an unknown helper (helpers.js missing)', 'unknown-helper', { 'helpers.js': undefined }, /^error: unknown-helper\/partials\/method-body\.hbs:1:11: unknown helper "logged" \(a team adds helpers by exporting them from helpers\.js/m],
    ['a field the context lacks', 'unknown-field', { 'resource.ts.hbs': typo }, new RegExp(`^error: unknown-field/resource\\.ts\\.hbs:${typoLine + 1}:${typoColumn}: unknown field "clasName" in the resource context; did you mean "className"\\?$`, 'm')],
    ['a helper named like a built-in', 'helper-clash', { 'helpers.js': readFileSync(join(team, 'helpers.js'), 'utf8') + 'export function each() {}\n' }, /^error: helper-clash\/helpers\.js: helper "each" clashes with the built-in helper "each"/m],
    ['a misspelt template name', 'misspelt-template', { 'resourse.ts.hbs': defaultResource }, /^error: misspelt-template\/resourse\.ts\.hbs: not a template name; did you mean "resource\.ts\.hbs"\?/m],
    ['two resources writing one extra file', 'extra-collision', { 'per-resource/mock.ts.hbs': '// {{key}}\n' }, /per-resource\/mock\.ts\.hbs: writes resources\/mock\.ts for both stripe\.\w+ and stripe\.\w+; put a placeholder such as \{\{fileName\}\} in the file name/],
    [
      'rendered TypeScript that does not parse',
      'ts-syntax',
      { 'partials/method-body.hbs': 'return {{> method-call}});\n' },
      /^error: resources\/[\w/-]+\.ts:\d+:\d+: does not parse as TypeScript: ';' expected\. \(rendered from \S*templates\/resource\.ts\.hbs with ts-syntax\/partials\/imports\.hbs, ts-syntax\/partials\/method-body\.hbs, ts-syntax\/partials\/header\.hbs\)$/m,
    ],
    [
      'rendered TypeScript that does not type-check',
      'ts-types',
      { 'partials/method-body.hbs': 'return {{#logged @root.key name}}{{> method-call}}{{/logged}} as unknown as number;\n' },
      /^error: resources\/files\.ts:\d+:\d+: does not type-check: TS2322: Type 'number' is not assignable to type 'Promise<Response<\w+>>'\. \(rendered from \S*templates\/resource\.ts\.hbs with ts-types\/partials\/imports\.hbs, ts-types\/partials\/method-body\.hbs, ts-types\/partials\/header\.hbs\)$/m,
    ],
  ] as const)('%s', async (_kind, name, files, message) => {
    const r = await generateInto(teamWith(name, files));
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/\(nothing was written\)\n$/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.code).toBe(2);
    expect(snapshot(join(work, 'gen'))).toEqual(before);
  });

  it('overrides one template and falls back to the defaults for the rest', async () => {
    mkdirSync(join(work, 'banner-only'));
    writeFileSync(join(work, 'banner-only', 'banner.hbs'), '// ACME build of the Stripe client ({{apiVersion}}). Generated; do not edit.\n');
    expect((await run(['generate', '--spec', tinySpec, '--out', 'gen2', '--templates', 'banner-only', '--quiet'])).code).toBe(0);
    expect(readFileSync(join(work, 'gen2', 'client.ts'), 'utf8').split('\n')[0]).toBe('// ACME build of the Stripe client (2024-01-01). Generated; do not edit.');
    expect(readFileSync(join(work, 'gen2', 'resources', 'widgets.ts'), 'utf8')).toContain('export class WidgetsResource');
    expect(existsSync(join(work, 'gen2', 'TEAM.md'))).toBe(false);
  });
});

describe('stripe-codegen context', () => {
  it('prints the customers context of the default build as JSON, which the exported ResourceContext type accepts exactly', async () => {
    const customers = await run(['context', 'customers']);
    expect(customers.err).toBe('');
    expect(customers.code).toBe(0);
    const ctx = JSON.parse(customers.out) as { key: string; className: string; methods: { name: string }[] };
    expect([ctx.key, ctx.className]).toEqual(['customers', 'CustomersResource']);
    expect(ctx.methods.map((m) => m.name)).toEqual(expect.arrayContaining(['create', 'retrieve', 'list', 'listPaymentMethods']));
    const pkg = await run(['context', '--package', '--spec', tinySpec]);
    expect(pkg.code).toBe(0);

    // Type-checked against the types template authors import (`stripe-codegen/templates`, resolved by the
    // package's own exports map). Object literals get excess-property checks, so a field the generator
    // adds without declaring it fails as surely as one it drops; bad.ts proves the check bites.
    // Inside the repository (test/.work), so the package's self-reference resolves.
    const dir = scratch('context-types');
    const at = (f: string) => join(dir, f);
    writeFileSync(
      at('good.ts'),
      `import type { PackageContext, ResourceContext } from 'stripe-codegen/templates';\n` +
        `export const customers: ResourceContext = ${customers.out.trim()};\nexport const pkg: PackageContext = ${pkg.out.trim()};\n`,
    );
    writeFileSync(at('bad.ts'), `import type { ResourceContext } from 'stripe-codegen/templates';\nexport const drifted: ResourceContext = { ...${customers.out.trim()}, clasName: 'x' };\n`);
    writeFileSync(at('tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: [] }, include: ['*.ts'] }));
    let output = '';
    try {
      execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.json')], { encoding: 'utf8' });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout);
    }
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/bad\.ts\(\d+,\d+\): error TS\d+: Object literal may only specify known properties, but 'clasName' does not exist in type 'ResourceContext'/)]);
  });

  it('names a resource that does not exist with a suggestion, exit 2', async () => {
    const r = await run(['context', 'widget', '--spec', tinySpec]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: context: no resource "widget"; did you mean "widgets"\?/);
  });
});
