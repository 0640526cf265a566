// The `stripe-codegen` command line: `generate` (with --check) and `spec list`.
import { Command, Option } from 'commander';
import { registerContextCommand } from './cli-context.js';
import { registerDiff, reportUpdate } from './cli-diff.js';
import { registerSpecPull } from './cli-spec-pull.js';
import { resolveGenerateSettings } from './config.js';
import { SpecError, SourceError, TemplateError } from './errors.js';
import { NamingCollisionError } from './naming.js';
import { GENERATOR_VERSION, STEPS, generate, type Step } from './pipeline.js';
import { readRegistry, searchFolders } from './sources.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export async function main(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let code = 0;
  const program = new Command('stripe-codegen')
    .version(GENERATOR_VERSION)
    .description('Generate a typed Stripe client from Stripe OpenAPI specs')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });

  program
    .command('generate')
    .description('generate the client into --out (default generated/)')
    .addOption(new Option('--spec <file>', 'spec file (JSON or YAML) or registry name; repeat to merge, later files add or replace').default([]).argParser(collect))
    .option('--out <dir>', 'output folder (default: the config file\'s "out", else generated)')
    .option('--templates <dir>', 'folder of template overrides (same file names as templates/)')
    .option('--config <file>', 'config file (default: ./stripe-codegen.config.json when present)')
    .option('--package-name <name>', 'npm name of the generated package, e.g. @acme/stripe')
    .option('--package-version <semver>', 'version of the generated package, e.g. 3.1.4')
    .option('--force', 'replace --out even when it holds files that are not an earlier output')
    .option('--check', 'exit 1 if the output folder differs from what would be generated')
    .option('--quiet', 'print only errors')
    .action(async (raw: { spec: string[]; out?: string; templates?: string; config?: string; packageName?: string; packageVersion?: string; force?: boolean; check?: boolean; quiet?: boolean }) => {
      const settings = resolveGenerateSettings(raw);
      const opts = { ...raw, out: settings.outDir, templates: settings.templatesDir };
      const started = performance.now();
      const width = Math.max(...STEPS.map((s) => s.length));
      const onStep = (step: Step, ms: number, detail: string) => {
        if (opts.quiet) return;
        const n = STEPS.indexOf(step) + 1;
        io.out.write(`[${n}/${STEPS.length}] ${step.padEnd(width)} ${ms.toFixed(0).padStart(6)} ms  ${detail}\n`);
      };
      const result = await generate({
        specs: settings.specs,
        configSpecs: settings.configSpecs,
        package: settings.package,
        ...(opts.force ? { force: true } : {}),
        outDir: opts.out,
        ...(opts.templates ? { templatesDir: opts.templates } : {}),
        ...(opts.check ? { check: true } : {}),
        onStep,
      });
      if (result.check) {
        const { missing, changed, stale } = result.check;
        const total = missing.length + changed.length + stale.length;
        if (total) {
          code = 1;
          const list = (label: string, xs: string[]) => xs.slice(0, 20).forEach((f) => io.err.write(`  ${label} ${f}\n`));
          io.err.write(`${opts.out} is out of date (${total} file(s)); run \`npm run generate\`:\n`);
          list('missing', missing);
          list('changed', changed);
          list('stale  ', stale);
          return;
        }
      }
      if (!result.check) reportUpdate(result.update, io, opts.quiet);
      if (!opts.quiet) {
        io.out.write(
          `${result.check ? 'up to date' : 'generated'}: ${result.model.operations.length} operations, ${result.files.size} files in ${(performance.now() - started).toFixed(0)} ms\n`,
        );
      }
    });

  registerDiff(program, io, (c) => (code = c));

  const spec = program.command('spec').description('spec sources');
  spec
    .command('list')
    .description('list the registered spec sources and where they are looked up')
    .action(() => {
      const reg = readRegistry();
      for (const [name, e] of Object.entries(reg.sources)) {
        io.out.write(`${reg.defaultBuild.includes(name) ? '*' : ' '} ${name}  (API ${e.apiVersion})  ${e.files.map((f) => f.name).join(', ')}\n`);
      }
      io.out.write(`searched in: ${searchFolders().join(', ')}\n* = part of the default build\n`);
    });
  registerSpecPull(spec, io);

  registerContextCommand(program, io);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    // Usage errors with their own one-line message (config, --out): exit 2, no stack.
    if (err instanceof Error && (err.name === 'ConfigError' || err.name === 'OutputError' || err.name === 'BuildError')) {
      io.err.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof SpecError || err instanceof SourceError || err instanceof TemplateError || err instanceof NamingCollisionError) {
      io.err.write(`error: ${err.message}\n(nothing was written)\n`);
      return 2;
    }
    const e = err as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) return e.exitCode ?? 2;
    throw err;
  }
  return code;
}
