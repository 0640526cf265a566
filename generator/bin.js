#!/usr/bin/env node
// Entry of the `stripe-codegen` command. An installed generator (npm install of its tarball) ships
// only the compiled JavaScript (dist/generator): that is what runs, with no devDependency such as
// tsx. In a checkout, the compiled generator runs when it is at least as new as every source file,
// else the TypeScript sources through tsx, so a fresh checkout works with no build step and an
// edited one never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = fileURLToPath(new URL('.', import.meta.url));
const compiled = new URL('../dist/generator/cli.js', import.meta.url);
const checkout = existsSync(new URL('./cli.ts', import.meta.url));

function compiledIsFresh() {
  const built = fileURLToPath(compiled);
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return readdirSync(sources).every((f) => !f.endsWith('.ts') || statSync(sources + f).mtimeMs <= builtAt);
}

let cli;
if (!checkout || compiledIsFresh()) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
