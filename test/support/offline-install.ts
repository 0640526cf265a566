// Installs packed tarballs into a fresh folder with no network: `npm install --offline` needs the
// registry's metadata for every dependency, which `npm ci` never cached; a lockfile does not (npm ci
// then takes each package from the cache by its integrity). The lockfile is cut from this repo's
// own: the tarball's dependencies and everything they need, exactly as the repo installed them.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.js';

interface LockEntry {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  [k: string]: unknown;
}

export interface PackedPackage {
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  /** Its package.json (name, version, dependencies, bin, ...). */
  readonly manifest: { name: string; version: string; dependencies?: Record<string, string>; [k: string]: unknown };
}

const repoLock = () => JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

/** The repo lockfile's entries that `deps` need, transitively, resolved as Node resolves them. */
function closure(packages: Record<string, LockEntry>, deps: Record<string, string>): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const visit = (name: string, from: string, optional: boolean): void => {
    for (let dir = from; ; ) {
      const key = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      const entry = packages[key];
      if (entry) {
        if (out[key]) return;
        const { dev: _dev, ...rest } = entry;
        out[key] = rest;
        for (const d of Object.keys(entry.dependencies ?? {})) visit(d, key, false);
        for (const d of Object.keys(entry.optionalDependencies ?? {})) visit(d, key, true);
        for (const d of Object.keys(entry.peerDependencies ?? {})) visit(d, key, entry.peerDependenciesMeta?.[d]?.optional ?? false);
        return;
      }
      if (!dir) break;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
    if (!optional) throw new Error(`package-lock.json has no entry for ${name} (needed by ${from || 'the tarball'})`);
  };
  for (const d of Object.keys(deps)) visit(d, '', false);
  return out;
}

const exec = promisify(execFile);

/**
 * Makes `dir` a project that depends on the given tarballs (and on `fromRepoLock` packages at the
 * versions this repo locks, e.g. `stripe` for a baseline) and installs them with `npm ci --offline`.
 * Every other package comes from the npm cache, as the repo's lockfile pins it.
 */
export async function installOffline(dir: string, packed: readonly PackedPackage[], extra: Record<string, unknown> = {}, fromRepoLock: readonly string[] = []): Promise<void> {
  const all = repoLock().packages;
  const registry = Object.fromEntries(fromRepoLock.map((name) => [name, all[`node_modules/${name}`]?.version ?? '*']));
  const dependencies = { ...Object.fromEntries(packed.map((p) => [p.manifest.name, `file:${relative(dir, p.tarball)}`])), ...registry };
  const packages: Record<string, LockEntry> = { '': { name: 'consumer', version: '1.0.0', dependencies } };
  Object.assign(packages, closure(all, registry));
  for (const p of packed) {
    Object.assign(packages, closure(all, p.manifest.dependencies ?? {}));
    const { name, version, dependencies: deps, bin, engines, license } = p.manifest;
    packages[`node_modules/${name}`] = { version, resolved: `file:${relative(dir, p.tarball)}`, ...(deps ? { dependencies: deps } : {}), ...(bin ? { bin } : {}), ...(engines ? { engines } : {}), ...(license ? { license } : {}) };
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, ...extra, dependencies }, null, 2));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  await exec('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
}

/** `npm pack` of a folder into `dest`; returns the tarball and the package.json it was made from. */
export async function pack(folder: string, dest: string, options: { ignoreScripts?: boolean } = {}): Promise<PackedPackage> {
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dest, ...(options.ignoreScripts ? ['--ignore-scripts'] : [])], { cwd: folder, maxBuffer: 64 * 1024 * 1024 });
  // prepack scripts may print before npm's JSON.
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string }[];
  return { tarball: join(dest, info!.filename), manifest: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as PackedPackage['manifest'] };
}
