// The project config file, `stripe-codegen.config.json`: what a team sets once (the package's name
// and version, the specs, the output and template folders) instead of repeating CLI flags. Found in
// the working directory, or given with --config. CLI flags win over the file. Other commands (spec
// diff, team templates) read the same file through loadConfig().
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const CONFIG_FILE = 'stripe-codegen.config.json';

/**
 * The config file's schema. Every field is optional; relative paths are relative to the config file.
 *
 * ```json
 * { "packageName": "@acme/stripe", "packageVersion": "3.1.4",
 *   "specs": ["spec3.2023-08-16", "./specs/extra.json"], "out": "stripe-client", "templates": "./templates" }
 * ```
 */
export interface CodegenConfig {
  /** npm name of the generated package (`@acme/stripe`). Default: `stripe-client`. */
  readonly packageName?: string;
  /** Its semver version (`3.1.4`): pins it. Default: 1.0.0 for a first output, then a semver bump from the API change set on each generate (major for breaking, minor for additions, patch otherwise). */
  readonly packageVersion?: string;
  /** Specs merged in order: registry names from spec/sources.json, or paths to JSON/YAML files. */
  readonly specs?: readonly string[];
  /** Output folder (the generated package). Default: `generated`. */
  readonly out?: string;
  /** Folder of template overrides (same file names as the built-in templates/). */
  readonly templates?: string;
  /**
   * More package.json fields for the generated package, for publishing it: `description`, `keywords`,
   * `homepage`, `repository`, `bugs`, `author`, `contributors`, `funding`, `publishConfig` (a private
   * registry, `access`). The generator owns the rest (name, version, exports, files, dependencies, ...).
   */
  readonly packageJson?: Readonly<Record<string, unknown>>;
}

/** package.json fields a config may add: what publishing needs, nothing the package's loading depends on. */
export const PACKAGE_JSON_FIELDS = ['description', 'keywords', 'homepage', 'repository', 'bugs', 'author', 'contributors', 'funding', 'publishConfig'] as const;

/** A config as read: paths resolved against the file's folder, plus where it came from. */
export interface LoadedConfig extends CodegenConfig {
  /** Absolute path of the file, or undefined when no file was found (all defaults). */
  readonly file?: string;
}

/** A config file that cannot be used; the CLI exits 2 with this one-line message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = 2;
}

const FIELDS: Record<keyof CodegenConfig, 'string' | 'string[]' | 'object'> = {
  packageName: 'string',
  packageVersion: 'string',
  specs: 'string[]',
  out: 'string',
  templates: 'string',
  packageJson: 'object',
};

const KIND_TEXT = { string: 'a non-empty string', 'string[]': 'an array of non-empty strings', object: 'a JSON object' } as const;

/** `packageJson`: only the publishing fields, each of the JSON type npm expects. */
function checkPackageJson(fields: Record<string, unknown>, where: string): Record<string, unknown> {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const kinds: Record<(typeof PACKAGE_JSON_FIELDS)[number], [string, (v: unknown) => boolean]> = {
    description: ['a string', (v) => typeof v === 'string'],
    homepage: ['a string', (v) => typeof v === 'string'],
    keywords: ['an array of strings', (v) => Array.isArray(v) && v.every((k) => typeof k === 'string')],
    repository: ['a string or a JSON object', (v) => typeof v === 'string' || isObject(v)],
    bugs: ['a string or a JSON object', (v) => typeof v === 'string' || isObject(v)],
    author: ['a string or a JSON object', (v) => typeof v === 'string' || isObject(v)],
    contributors: ['an array', Array.isArray],
    funding: ['a string, a JSON object or an array', (v) => typeof v === 'string' || isObject(v) || Array.isArray(v)],
    publishConfig: ['a JSON object', isObject],
  };
  for (const [key, value] of Object.entries(fields)) {
    const kind = kinds[key as keyof typeof kinds];
    if (!kind) throw new ConfigError(`${where}.${key}: not a field the config may set (allowed: ${PACKAGE_JSON_FIELDS.join(', ')}; the generator writes the others)`);
    if (!kind[1](value)) throw new ConfigError(`${where}.${key}: must be ${kind[0]}`);
  }
  return fields;
}

/** npm's rules for a package name (lower case, URL-safe, optional @scope/, at most 214 characters). */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** semver 2.0 (major.minor.patch, optional pre-release and build). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export function checkPackageName(name: string, where: string): string {
  if (name.length > 214 || !PACKAGE_NAME.test(name)) throw new ConfigError(`${where}: "${name}" is not a valid npm package name (lower case, e.g. @acme/stripe)`);
  return name;
}

