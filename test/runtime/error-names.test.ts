// Error classes keep their names in a consumer's minified bundle: `name` is
// written out, not read from the (renamed) class.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as runtime from '../../runtime/index.js';
import { V2_ERROR_CLASSES } from '../../runtime/errors-v2.js';
import { repoRoot, scratch } from '../support/paths.js';

type ErrorClass = new (...args: never[]) => Error;

/** Every exported Error subclass of a module, by export name. */
function errorClasses(mod: Record<string, unknown>): Array<[string, ErrorClass]> {
  return Object.entries(mod).filter((e): e is [string, ErrorClass] => typeof e[1] === 'function' && e[1].prototype instanceof Error);
}

/** The name an instance reports: its export name, except timeouts, which report as connection errors like stripe-node's. */
const expectedName = (exportName: string): string => (exportName === 'StripeTimeoutError' ? 'StripeConnectionError' : exportName);

const dir = scratch('error-names');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('error names', () => {
  it('every exported error class names its instances after itself', () => {
    const classes = errorClasses(runtime);
    expect(classes.length).toBeGreaterThan(30);
    for (const [exportName, C] of classes) {
      if (exportName === 'TransportFailure') continue; // (kind, message) constructor; named explicitly too
      expect(new C().name, exportName).toBe(expectedName(exportName));
    }
    expect(new runtime.StripeTimeoutError({}) instanceof runtime.StripeConnectionError).toBe(true);
  });

  it('v2 classes are named after their error type', () => {
    expect(new V2_ERROR_CLASSES.rate_limit({}).name).toBe('RateLimitError');
    expect(new V2_ERROR_CLASSES.temporary_session_expired({}).name).toBe('TemporarySessionExpiredError');
    expect(new V2_ERROR_CLASSES.fx_quote_needs_refresh({}).name).toBe('FxQuoteNeedsRefreshError');
  });

  it('survive minification (esbuild --minify renames every class)', async () => {
    const out = await build({
      stdin: { contents: "export * from './runtime/index.ts';", resolveDir: repoRoot, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      external: ['undici'],
      write: false,
      logLevel: 'silent',
    });
    const file = join(dir, 'runtime.min.mjs');
    writeFileSync(file, out.outputFiles[0].text);
    const minified = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const classes = errorClasses(minified);
    expect(classes.map(([n]) => n).sort()).toEqual(errorClasses(runtime).map(([n]) => n).sort());
    for (const [exportName, C] of classes) {
      if (exportName === 'TransportFailure') continue;
      // The class itself was renamed…
      expect(C.name).not.toBe(exportName);
      // …its instances were not.
      expect(new C().name, exportName).toBe(expectedName(exportName));
    }
  });
});
