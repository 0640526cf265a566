// TypeScript and openapi-typescript, loaded with require(). An ES `import` of a CommonJS module makes
// Node scan its source for export names first: for TypeScript's 9 MB that scan took ~250 ms of every
// fresh generate, more than the types step it served. Types come from the packages as usual.
import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import type * as OpenapiTS from 'openapi-typescript';

const require = createRequire(import.meta.url);

export const ts: typeof TS = require('typescript');

type Oats = Pick<typeof OpenapiTS, 'astToString' | 'scanDiscriminators' | 'transformSchemaObject'>;

/**
 * The three openapi-typescript functions the types step uses, from the modules that define them:
 * its entry point also loads @redocly/openapi-core whole (~115 ms), which nothing here needs.
 * A layout these paths do not match (another major version) falls back to the entry point.
 */
function loadOats(): Oats {
  try {
    const transformSchemaObject = (require('openapi-typescript/dist/transform/schema-object.cjs') as { default: Oats['transformSchemaObject'] }).default;
    const { astToString } = require('openapi-typescript/dist/lib/ts.cjs') as Pick<Oats, 'astToString'>;
    const { scanDiscriminators } = require('openapi-typescript/dist/lib/utils.cjs') as Pick<Oats, 'scanDiscriminators'>;
    if (typeof transformSchemaObject === 'function' && typeof astToString === 'function' && typeof scanDiscriminators === 'function') return { transformSchemaObject, astToString, scanDiscriminators };
  } catch {
    // Below: the entry point.
  }
  return require('openapi-typescript') as Oats;
}

export const oats: Oats = loadOats();