export function checkPackageVersion(version: string, where: string): string {
  if (!SEMVER.test(version)) throw new ConfigError(`${where}: "${version}" is not a semver version (e.g. 3.1.4)`);
  return version;
}

/**
 * Reads `path` (or `cwd/stripe-codegen.config.json` when it exists). No file: an empty config.
 * Unknown keys, wrong types, bad names or versions: ConfigError naming the file and the key.
 */
export function loadConfig(options: { cwd?: string; path?: string } = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const file = options.path ? resolve(cwd, options.path) : join(cwd, CONFIG_FILE);
  if (!options.path && !existsSync(file)) return {};
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new ConfigError(`--config ${file}: is a folder, expected a JSON file`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`--config ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: invalid JSON (${(err as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${file}: expected a JSON object`);
  const dir = dirname(file);
  const out: Record<string, unknown> = { file };
  for (const [key, value] of Object.entries(data)) {
    if (key === '$schema' || key.startsWith('//')) continue;
    const kind = FIELDS[key as keyof CodegenConfig];
    if (!kind) throw new ConfigError(`${file}: unknown key "${key}" (known: ${Object.keys(FIELDS).join(', ')})`);
    const ok =
      kind === 'string'
        ? typeof value === 'string' && value !== ''
        : kind === 'object'
          ? typeof value === 'object' && value !== null && !Array.isArray(value)
          : Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
    if (!ok) throw new ConfigError(`${file}: "${key}" must be ${KIND_TEXT[kind]}`);
    out[key] = value;
  }
  const config = out as { -readonly [K in keyof LoadedConfig]: LoadedConfig[K] };
  if (config.packageName) checkPackageName(config.packageName, `${file}: packageName`);
  if (config.packageVersion) checkPackageVersion(config.packageVersion, `${file}: packageVersion`);
  if (config.packageJson) checkPackageJson(config.packageJson as Record<string, unknown>, `${file}: packageJson`);
  if (config.out) config.out = resolve(dir, config.out);
  if (config.templates) config.templates = resolve(dir, config.templates);
  // A spec that looks like a path is relative to the config file; anything else is a registry name.
  if (config.specs) config.specs = config.specs.map((s) => (looksLikePath(s) ? resolve(dir, s) : s));
  return config;
}

/** A path (has a separator or a spec file extension) rather than a registry name. */
export function looksLikePath(spec: string): boolean {
  return isAbsolute(spec) || spec.includes('/') || spec.includes('\\') || /\.(json|ya?ml)$/i.test(spec);
}

/** What `generate` was given on the command line (all optional). */
export interface GenerateFlags {
  readonly config?: string;
  readonly spec?: readonly string[];
  readonly out?: string;
  readonly templates?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

/** Flags over the config file over defaults: the settings `generate` runs with. */
export interface GenerateSettings {
  readonly config: LoadedConfig;
  /** --spec values (paths or registry names); empty when none were given. */
  readonly specs: readonly string[];
  readonly configSpecs: readonly string[];
  readonly outDir: string;
  readonly templatesDir?: string;
  readonly package: { readonly name: string; readonly version?: string; readonly fields?: Readonly<Record<string, unknown>> };
}

export const DEFAULT_PACKAGE = { name: 'stripe-client' } as const;

export function resolveGenerateSettings(flags: GenerateFlags, cwd = process.cwd()): GenerateSettings {
  const config = loadConfig({ cwd, ...(flags.config ? { path: flags.config } : {}) });
  const templates = flags.templates ? resolve(cwd, flags.templates) : config.templates;
  const version = flags.packageVersion ? checkPackageVersion(flags.packageVersion, '--package-version') : config.packageVersion;
  return {
    config,
    specs: flags.spec ?? [],
    configSpecs: config.specs ?? [],
    outDir: flags.out ? resolve(cwd, flags.out) : (config.out ?? resolve(cwd, 'generated')),
    ...(templates ? { templatesDir: templates } : {}),
    package: {
      name: flags.packageName ? checkPackageName(flags.packageName, '--package-name') : (config.packageName ?? DEFAULT_PACKAGE.name),
      // Unpinned: generate bumps it from the change set (generator/update.ts).
      ...(version ? { version } : {}),
      ...(config.packageJson ? { fields: config.packageJson } : {}),
    },
  };
}
