// `spec pull`: fetch a registered spec from its pinned upstream location into spec/cache/,
// refusing bytes whose sha256 differs from the registry; or register a new spec from a URL,
// recording its sha256. Files are written whole (temp file + rename) or not at all.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { SourceError } from './errors.js';
import { parseSpecText, sha256 } from './load.js';
import type { SourceEntry, SourceFile, SourceRegistry } from './sources.js';

/** Where GitHub serves raw files; `STRIPE_CODEGEN_SPEC_BASE_URL` replaces it (mirrors, tests). */
export const DEFAULT_RAW_BASE = 'https://raw.githubusercontent.com';
export const BASE_URL_ENV = 'STRIPE_CODEGEN_SPEC_BASE_URL';

export interface PullOptions {
  readonly registryPath: string;
  readonly cacheDir: string;
  readonly rawBase?: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface PulledFile {
  readonly name: string;
  readonly path: string;
  readonly sha256: string;
  /** False when the cache already held the verified file. */
  readonly downloaded: boolean;
}

/** The URL a registered file is fetched from: its own `url`, or upstream repository + commit + path. */
export function upstreamUrl(entry: SourceEntry, file: SourceFile, rawBase = DEFAULT_RAW_BASE): string | undefined {
  if (file.url) return file.url;
  const up = entry.upstream;
  if (up.slice) return undefined;
  const path = file.upstreamPath ?? (entry.files.indexOf(file) === 0 ? up.path : undefined);
  const repo = /^https:\/\/github\.com\/([^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(up.repository)?.[1];
  if (!path || !repo) return undefined;
  return `${rawBase.replace(/\/$/, '')}/${repo}/${up.commit ?? 'master'}/${path}`;
}

export async function pullRegistered(name: string, options: PullOptions): Promise<PulledFile[]> {
  const registry = readRegistryFile(options.registryPath);
  const entry = registry.sources[name];
  if (!entry) throw new SourceError(`spec pull: no source "${name}" in ${options.registryPath} (known: ${Object.keys(registry.sources).join(', ')})`);
  if (entry.upstream.slice) {
    throw new SourceError(`spec pull: ${name} is a slice made from ${entry.upstream.repository} ${entry.upstream.path}, not a file upstream; there is nothing to download`);
  }
  const wanted = entry.files.map((f) => [f, upstreamUrl(entry, f, options.rawBase)] as const).filter(([, url]) => url);
  if (!wanted.length) throw new SourceError(`spec pull: ${name} records no upstream path for its files in ${options.registryPath}`);
  const pulled: PulledFile[] = [];
  for (const [file, url] of wanted) {
    const path = join(options.cacheDir, file.name);
    if (existsSync(path) && sha256(readFileSync(path)) === file.sha256) {
      options.log?.(`${file.name}: already in ${options.cacheDir}, sha256 verified`);
      pulled.push({ name: file.name, path, sha256: file.sha256, downloaded: false });
      continue;
    }
    const bytes = await download(url!, options);
    const got = sha256(bytes);
    if (got !== file.sha256) {
      const pin = entry.upstream.commit ? '' : ' (the registry pins no commit, so upstream may have moved on)';
      throw new SourceError(`spec pull: ${url} has sha256 ${got}, expected ${file.sha256} for ${file.name}${pin}; nothing was written`);
    }
    writeAtomically(path, bytes);
    options.log?.(`${file.name}: ${bytes.length} bytes from ${url}, sha256 verified`);
    pulled.push({ name: file.name, path, sha256: got, downloaded: true });
  }
  return pulled;
}

/** Download `url`, check it parses as a spec, store it in the cache and register it as `name`. */
export async function pullNew(name: string, url: string, options: PullOptions): Promise<PulledFile> {
  const registry = readRegistryFile(options.registryPath);
  if (registry.sources[name]) throw new SourceError(`spec pull: "${name}" is already registered in ${options.registryPath}; pick another --name`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new SourceError(`spec pull: --name "${name}" may use only letters, digits, ".", "_" and "-"`);
  const urlPath = new URL(url).pathname;
  const ext = ['.json', '.yaml', '.yml'].includes(extname(urlPath).toLowerCase()) ? extname(urlPath).toLowerCase() : '.json';
  const fileName = `${name}${ext}`;
  for (const e of Object.values(registry.sources)) {
    if (e.files.some((f) => f.name === fileName)) throw new SourceError(`spec pull: file name ${fileName} is already registered; pick another --name`);
  }
  const bytes = await download(url, options);
  const doc = parseSpecText(bytes.toString('utf8'), `${url}`, ext); // a SpecError (exit 2) when it is not a spec
  const info = (doc.info ?? {}) as { version?: unknown; title?: unknown };
  const file: SourceFile = { name: fileName, sha256: sha256(bytes), url };
  const entry: SourceEntry = {
    apiVersion: String(info.version ?? ''),
    description: `${String(info.title ?? 'OpenAPI spec')}, added by \`spec pull --url\``,
    files: [file],
    upstream: githubUpstream(url) ?? { repository: new URL(url).origin, path: urlPath.replace(/^\//, '') },
  };
  const path = join(options.cacheDir, fileName);
  writeAtomically(path, bytes);
  writeAtomically(options.registryPath, Buffer.from(formatRegistry({ ...registry, sources: { ...registry.sources, [name]: entry } })));
  options.log?.(`${fileName}: ${bytes.length} bytes from ${url}, sha256 ${file.sha256}; registered as ${name} (API ${entry.apiVersion || 'unknown'})`);
  return { name: fileName, path, sha256: file.sha256, downloaded: true };
}

/** A raw.githubusercontent.com URL names its repository, commit (or branch) and path. */
function githubUpstream(url: string): SourceEntry['upstream'] | undefined {
  const m = /^https:\/\/raw\.githubusercontent\.com\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(url);
  if (!m) return undefined;
  const ref = m[3]!;
  return { repository: `https://github.com/${m[1]}/${m[2]}`, path: m[4]!, ...(/^[0-9a-f]{40}$/.test(ref) ? { commit: ref } : {}) };
}

async function download(url: string, options: PullOptions): Promise<Buffer> {
  const host = new URL(url).host;
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    const why = cause?.code ?? (err as Error).name ?? 'network error';
    throw new SourceError(`spec pull: cannot reach ${host} (${why}); are you offline? nothing was written`);
  }
  if (!res.ok) throw new SourceError(`spec pull: ${url} answered HTTP ${res.status}; nothing was written`);
  try {
    return Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new SourceError(`spec pull: the download from ${host} broke off (${(err as Error).message}); nothing was written`);
  }
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new SourceError(`spec pull: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function readRegistryFile(path: string): SourceRegistry {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SourceRegistry;
  } catch (err) {
    throw new SourceError(`spec pull: cannot read the registry ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** The registry's own layout: one line per file and per upstream record, so a pull adds a readable diff. */
export function formatRegistry(registry: SourceRegistry): string {
  const inline = (o: object) => '{ ' + Object.entries(o).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ') + ' }';
  const out: string[] = ['{'];
  const top = Object.entries(registry);
  top.forEach(([key, value], i) => {
    const comma = i < top.length - 1 ? ',' : '';
    if (key !== 'sources') {
      out.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replace(/\n/g, '\n  ')}${comma}`);
      return;
    }
    out.push('  "sources": {');
    const entries = Object.entries(value as Record<string, SourceEntry>);
    entries.forEach(([name, entry], j) => {
      out.push(`    ${JSON.stringify(name)}: {`);
      const fields = Object.entries(entry);
      fields.forEach(([k, v], n) => {
        const c = n < fields.length - 1 ? ',' : '';
        if (k === 'files') out.push('      "files": [', (v as SourceFile[]).map((f) => `        ${inline(f)}`).join(',\n'), `      ]${c}`);
        else out.push(`      ${JSON.stringify(k)}: ${typeof v === 'object' && v ? inline(v) : JSON.stringify(v)}${c}`);
      });
      out.push(`    }${j < entries.length - 1 ? ',' : ''}`);
    });
    out.push(`  }${comma}`);
  });
  out.push('}');
  return out.join('\n') + '\n';
}
