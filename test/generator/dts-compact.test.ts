// generator/dts-compact.ts: fewer bytes in the package's declarations, the same types and docs.
import { describe, expect, it } from 'vitest';
import { compact, hoistImportTypes, pruneUnreachable } from '../../generator/dts-compact.js';

describe('compact', () => {
  it('drops the @enum and @description tags, tab-indents, and puts a one-line comment on one line', () => {
    const before = [
      'export interface X {',
      '    /**',
      '     * @description The kind.',
      '     * @enum {string}',
      '     */',
      '    kind: "a" | "b";',
      '    /** @enum {string} */',
      '    mode?: "x";',
      '    /**',
      '     * Format: unix-time',
      '     * Created at.',
      '     */',
      '    created: number;',
      '    /**',
      '     * @deprecated',
      '     */',
      '    old?: string;',
      '}',
    ].join('\n');
    expect(compact(before)).toBe(
      ['export interface X {', '\t/** The kind. */', '\tkind: "a" | "b";', '\tmode?: "x";', '\t/**', '\t * Format: unix-time', '\t * Created at.', '\t */', '\tcreated: number;', '\t/**', '\t * @deprecated', '\t */', '\told?: string;', '}'].join('\n'),
    );
  });
});

describe('hoistImportTypes', () => {
  it('names a module used twice or more once, at the end of the imports', () => {
    const text = [
      "import { A } from './a.js';",
      'export declare namespace Stripe {',
      "\ttype Customer = import('./types/schemas.js').Customer;",
      "\ttype Card = import('./types/schemas.js').Card;",
      "\ttype Once = import('./types/params/once.js').Once;",
      '}',
      '',
    ].join('\n');
    expect(hoistImportTypes(text)).toBe(
      [
        "import { A } from './a.js';",
        "import type * as $schemas from './types/schemas.js';",
        'export declare namespace Stripe {',
        '\ttype Customer = $schemas.Customer;',
        '\ttype Card = $schemas.Card;',
        "\ttype Once = import('./types/params/once.js').Once;",
        '}',
        '',
      ].join('\n'),
    );
  });

  it('picks another name when the file already uses the obvious one', () => {
    const text = "type $schemas = 1;\ntype A = import('./schemas.js').A;\ntype B = import('./schemas.js').B;\n";
    expect(hoistImportTypes(text)).toBe("import type * as $schemas2 from './schemas.js';\ntype $schemas = 1;\ntype A = $schemas2.A;\ntype B = $schemas2.B;\n");
  });
});

describe('pruneUnreachable', () => {
  it('keeps the declarations an entry point reaches, any way it refers to them, and every other file', () => {
    const files = new Map([
      ['dist/esm/index.d.ts', "export * from '../dts/index.js';\n"],
      ['dist/dts/index.d.ts', "export { A } from './a.js';\nexport type B = import('./b.js').B;\n"],
      ['dist/dts/a.d.ts', "import type { C } from './c/index.js';\nexport type A = C;\n"],
      ['dist/dts/b.d.ts', 'export type B = 1;\n'],
      ['dist/dts/c/index.d.ts', 'export type C = 2;\n'],
      ['dist/dts/internal.d.ts', 'export type Hidden = 3;\n'],
      ['dist/esm/index.js', 'export {};\n'],
    ]);
    const out = pruneUnreachable(files, ['dist/esm/index.d.ts']);
    expect([...out.keys()]).toEqual(['dist/esm/index.d.ts', 'dist/dts/index.d.ts', 'dist/dts/a.d.ts', 'dist/dts/b.d.ts', 'dist/dts/c/index.d.ts', 'dist/esm/index.js']);
  });
});
