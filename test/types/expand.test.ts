// Typed expand through the compiler, as a consumer sees it: test/fixtures/expand/consumer.ts (retrieve,
// create, update, list, search, nested, list-item and invalid paths on several resources, each wrong path
// under @ts-expect-error) type-checks with zero errors on TypeScript 5.9 and 7; wrong paths give a message
// that lists what is allowed; editors complete the allowed values; every spec the generator reads gets maps.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildExpandTypes } from '../../generator/expand.js';
import { buildLayout } from '../../generator/layout.js';
import { buildModel } from '../../generator/model.js';
import { generate } from '../../generator/pipeline.js';
import { requireGenerated } from '../support/built.js';
import { fixtures, repoRoot, scratch, sdkSpec, tinySpec } from '../support/paths.js';

requireGenerated();

const dir = join(fixtures, 'expand');
const compilers = [
  ['TypeScript 5.9', 'typescript'],
  ['TypeScript 7', 'typescript-7'],
] as const;

async function tsc(pkg: string, project: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'node_modules', pkg, 'bin', 'tsc'), '-p', project], { encoding: 'utf8', cwd: repoRoot });
    return stdout.trim();
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err).trim();
  }
}

/** A tsconfig next to the fixtures that checks only `files`. */
function project(name: string, files: string[]): string {
  const base = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { compilerOptions: object };
  const path = join(scratch('expand'), `tsconfig.${name}.json`);
  writeFileSync(path, JSON.stringify({ compilerOptions: { ...base.compilerOptions, rootDir: repoRoot }, files: files.map((f) => join(dir, f)) }));
  return path;
}

describe.each(compilers)('%s', (_label, pkg) => {
  it('narrows expanded fields and rejects every wrong path (consumer.ts: zero errors, every @ts-expect-error used)', async () => {
    expect(await tsc(pkg, join(dir, 'tsconfig.json'))).toBe('');
  }, 60_000);

  it('explains a wrong path by listing the allowed values at the first wrong segment', async () => {
    const out = await tsc(pkg, project('invalid', ['invalid.ts']));
    const lines = out.split('\n').filter((l) => l.includes('error TS'));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/invalid\.ts\(7,\d+\): error TS2820: Type '"custmer"' is not assignable to type '.*"balance_transaction".*"customer".*'\. Did you mean '"customer"'\?/);
    expect(lines[1]).toMatch(/invalid\.ts\(8,\d+\): error TS2820: Type '"data\.invoice\.subscripton"' is not assignable to type '.*"data\.invoice\.customer".*'\. Did you mean '"data\.invoice\.subscription"'\?/);
    // application expands to an object with nothing to expand: the message lists the charge's own fields.
    expect(lines[2]).toMatch(/invalid\.ts\(9,\d+\): error TS2322: Type '"application\.owner"' is not assignable to type '.*"application".*"customer".*'/);
    expect(lines[3]).toMatch(/invalid\.ts\(10,\d+\): error TS2322: Type '"account"' is not assignable to type '"\(this object has no field that expand can name\)"'/);
  }, 60_000);
});

