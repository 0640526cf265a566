#!/usr/bin/env node
// Entry of the `stripe-codegen` command: runs the TypeScript generator through tsx, so it needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
