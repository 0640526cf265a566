// The whole team flow, offline, from packed tarballs, as a platform team and its users would run it:
//   1. `npm pack` the generator (its prepack compiles it) and install the tarball in a fresh folder;
//   2. run the installed `stripe-codegen generate` (no tsx, no devDependency) with a config file
//      naming @acme/stripe 3.1.4, into a fresh folder;
//   3. `npm pack` that output and install it in a clean consumer folder;
//   4. ESM import + a call, CommonJS require + a call, against the local mock server; `tsc --strict`
//      with skipLibCheck: false and no @types/node under node10, node16, nodenext and bundler;
//      node_modules holds the client and its declared dependency only; publint and attw pass.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { installOffline, pack, type PackedPackage } from '../support/offline-install.js';
import { meterSlice, publicSpecJson, repoRoot } from '../support/paths.js';

const exec = promisify(execFile);
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let work: string;
let mock: MockStripe;
let generatorDir: string;
let client: string;
let consumer: string;
let packed: PackedPackage;
let generateOutput = '';

beforeAll(async () => {
  mock = await startMockStripe();
  // Outside the repo: nothing resolves through the repo's own node_modules.
  work = mkdtempSync(join(tmpdir(), 'stripe-codegen-team-'));
  generatorDir = join(work, 'platform');
  consumer = join(work, 'app');
  for (const d of [generatorDir, consumer]) mkdirSync(d);

  const generator = await pack(repoRoot, work);
  await installOffline(generatorDir, [generator]);
  writeFileSync(
    join(generatorDir, 'stripe-codegen.config.json'),
    JSON.stringify(
      {
        packageName: '@acme/stripe',
        packageVersion: '3.1.4',
        specs: [publicSpecJson, meterSlice],
        out: 'acme-stripe',
        // Publishing fields: publint checks them with the rest.
        packageJson: { repository: { type: 'git', url: 'git+https://github.com/acme/stripe-client.git' }, keywords: ['stripe'] },
      },
      null,
      2,
    ),
  );
  const r = await exec('npx', ['--offline', '--no-install', 'stripe-codegen', 'generate'], { cwd: generatorDir, encoding: 'utf8' });
  generateOutput = r.stdout;
  client = join(generatorDir, 'acme-stripe');
  packed = await pack(client, work);
  await installOffline(consumer, [packed], { type: 'module' });
}, 600_000);

