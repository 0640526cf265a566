#!/usr/bin/env node
// Entry of the `stripe-codegen` command. Runs the compiled generator (dist/generator, built by
// `npm run build:generator`) when it is at least as new as every source file, else the TypeScript
// sources through tsx, so a fresh checkout works with no build step and an edited one never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = fileURLToPath(new URL('.', import.meta.url));
const compiled = new URL('../dist/generator/cli.js', import.meta.url);

function compiledIsFresh() {
  const built = fileURLToPath(compiled);
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return readdirSync(sources).every((f) => statSync(sources + f).mtimeMs <= builtAt);
}

let cli;
if (compiledIsFresh()) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
