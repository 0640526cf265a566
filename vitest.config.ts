import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Golden and end-to-end tests share generated output in test/.work; files run in parallel, tests inside a file in order.
    pool: 'forks',
  },
});