afterAll(async () => {
  await mock?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const run = async (file: string, code: string) => {
  writeFileSync(join(consumer, file), code);
  const { stdout } = await exec(process.execPath, [file], { cwd: consumer, encoding: 'utf8', env: { ...process.env, PORT: String(mock.port) } });
  return JSON.parse(stdout) as unknown;
};

describe('the generator, installed from its tarball', () => {
  it('runs its compiled CLI without tsx or any devDependency', () => {
    expect(existsSync(join(generatorDir, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(generatorDir, 'node_modules', 'stripe-codegen', 'generator', 'cli.ts'))).toBe(false);
    expect(generateOutput).toMatch(/^\[9\/10\] build .* files in dist\//m);
    expect(generateOutput).toMatch(/^generated: \d+ operations/m);
  });

  it('writes a complete package named by the config file', () => {
    const pkg = JSON.parse(readFileSync(join(client, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg).toMatchObject({ name: '@acme/stripe', version: '3.1.4', type: 'module', sideEffects: false, license: 'MIT', main: './dist/cjs/index.cjs', types: './dist/cjs/index.d.cts' });
    expect(pkg).toMatchObject({ repository: { type: 'git', url: 'git+https://github.com/acme/stripe-client.git' }, keywords: ['stripe'] });
    expect(Object.keys(pkg.dependencies as object)).toEqual(['undici']);
    expect(pkg.engines).toEqual({ node: '^20.19.0 || >=22.12.0' }); // CommonJS require()s the ES modules
    for (const f of ['README.md', 'LICENSE', 'api.md', 'manifest.json', 'CHANGELOG.md']) expect(existsSync(join(client, f)), f).toBe(true);
    expect(readFileSync(join(client, 'README.md'), 'utf8')).toMatch(/npm install @acme\/stripe/);
    const manifest = JSON.parse(readFileSync(join(client, 'manifest.json'), 'utf8')) as { generator: { name: string }; package: unknown };
    expect(manifest.generator.name).toBe('stripe-codegen');
    expect(manifest.package).toEqual({ name: '@acme/stripe', version: '3.1.4' });
  });
});

describe('a consumer that installs the packed client', () => {
  it('holds the client and its declared runtime dependency only', () => {
    const top = readdirSync(join(consumer, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(top.sort()).toEqual(['@acme', 'undici']);
    expect(readdirSync(join(consumer, 'node_modules', '@acme'))).toEqual(['stripe']);
    expect(existsSync(join(consumer, 'node_modules', '@acme', 'stripe', 'runtime'))).toBe(false); // sources stay out of the tarball
  });

  it('imports it as ESM and calls the mock server', async () => {
    const out = await run(
      'esm.mjs',
      `import Stripe, { StripeError } from '@acme/stripe';
       import { CustomersResource } from '@acme/stripe/resources/customers';
       import { StripeClient } from '@acme/stripe/core';
       const config = { host: '127.0.0.1', port: Number(process.env.PORT), protocol: 'http' };
       const stripe = new Stripe('sk_test_123456789', config);
       const c = await stripe.customers.create({ email: 'jenny@example.com' });
       const core = new StripeClient('sk_test_123456789', config, { apiVersion: Stripe.API_VERSION });
       const r = await new CustomersResource(core).retrieve(c.id);
       console.log(JSON.stringify({ id: c.id, status: c.lastResponse.statusCode, again: r.id, err: typeof StripeError, shared: stripe instanceof StripeClient }));
       await stripe.close(); await core.close();`,
    );
    expect(out).toEqual({ id: expect.stringMatching(/^cus_/), status: 200, again: expect.stringMatching(/^cus_/), err: 'function', shared: true });
  });

  it('requires it from CommonJS, with and without new, and calls the mock server', async () => {
    mock.enqueue({ type: 'status', status: 402, path: '/v1/customers', body: { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } } });
    const out = await run(
      'cjs.cjs',
      `const Stripe = require('@acme/stripe');
       const { StripeError, StripeCardError } = require('@acme/stripe/core');
       const config = { host: '127.0.0.1', port: Number(process.env.PORT), protocol: 'http', maxNetworkRetries: 0 };
       (async () => {
         const a = new Stripe('sk_test_123456789', config);
         const b = require('@acme/stripe')('sk_test_123456789', config);
         let err;
         try { await a.customers.create({ email: 'declined@example.com' }); } catch (e) { err = e; }
         const c = await b.customers.create({ email: 'jenny@example.com' });
         console.log(JSON.stringify({ id: c.id, instances: a instanceof Stripe && b instanceof Stripe, card: err instanceof StripeCardError && err instanceof StripeError, sameErrors: Stripe.StripeError === StripeError }));
         await a.close(); await b.close();
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    expect(out).toEqual({ id: expect.stringMatching(/^cus_/), instances: true, card: true, sameErrors: true });
  });
});

/** Consumer sources, each compiled by the modes that can express it. */
const SOURCES: Record<string, string> = {
  // Every mode: the default import, a call, a misspelt parameter refused, errors from /core.
  'main.ts': `import Stripe from '@acme/stripe';
import { StripeError } from '@acme/stripe/core';
export async function run(key: string): Promise<string> {
  const stripe = new Stripe(key, { maxNetworkRetries: 1 });
  const customer = await stripe.customers.create({ email: 'jenny@example.com', metadata: { plan: 'gold' } });
  const email: string | null | undefined = customer.email;
  // @ts-expect-error a misspelt parameter is a type error
  await stripe.customers.create({ emial: 'x' });
  try {
    await stripe.customers.retrieve(customer.id);
  } catch (e) {
    if (e instanceof StripeError) return e.type ?? e.message;
  }
  for await (const c of stripe.customers.list({ limit: 3 })) if (c.email === email) return c.id;
  return customer.id + (email ?? '') + Stripe.API_VERSION;
}
`,
  // Exports-map modes: named exports of the main entry, per-resource and meter-event entries.
  'subpaths.ts': `import { Stripe, StripeRateLimitError } from '@acme/stripe';
import { StripeClient } from '@acme/stripe/core';
import { CustomersResource } from '@acme/stripe/resources/customers';
import type { MeterEventStream } from '@acme/stripe/meter-events';
export async function run(key: string, stream: MeterEventStream): Promise<number> {
  const customers = new CustomersResource(new StripeClient(key));
  const c = await customers.retrieve('cus_1');
  await stream.send({ event_name: 'api_call', payload: { stripe_customer_id: c.id, value: '1' } });
  const err: Error = new StripeRateLimitError({ message: 'slow down' });
  return new Stripe(key) instanceof StripeClient && err.message === 'slow down' ? 1 : 0;
}
`,
  // CommonJS under node16/nodenext: require() types come from the .d.cts.
  'legacy.cts': `import Stripe = require('@acme/stripe');
export async function run(key: string): Promise<string> {
  const stripe = new Stripe(key);
  const viaCall: Stripe = new Stripe(key);
  const c = await stripe.customers.create({ email: 'jenny@example.com' });
  return c.id + String(viaCall instanceof Stripe);
}
`,
  // stripe-node's namespace types (the names branch).
  'names.ts': `import Stripe from '@acme/stripe';
const params: Stripe.CustomerCreateParams = { email: 'jenny@example.com' };
export async function create(stripe: Stripe): Promise<Stripe.Customer> {
  return stripe.customers.create(params);
}
export const checkout: Stripe.Checkout.SessionCreateParams = { mode: 'payment', success_url: 'https://example.com' };
export function kind(event: Stripe.Event): string {
  return event.type === 'payment_intent.succeeded' ? String(event.data.object.amount) : event.type;
}
export function declined(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeCardError && err.type === 'StripeCardError';
}
`,
};

const MODES = {
  node10: { options: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }, files: ['main.ts'] },
  node16: { options: { module: 'node16', moduleResolution: 'node16' }, files: ['main.ts', 'subpaths.ts', 'legacy.cts'] },
  nodenext: { options: { module: 'nodenext', moduleResolution: 'nodenext' }, files: ['main.ts', 'subpaths.ts', 'legacy.cts'] },
  bundler: { options: { module: 'esnext', moduleResolution: 'bundler' }, files: ['main.ts', 'subpaths.ts'] },
} as const;

describe.concurrent('tsc --strict, skipLibCheck: false, no @types/node', () => {
  it.each(Object.keys(MODES) as (keyof typeof MODES)[])('moduleResolution %s: zero errors', async (mode) => {
    const dir = join(consumer, `tsc-${mode}`);
    mkdirSync(dir, { recursive: true });
    const files = [...MODES[mode].files, 'names.ts'];
    for (const f of files) writeFileSync(join(dir, f), SOURCES[f]!);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...MODES[mode].options, strict: true, skipLibCheck: false, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [] },
        files,
      }),
    );
    let output = '';
    try {
      await exec(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout || err);
    }
    expect(output).toBe('');
  }, 180_000);
});

describe('package linters on the packed client', () => {
  it('publint reports nothing', async () => {
    const { stdout } = await exec(process.execPath, [join(repoRoot, 'node_modules', 'publint', 'src', 'cli.js'), client, '--strict'], { encoding: 'utf8' });
    expect(stdout).toMatch(/All good!/);
  }, 120_000);

  it('@arethetypeswrong/cli reports no problem under node10, node16 (CJS and ESM) and bundler', async () => {
    let out = '';
    try {
      out = (await exec(process.execPath, [join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'), packed.tarball, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout;
    } catch (err) {
      out = String((err as { stdout?: string }).stdout ?? err);
    }
    const result = JSON.parse(out) as { analysis: { problems?: unknown[] } };
    expect(result.analysis.problems ?? []).toEqual([]);
  }, 180_000);
});
