// List params that take Stripe's three standard pagination params extend the runtime's
// PaginationParams (generator/pagination-params.ts); any other shape keeps its members and docs.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLayout } from '../../generator/layout.js';
import { buildModel, type ApiModel, type Json } from '../../generator/model.js';
import { STANDARD_PAGINATION } from '../../generator/pagination-params.js';
import { generate } from '../../generator/pipeline.js';
import { generateTypes } from '../../generator/types.js';
import { repoRoot, tinySpec } from '../support/paths.js';

const LIST = 'get /v1/widgets';
let tiny: ApiModel;

beforeAll(async () => {
  tiny = (await generate({ specs: [tinySpec], dryRun: true, runtimeFromOut: '../runtime' })).model;
}, 60_000);

type Param = { in: string; name: string; required?: boolean; schema: Json; description?: string };

const standard = (): Param[] => [
  { in: 'query', name: 'ending_before', schema: { type: 'string', maxLength: 5000 }, description: STANDARD_PAGINATION.ending_before!.description },
  { in: 'query', name: 'expand', schema: { type: 'array', items: { type: 'string', maxLength: 5000 } }, description: 'Specifies which fields in the response should be expanded.' },
  { in: 'query', name: 'limit', schema: { type: 'integer' }, description: STANDARD_PAGINATION.limit!.description },
  { in: 'query', name: 'starting_after', schema: { type: 'string', maxLength: 5000 }, description: STANDARD_PAGINATION.starting_after!.description },
];

/** The printed params of the tiny spec's widget list, with `params` as its query parameters. */
function listParams(params: Param[]): { code: string; runtimeRefs: readonly { name: string; module: string }[] } {
  const doc = structuredClone(tiny.doc) as { paths: Record<string, { get: { parameters: Param[] } }> };
  doc.paths['/v1/widgets']!.get.parameters = params;
  const model = buildModel(doc as unknown as Json, tiny.sources, new Map());
  const block = generateTypes(model, buildLayout(model)).operations.get(LIST)!.params;
  return { code: block.code, runtimeRefs: block.runtimeRefs ?? [] };
}

describe('list params and PaginationParams', () => {
  it('all three standard members: the interface extends PaginationParams without them, other members and docs unchanged', () => {
    const { code, runtimeRefs } = listParams(standard());
    expect(code).toBe(
      [
        'export interface WidgetListParams extends PaginationParams {',
        '    /** @description Specifies which fields in the response should be expanded. */',
        '    expand?: string[];',
        '}',
      ].join('\n'),
    );
    expect(runtimeRefs).toEqual([{ name: 'PaginationParams', module: 'pagination' }]);
  });

  it('standard descriptions that differ only in whitespace still match', () => {
    const params = standard();
    params[0]!.description = params[0]!.description!.replace('. For instance', '.\n  For instance');
    expect(listParams(params).code).toMatch(/^export interface WidgetListParams extends PaginationParams \{/);
  });

  it('only the three members: an interface that extends PaginationParams with no members of its own', () => {
    const { code } = listParams(standard().filter((p) => p.name !== 'expand'));
    expect(code.replace(/\s+/g, ' ')).toBe('export interface WidgetListParams extends PaginationParams { }');
  });

  const unchanged: [string, (p: Param[]) => Param[]][] = [
    ['one member missing', (p) => p.filter((x) => x.name !== 'ending_before')],
    ['a cursor of another type', (p) => p.map((x) => (x.name === 'starting_after' ? { ...x, schema: { type: 'integer' } } : x))],
    ['limit as a string', (p) => p.map((x) => (x.name === 'limit' ? { ...x, schema: { type: 'string' } } : x))],
    ['a required member', (p) => p.map((x) => (x.name === 'limit' ? { ...x, required: true } : x))],
    ['another description', (p) => p.map((x) => (x.name === 'limit' ? { ...x, description: 'A limit ranging from 1 to 100 (defaults to 10).' } : x))],
    ['no description', (p) => p.map((x) => (x.name === 'ending_before' ? { ...x, description: undefined } : x))],
    ['a doc line besides the description', (p) => p.map((x) => (x.name === 'limit' ? { ...x, schema: { type: 'integer', format: 'int32' } } : x))],
    ['a default (which makes the member required)', (p) => p.map((x) => (x.name === 'limit' ? { ...x, schema: { type: 'integer', default: 10 } } : x))],
  ];
  it.each(unchanged)('%s: the params type keeps every member and its docs as printed', (label, change) => {
    const { code, runtimeRefs } = listParams(change(standard()));
    expect(code).not.toContain('extends');
    expect(runtimeRefs).toEqual([]);
    if (label.startsWith('a doc line')) expect(code).toContain('Format: int32');
    for (const p of change(standard())) expect(code).toMatch(new RegExp(`^ +${p.name}\\??: `, 'm'));
    for (const p of change(standard())) if (p.description) expect(code).toContain(p.description.replace(/\s+/g, ' '));
  });

  it("the tiny spec's own WidgetListParams (limit and starting_after, a custom description) is left as it is", () => {
    const block = generateTypes(tiny, buildLayout(tiny)).operations.get(LIST)!.params;
    expect(block.code).toMatch(/^export interface WidgetListParams \{\n\s+\/\*\* @description Page size\. \*\/\n\s+limit\?: number;\n\s+starting_after\?: string;\n\}/);
    expect(block.runtimeRefs).toBeUndefined();
  });

  it('runtime/pagination.ts documents PaginationParams with the same texts the rule matches', () => {
    const text = readFileSync(join(repoRoot, 'runtime', 'pagination.ts'), 'utf8');
    const body = /export interface PaginationParams \{([\s\S]*?)\n\}/.exec(text)![1]!;
    for (const [name, { description }] of Object.entries(STANDARD_PAGINATION)) {
      expect(body).toContain(`/** ${description} */\n  ${name}?: ${name === 'limit' ? 'number' : 'string'};`);
    }
    expect(readFileSync(join(repoRoot, 'runtime', 'index.ts'), 'utf8')).toMatch(/^export type \{[^}]*\bPaginationParams\b[^}]*\} from '\.\/pagination\.js';/m);
  });
});

describe('the default build', () => {
  it('over 100 list params extend PaginationParams and import it from the runtime; none repeats the standard cursor docs', async () => {
    const { files } = await generate({ dryRun: true });
    const params = [...files].filter(([p]) => p.startsWith('types/params/'));
    const extending = params.flatMap(([, text]) => text.match(/^export interface \w+ extends PaginationParams \{/gm) ?? []);
    expect(extending.length).toBeGreaterThan(100);
    expect(extending).toContain('export interface CustomerListParams extends PaginationParams {');
    // Every params file that extends it imports it, type-only, from the one runtime at any folder depth.
    const targets = new Set<string>();
    for (const [p, text] of params) {
      if (!text.includes('extends PaginationParams')) continue;
      const from = /^import type \{ PaginationParams \} from '([./]+runtime\/pagination\.js)';$/m.exec(text)?.[1];
      expect(from, p).toBeDefined();
      targets.add(posix.join(posix.dirname(p), from!));
    }
    expect([...targets]).toHaveLength(1);
    const repeated = params.filter(([, text]) => text.includes(STANDARD_PAGINATION.starting_after!.description)).map(([p]) => p);
    expect(repeated).toEqual([]);
  }, 60_000);
});
