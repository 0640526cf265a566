// `stripe-codegen spec pull NAME` and `spec pull --url URL --name NAME`: download specs into
// spec/cache/ with their sha256 checked (or recorded, for a new entry). Exit 2 with one line
// when offline, on a checksum mismatch or a bad answer; nothing half-written.
import type { Command } from 'commander';
import { join } from 'node:path';
import type { CliIo } from './cli-diff.js';
import { SourceError } from './errors.js';
import { repoRoot } from './sources.js';
import { BASE_URL_ENV, pullNew, pullRegistered } from './spec-pull.js';

export function registerSpecPull(spec: Command, io: CliIo): void {
  spec
    .command('pull')
    .description(`download a registered spec from its upstream into spec/cache/ and verify its sha256 (${BASE_URL_ENV} replaces the raw.githubusercontent.com base)`)
    .argument('[name]', 'registry name from spec/sources.json')
    .option('--url <url>', 'register a new spec from this URL (with --name), recording its sha256')
    .option('--name <name>', 'registry name for --url')
    .option('--registry <file>', 'the registry to read and update', join(repoRoot, 'spec', 'sources.json'))
    .option('--cache <dir>', 'where downloaded files go', join(repoRoot, 'spec', 'cache'))
    .action(async (name: string | undefined, opts: { url?: string; name?: string; registry: string; cache: string }) => {
      const env = process.env[BASE_URL_ENV];
      const options = { registryPath: opts.registry, cacheDir: opts.cache, ...(env ? { rawBase: env } : {}), log: (line: string) => io.out.write(line + '\n') };
      if (opts.url) {
        if (!opts.name || name) throw new SourceError('spec pull --url URL needs --name NAME (and no positional name)');
        await pullNew(opts.name, opts.url, options);
      } else {
        if (!name) throw new SourceError('spec pull: name a registered source (see `spec list`), or give --url URL --name NAME');
        await pullRegistered(name, options);
      }
    });
}
