// Golden tests: the tiny spec in test/fixtures/specs covers each schema kind, each naming rule,
// operation-level servers and each pagination kind. Its whole output is committed under
// test/fixtures/golden/tiny; UPDATE_GOLDEN=1 rewrites it (review the diff).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../generator/pipeline.js';
import { listFiles } from '../../generator/write.js';
import { fixtures, repoRoot, scratch, tinySpec } from '../support/paths.js';

const goldenDir = join(fixtures, 'golden', 'tiny');
let result: GenerateResult;

beforeAll(async () => {
  result = await generate({ specs: [tinySpec], dryRun: true, runtimeFromOut: '../runtime' });
  if (process.env.UPDATE_GOLDEN) {
    rmSync(goldenDir, { recursive: true, force: true });
    for (const [rel, text] of result.files) {
      mkdirSync(dirname(join(goldenDir, rel)), { recursive: true });
      writeFileSync(join(goldenDir, rel), text);
    }
  }
});

const file = (rel: string) => result.files.get(rel) ?? '';

describe('golden output of the tiny spec', () => {
  it('matches the committed golden files exactly', () => {
    expect([...result.files.keys()].sort()).toEqual(listFiles(goldenDir));
    for (const [rel, text] of result.files) expect(text, rel).toBe(readFileSync(join(goldenDir, rel), 'utf8'));
  });

  it('prints each schema kind as TypeScript', () => {
    const widget = file('types/schemas/widget.ts');
    expect(widget).toMatch(/kind: "small" \| "large";/); // enum
    expect(widget).toMatch(/color\?: string \| null;/); // nullable
    expect(widget).toMatch(/owner\?: string \| Owner;/); // anyOf with expandable: string | T
    expect(widget).toMatch(/shape\?: Circle \| Square;/); // oneOf
    expect(widget).toMatch(/tags\?: string\[\];/); // array
    expect(widget).toMatch(/data\?: Record<string, unknown>;/); // free-form object
    expect(widget).toMatch(/labeled\?: Label \| null;/); // allOf + nullable
    expect(widget).toMatch(/^import type \{ Owner \} from '.\/owner.js';$/m);
    const part = file('types/schemas/part.ts');
    expect(part).toMatch(/children\?: Part\[\];/); // recursive, no self-import
    expect(part).not.toMatch(/import type \{ Part \}/);
    expect(file('types/params/widgets.ts')).toMatch(/metadata\?: \{\s*\[key: string\]: string;\s*\} \| "";/); // '' unset stays usable
  });

  it('names methods like Stripe SDKs and routes each operation to its host and page kind', () => {
    const methods = result.model.operations.map((o) => `${[...o.namespace, o.methodName].join('.')} ${o.host}${o.page ? ' ' + o.page : ''}`);
    expect(methods).toEqual([
      'files.create files',
      'testHelpers.widgetFactories.advance api',
      'v2.gadgets.gadgetStream.create meterEvents',
      'v2.gadgets.gadgets.list api v2list',
      'widgets.create api',
      'widgets.del api',
      'widgets.list api list',
      'widgets.listParts api list',
      'widgets.polish api',
      'widgets.retrieve api',
      'widgets.search api search',
      'widgets.update api',
    ]);
    const widgets = file('resources/widgets.ts');
    // Specs leave out the runtime's defaults (host api; form under /v1, JSON under /v2; path params from the path).
    expect(widgets).toContain(`const listSpec = { method: 'GET', path: '/v1/widgets', page: 'list' } as const satisfies MethodSpec;`);
    expect(widgets).toContain(`return this._requestList<Widget>(listSpec, [], params, options);`);
    expect(widgets).toMatch(/list\(params\?: WidgetListParams, options\?: RequestOptions\): ListPromise<Widget>/);
    // A method that takes `expand` is generic in the paths passed (typed expand, generator/expand.ts).
    expect(widgets).toMatch(/create<E extends string>\(\s*params: WithExpand<WidgetCreateParams, WidgetExpandable, E>,\s*options\?: RequestOptions,\s*\): Promise<Response<Expanded<Widget, WidgetExpandable, E>>>/);
    expect(file('types/schemas/widget.ts')).toMatch(/export interface WidgetExpandable \{\s*owner: Expands<NoExpand>;\s*\}/);
    expect(widgets).toMatch(/retrieve\(widget: string, params\?: WidgetRetrieveParams/);
    expect(widgets).toMatch(/@deprecated[^\n]*\n[^\n]*\*\/\n\s*polish\(/);
    expect(widgets).toContain('[widget](https://stripe.com/docs/widgets)');
    expect(file('resources/files.ts')).toMatch(/method: 'POST',\s+path: '\/v1\/files',\s+host: 'files',\s+encoding: multipartEncoding,?\s+\}/);
    expect(file('resources/v2/gadgets/gadget-stream.ts')).toMatch(/method: 'POST',\s+path: '\/v2\/gadgets\/gadget_stream',\s+host: 'meterEvents',?\s+\}/);
    expect(file('resources/v2/gadgets/gadgets.ts')).toContain(`{ method: 'GET', path: '/v2/gadgets/gadgets', page: 'v2list' }`);
  });

  it("merges stripe-node's type namespace into the Stripe class", () => {
    const client = file('client.ts');
    expect(client).toContain('export namespace Stripe {');
    expect(client).toContain('export import errors = runtimeErrors;');
    expect(client).toContain("export type Widget = import('./types/schemas/widget.js').Widget;");
    expect(client).toContain("export type WidgetCreateParams = import('./types/params/widgets.js').WidgetCreateParams;");
    expect(client).toContain('export type ApiList<T> = import(');
    // packages nest (`Stripe.V2.Gadgets.GadgetListParams`), never as dotted names (esbuild would emit objects for those)
    expect(client).toMatch(/export namespace V2 \{\s+export namespace Gadgets \{[^}]*export type GadgetListParams = import\('.\/types\/params\/v2\/gadgets\/gadgets.js'\).V2GadgetsGadgetListParams;/);
    expect(client).toMatch(/export namespace TestHelpers \{\s+export type WidgetFactoryAdvanceParams =/);
    expect(client).not.toMatch(/namespace \w+\.\w+/);
  });

  it('stamps every generated source file with the banner', () => {
    for (const [rel, text] of result.files) {
      if (rel.endsWith('.ts')) expect(text.startsWith('// Generated by stripe-codegen'), rel).toBe(true);
    }
  });

  it('type-checks under strict TypeScript together with the runtime', () => {
    const out = join(scratch('golden-tsc'), 'generated');
    mkdirSync(out, { recursive: true });
    // Compile the golden files in place of generated/ so their ../runtime imports resolve to the real runtime.
    const tmpRoot = dirname(out);
    execFileSync('cp', ['-r', join(repoRoot, 'runtime'), join(tmpRoot, 'runtime')]);
    execFileSync('cp', ['-r', goldenDir + '/.', out]);
    // A consumer of the namespace: stripe-node's type names resolve, a wrong one would not compile.
    writeFileSync(
      join(tmpRoot, 'generated', 'use-namespace.ts'),
      `import Stripe from './index.js';
export const params: Stripe.WidgetCreateParams | Stripe.V2.Gadgets.GadgetListParams = {} as Stripe.WidgetCreateParams;
export const page = (list: Stripe.ApiList<Stripe.Widget>): Stripe.Widget[] => list.data;
export const isCard = (e: unknown): e is Stripe.errors.StripeCardError => e instanceof Stripe.errors.StripeCardError || e instanceof Stripe.StripeError;
`,
    );
    writeFileSync(
      join(tmpRoot, 'tsconfig.json'),
      JSON.stringify({ extends: join(repoRoot, 'tsconfig.json'), compilerOptions: { noEmit: true, typeRoots: [join(repoRoot, 'node_modules', '@types')] }, include: ['generated', 'runtime'] }),
    );
    expect(existsSync(join(out, 'client.ts'))).toBe(true);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = () => execFileSync(process.execPath, [tsc, '-p', tmpRoot], { encoding: 'utf8' });
    expect(run).not.toThrow();
  });
});
