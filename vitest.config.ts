import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';

const root = import.meta.dirname;

/**
 * generated/ carries a copy of runtime/ (every generated package does). Tests that import the
 * generated client get the repo's runtime/ instead, as before the copy existed: one runtime instance
 * shared with tests that import runtime/ directly, and runtime edits apply without regenerating.
 * (`generate --check` in CI keeps the copy equal to runtime/.)
 */
const sharedRuntime: Plugin = {
  name: 'generated-runtime-is-runtime',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.')) return null;
    const target = resolve(importer, '..', source);
    const copy = join(root, 'generated', 'runtime');
    return target.startsWith(copy + '/') ? join(root, 'runtime', target.slice(copy.length + 1)).replace(/\.js$/, '.ts') : null;
  },
};

export default defineConfig({
  plugins: [sharedRuntime],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Golden and end-to-end tests share generated output in test/.work; files run in parallel, tests inside a file in order.
    pool: 'forks',
  },
});
