// generator/dts-bundle.ts: the per-schema declaration files become one, and every import follows.
import { describe, expect, it } from 'vitest';
import { bundleDeclarations } from '../../generator/dts-bundle.js';

const DIR = 'dist/dts/types/schemas';

function pkg(extra: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      [`${DIR}/widget.d.ts`]: [
        "import type { Expands, NoExpand } from '../../runtime/expand-types.js';",
        "import type { Part } from './part.js';",
        '',
        'export interface Widget {',
        '\t/** The widget\'s part. */',
        '\tpart: Part;',
        '}',
        'export interface WidgetExpandable {',
        '\towner: Expands<NoExpand>;',
        '}',
        '',
      ].join('\n'),
      [`${DIR}/part.d.ts`]: ["import type { Holds } from '../../runtime/expand-types.js';", '', 'export interface Part {', '\tid: string;', '\tof: Holds;', '}', ''].join('\n'),
      'dist/dts/resources/widgets.d.ts': [
        "import type { Part } from '../types/schemas/part.js';",
        "import type { Widget, WidgetExpandable } from '../types/schemas/widget.js';",
        'export declare class WidgetsResource {',
        "\tretrieve(): Promise<Widget | import('../types/schemas/part.js').Part>;",
        '}',
        '',
      ].join('\n'),
      'dist/dts/types/index.d.ts': ['export type { Part } from "./schemas/part.js";', 'export type { Widget } from "./schemas/widget.js";', 'export type * from "./params/widgets.js";', ''].join('\n'),
      'dist/esm/index.js': "import './types/schemas/part.js';\n",
      ...extra,
    }),
  );
}

describe('bundleDeclarations', () => {
  it('merges the schema files into one and points every declaration file at it', () => {
    const out = bundleDeclarations(pkg(), DIR);
    expect([...out.keys()].filter((p) => p.startsWith(`${DIR}/`))).toEqual([]);
    expect(out.get(`${DIR}.d.ts`)).toBe(
      [
        "import type { Expands, Holds, NoExpand } from '../runtime/expand-types.js';",
        '',
        'export interface Part {',
        '\tid: string;',
        '\tof: Holds;',
        '}',
        '',
        'export interface Widget {',
        "\t/** The widget's part. */",
        '\tpart: Part;',
        '}',
        'export interface WidgetExpandable {',
        '\towner: Expands<NoExpand>;',
        '}',
        '',
      ].join('\n'),
    );
    expect(out.get('dist/dts/resources/widgets.d.ts')).toBe(
      [
        "import type { Part, Widget, WidgetExpandable } from '../types/schemas.js';",
        'export declare class WidgetsResource {',
        "\tretrieve(): Promise<Widget | import('../types/schemas.js').Part>;",
        '}',
        '',
      ].join('\n'),
    );
    expect(out.get('dist/dts/types/index.d.ts')).toBe(['export type { Part, Widget } from "./schemas.js";', 'export type * from "./params/widgets.js";', ''].join('\n'));
    // Only declaration files are rewritten.
    expect(out.get('dist/esm/index.js')).toBe("import './types/schemas/part.js';\n");
  });

  it('leaves the files as they are when merging could change what a name means', () => {
    const twice = pkg({ [`${DIR}/gadget.d.ts`]: 'export interface Part {\n\tother: true;\n}\n' });
    expect(bundleDeclarations(twice, DIR)).toBe(twice);
    const aliased = pkg({ [`${DIR}/gadget.d.ts`]: "import type { Part as P } from './part.js';\n\nexport type Gadget = P;\n" });
    expect(bundleDeclarations(aliased, DIR)).toBe(aliased);
    const star = pkg({ 'dist/dts/types/all.d.ts': "export type * from './schemas/part.js';\n" });
    expect(bundleDeclarations(star, DIR)).toBe(star);
    const clash = pkg({ [`${DIR}/gadget.d.ts`]: "import type { Holds as Part2 } from '../../runtime/expand-types.js';\n\nexport type Part2 = string;\n" });
    expect(bundleDeclarations(clash, DIR)).toBe(clash);
  });

  it('says a block-comment banner above the imports once, at the top, instead of giving up', () => {
    const banner = ['/*', ' * ACME Payments. Licensed under ACME-1.0.', ' */', ''];
    const files = pkg();
    for (const p of [`${DIR}/widget.d.ts`, `${DIR}/part.d.ts`]) files.set(p, [...banner, files.get(p)!].join('\n'));
    const out = bundleDeclarations(files, DIR);
    expect(out).not.toBe(files);
    const text = out.get(`${DIR}.d.ts`)!;
    expect(text.startsWith('/*\n * ACME Payments. Licensed under ACME-1.0.\n */\n\nimport type { Expands, Holds, NoExpand }')).toBe(true);
    expect(text.split('ACME Payments').length).toBe(2);
  });

  it('does nothing without schema files', () => {
    const none = new Map([['dist/dts/index.d.ts', 'export {};\n']]);
    expect(bundleDeclarations(none, DIR)).toBe(none);
  });
});
