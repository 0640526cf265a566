// Step 0: decide which spec files to read. Order: --spec flags, then the
// STRIPE_SPEC environment variable, then the registry's default build looked up
// in spec/cache/ and ../shared/spec/stripe/, each file checked against its sha256.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceError } from './errors.js';
import { loadSpecFile, type LoadedSpec } from './load.js';

export interface SourceFile {
  readonly name: string;
  readonly sha256: string;
  /** Path in the upstream repository, when it differs from `upstream.path` (a YAML twin). */
  readonly upstreamPath?: string;
  /** Where `spec pull` fetches the file, when it is not derived from `upstream` (added with `--url`). */
  readonly url?: string;
}
export interface SourceEntry {
  readonly apiVersion: string;
  readonly description: string;
  readonly files: readonly SourceFile[];
  /** Provenance: the upstream repository and path, the commit where known; `slice` marks a file cut from it. */
  readonly upstream: { readonly repository: string; readonly path: string; readonly commit?: string; readonly slice?: boolean };
}
export interface SourceRegistry {
  readonly defaultBuild: readonly string[];
  readonly sources: Readonly<Record<string, SourceEntry>>;
}

/** The repository root (generator/ sits directly below it, also when compiled to dist/generator/). */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'spec', 'sources.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new SourceError(`cannot find spec/sources.json above ${from}`);
    dir = up;
  }
}

export function readRegistry(path = join(repoRoot, 'spec', 'sources.json')): SourceRegistry {
  return JSON.parse(readFileSync(path, 'utf8')) as SourceRegistry;
}

/** Folders searched for registered files, in order. */
export function searchFolders(root = repoRoot): string[] {
  return [join(root, 'spec', 'cache'), resolve(root, '..', 'shared', 'spec', 'stripe')];
}

export interface ResolveOptions {
  readonly specs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly registry?: SourceRegistry;
  readonly folders?: readonly string[];
  /** The config file's `specs`: used when neither --spec nor STRIPE_SPEC gives any. */
  readonly configSpecs?: readonly string[];
}

export interface ResolvedSpec extends LoadedSpec {
  /** The registry entry name, or the file name for an unregistered spec. */
  readonly source: string;
  /** True when the file's sha256 matched the registry (unregistered files are not checked). */
  readonly verified: boolean;
}

/** What the model records of each spec it was built from (the manifest's `sources`). */
export function modelSources(specs: readonly ResolvedSpec[]): { source: string; file: string; apiVersion: string; contentSha256: string; verified: boolean }[] {
  return specs.map((s) => ({
    source: s.source,
    file: s.file,
    apiVersion: String((s.doc.info as { version?: string } | undefined)?.version ?? ''),
    contentSha256: s.contentSha256,
    verified: s.verified,
  }));
}

export function resolveSpecs(options: ResolveOptions = {}): ResolvedSpec[] {
  const registry = options.registry ?? readRegistry();
  const explicit = options.specs?.length
    ? options.specs
    : (options.env ?? process.env).STRIPE_SPEC?.split(delimiter).filter(Boolean);
  const folders = options.folders ?? searchFolders();
  // A registry name (`stripe-2026-07-29.billing-meters`) works wherever a path does, unless a file of that name exists.
  const one = (p: string) => (registry.sources[p] && !existsSync(p) ? loadRegistered(p, registry, folders) : loadExplicit(resolve(p), registry));
  if (explicit?.length) return explicit.map(one);
  if (options.configSpecs?.length) return options.configSpecs.map(one);
  return registry.defaultBuild.map((name) => loadRegistered(name, registry, folders));
}

function findRegistered(registry: SourceRegistry, fileName: string): [string, SourceFile] | undefined {
  for (const [name, entry] of Object.entries(registry.sources)) {
    const file = entry.files.find((f) => f.name === fileName);
    if (file) return [name, file];
  }
  return undefined;
}

function loadExplicit(path: string, registry: SourceRegistry): ResolvedSpec {
  const loaded = loadSpecFile(path);
  const known = findRegistered(registry, loaded.file);
  // A registered file name with other bytes is a different spec under a known name: say so rather than mislabel it.
  if (known && known[1].sha256 !== loaded.fileSha256) {
    throw new SourceError(
      `${path}: sha256 ${loaded.fileSha256} does not match spec/sources.json (${known[1].sha256}) for ${loaded.file}; rename the file if it is a new spec`,
    );
  }
  return { ...loaded, source: known ? known[0] : loaded.file, verified: Boolean(known) };
}

function loadRegistered(name: string, registry: SourceRegistry, folders: readonly string[]): ResolvedSpec {
  const entry = registry.sources[name];
  if (!entry) throw new SourceError(`spec/sources.json: unknown source "${name}" (\`stripe-codegen spec list\` shows the known ones)`);
  const tried: string[] = [];
  for (const folder of folders) {
    for (const file of entry.files) {
      const path = join(folder, file.name);
      tried.push(path);
      if (!existsSync(path)) continue;
      const loaded = loadSpecFile(path);
      if (loaded.fileSha256 !== file.sha256) {
        throw new SourceError(`${path}: sha256 ${loaded.fileSha256} does not match spec/sources.json (${file.sha256})`);
      }
      return { ...loaded, source: name, verified: true };
    }
  }
  // A file Stripe publishes can be downloaded (checked against its sha256); a slice only exists where it was made.
  const how = entry.upstream?.slice ? `"${name}" is a slice, not a file Stripe publishes: pass its path` : `Download it with \`stripe-codegen spec pull ${name}\`, or pass its path`;
  throw new SourceError(`spec source "${name}" not found; looked for:\n  ${tried.join('\n  ')}\n${how} (--spec FILE, a path in the config's specs, or STRIPE_SPEC).`);
}