describe('editor completions (TypeScript 5.9 language service)', () => {
  // One language service; each probe is a new version of one virtual file beside the fixtures.
  const file = join(dir, 'completion-probe.ts');
  const prefix = `import Stripe from 'stripe-codegen';\ndeclare const stripe: Stripe;\nexport async function probe() { `;
  let text = '';
  let version = 0;
  // `stripe-codegen` is the default build (generated/), mapped as the fixtures' tsconfig maps it.
  const options: ts.CompilerOptions = { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true, paths: { 'stripe-codegen': [join(repoRoot, 'generated', 'dist', 'esm', 'index.d.ts')] } };
  const service = ts.createLanguageService({
    getScriptFileNames: () => [file],
    getScriptVersion: (f) => (f === file ? String(version) : '0'),
    getScriptSnapshot: (f) => (f === file ? ts.ScriptSnapshot.fromString(text) : ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === file || ts.sys.fileExists(f),
    readFile: (f) => (f === file ? text : ts.sys.readFile(f)),
  });
  const complete = (snippet: string): string[] => {
    text = `${prefix}${snippet.replace('|', '')} }\n`;
    version++;
    const completions = service.getCompletionsAtPosition(file, prefix.length + snippet.indexOf('|'), {});
    return (completions?.entries ?? []).map((e) => e.name).sort();
  };

  it('offers the expandable fields, then the next segment after a dot', () => {
    const top = complete(`await stripe.charges.retrieve('ch_1', { expand: ['|'] });`);
    expect(top).toEqual(expect.arrayContaining(['balance_transaction', 'customer', 'invoice', 'outcome.', 'payment_intent', 'refunds']));
    expect(top).not.toContain('amount');
    expect(complete(`await stripe.charges.retrieve('ch_1', { expand: ['invoice.|'] });`)).toEqual(expect.arrayContaining(['invoice.customer', 'invoice.subscription']));
    expect(complete(`stripe.charges.list({ expand: ['|'] });`)).toEqual(['data.']);
    expect(complete(`stripe.charges.list({ expand: ['data.|'] });`)).toEqual(expect.arrayContaining(['data.customer', 'data.invoice']));
  }, 60_000);
});

describe('maps from every spec the generator reads', () => {
  it('the tiny spec: anyOf with a string alternative counts as expandable when x-expansionResources is missing', async () => {
    const { model } = await generate({ specs: [tinySpec], dryRun: true, runtimeFromOut: '../runtime' });
    const doc = structuredClone(model.doc) as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };
    delete doc.components.schemas.widget!.properties.owner!['x-expansionResources'];
    const stripped = buildModel(doc, model.sources, new Map());
    const out = buildExpandTypes(stripped, buildLayout(stripped));
    expect(out.schemas.get('widget')?.code).toMatch(/owner: Expands<NoExpand>;/);
    expect(out.operations.get('post /v1/widgets')?.map).toBe('WidgetExpandable');
  });

  it('the default build (2023 spec + 2026 slices): every method that takes expand gets a map; lists it only asks for become nameable', async () => {
    const { model } = await generate({ dryRun: true });
    const out = buildExpandTypes(model, buildLayout(model));
    const without = model.operations.filter((o) => o.params.some((p) => p.name === 'expand') && !out.operations.has(o.key)).map((o) => o.key);
    expect(without).toEqual(['get /v1/quotes/{quote}/pdf']); // a PDF, not an object
    // charge -> refunds -> refund -> charge: cycles resolve to named maps, not endless inline types.
    expect(out.schemas.get('refund')?.code).toMatch(/charge: Expands<ChargeExpandable>;/);
    // A list the API includes only on request (not `required`) is itself expandable; a required one only holds fields.
    expect(out.schemas.get('customer')?.code).toMatch(/tax_ids: Expands<\{\s*data: Holds<TaxIdExpandable, true>;\s*\}>;/);
    expect(out.schemas.get('subscription')?.code).toMatch(/items: Holds<\{/);
    // Several targets: the maps of those that have one; a union schema stands for its members.
    expect(out.schemas.get('charge')?.code).toMatch(/customer: Expands<CustomerExpandable>;/);
    expect(out.operations.get('post /v1/accounts/{account}/external_accounts')?.map).toBe('BankAccountExpandable & CardExpandable');
    // An array of ids: `true` marks many.
    expect(out.schemas.get('invoice')?.code).toMatch(/discounts: Expands<DiscountExpandable(?: & DeletedDiscountExpandable)?, true>;/);
    // The 2026 slices' resources.
    expect(out.schemas.get('billing.credit_grant')?.code).toMatch(/customer: Expands<CustomerExpandable>;/);
  }, 120_000);

  it('the 2020 SDK spec: a generated client narrows charges.retrieve and customers.list', async () => {
    const out = scratch('expand-2020');
    const result = await generate({ specs: [sdkSpec], outDir: join(out, 'generated') });
    // Every method that takes `expand` gets a map, except where the response is no named object (a PDF).
    const maps = buildExpandTypes(result.model, buildLayout(result.model)).operations;
    const without = result.model.operations.filter((o) => o.params.some((p) => p.name === 'expand') && !maps.has(o.key)).map((o) => o.key);
    expect(without).toEqual(['get /v1/quotes/{quote}/pdf']);
    expect(maps.size).toBeGreaterThan(290);
    writeFileSync(
      join(out, 'consumer.ts'),
      `import { StripeClient } from '${repoRoot}/runtime/index.js';
import { ChargesResource } from './generated/resources/charges.js';
import { CustomersResource } from './generated/resources/customers.js';
import type { Customer } from './generated/types/schemas/customer.js';
import type { DeletedCustomer } from './generated/types/schemas/deleted_customer.js';
const client = new StripeClient('sk_test_123');
export async function run() {
  const ch = await new ChargesResource(client).retrieve('ch_1', { expand: ['customer', 'invoice.subscription'] });
  const c: Customer | DeletedCustomer | null | undefined = ch.customer;
  // @ts-expect-error not expandable
  await new ChargesResource(client).retrieve('ch_1', { expand: ['amount'] });
  for await (const cus of new CustomersResource(client).list({ expand: ['data.default_source'] })) {
    const s: string | null | undefined = cus.default_source; // expanded: no longer a string
  }
  return c;
}
`,
    );
    writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], typeRoots: [join(repoRoot, 'node_modules', '@types')] }, files: ['consumer.ts'] }));
    const errors = await tsc('typescript', join(out, 'tsconfig.json'));
    expect(errors).toMatch(/consumer\.ts\(13,11\): error TS2322: Type 'PaymentSource \| null' is not assignable to type 'string \| null \| undefined'/);
    expect(errors.split('\n').filter((l) => l.includes('error TS'))).toHaveLength(1);
    rmSync(out, { recursive: true, force: true });
  }, 120_000);
});
