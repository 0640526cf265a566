// `stripe-codegen diff OLD NEW`: what changed between two specs (or spec lists, registry
// names, generated packages) for a TypeScript consumer. Markdown by default, --json for
// programs; --fail-on-breaking exits 1 when anything breaking is found.
import type { Command } from 'commander';
import { renderUpdateSummary } from './changelog.js';
import { compareSnapshots, renderJson, renderMarkdown, resolveSide, summarize } from './diff/index.js';
import type { UpdatePlan } from './update.js';

export interface CliIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

export function registerDiff(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('diff')
    .description('compare two APIs: each a spec file, a registry name, a comma-separated list of them, or a generated package folder')
    .argument('<old>', 'the API before')
    .argument('<new>', 'the API after')
    .option('--json', 'print { from, to, summary, changes } as JSON')
    .option('--fail-on-breaking', 'exit 1 when any breaking change is found')
    .action((oldArg: string, newArg: string, opts: { json?: boolean; failOnBreaking?: boolean }) => {
      const diff = compareSnapshots(resolveSide(oldArg).snapshot, resolveSide(newArg).snapshot);
      io.out.write(opts.json ? renderJson(diff) : renderMarkdown(diff));
      if (opts.failOnBreaking && summarize(diff.changes).breaking > 0) setExitCode(1);
    });
}

/** After `generate` replaced an output: the one-screen summary; the removed-methods line goes to stderr even with --quiet. */
export function reportUpdate(update: UpdatePlan, io: CliIo, quiet: boolean | undefined): void {
  const text = renderUpdateSummary(update);
  if (!quiet) io.out.write(text);
  else for (const line of text.split('\n')) if (line.startsWith('!! ')) io.err.write(line + '\n');
}
