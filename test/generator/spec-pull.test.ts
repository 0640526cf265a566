// `spec pull` against a local HTTP server standing in for raw.githubusercontent.com:
// success, sha256 mismatch, offline, HTTP errors, and registering a new spec by URL.
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../generator/load.js';
import { readRegistry } from '../../generator/sources.js';
import { BASE_URL_ENV, formatRegistry, upstreamUrl } from '../../generator/spec-pull.js';
import { runCli } from '../support/cli.js';
import { repoRoot, scratch, tinySpec } from '../support/paths.js';

const tinyBytes = readFileSync(tinySpec);
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
let server: Server;
let base: string;
const requests: string[] = [];
/** path -> body served; anything else is a 404. */
const served = new Map<string, Buffer>();

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url!);
    const body = served.get(req.url!);
    res.writeHead(body ? 200 : 404).end(body ?? 'not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  delete process.env[BASE_URL_ENV];
  served.clear();
  requests.length = 0;
});

function workspace() {
  const dir = scratch('pull');
  const registry = join(dir, 'sources.json');
  writeFileSync(
    registry,
    formatRegistry({
      defaultBuild: ['tiny'],
      sources: {
        tiny: { apiVersion: '2024-01-01', description: 'Tiny', files: [{ name: 'tiny.json', sha256: sha256(tinyBytes) }], upstream: { repository: 'https://github.com/acme/specs', path: 'openapi/tiny.json', commit: COMMIT } },
        sliced: { apiVersion: '2024-01-01', description: 'A slice', files: [{ name: 'sliced.json', sha256: 'x' }], upstream: { repository: 'https://github.com/acme/specs', path: 'openapi/tiny.json', slice: true } },
      },
    }),
  );
  const cache = join(dir, 'cache');
  const pull = (...args: string[]) => runCli(['spec', 'pull', ...args, '--registry', registry, '--cache', cache]);
  return { dir, registry, cache, pull };
}

describe('spec pull NAME', () => {
  it('downloads from the pinned commit into the cache and verifies the sha256; a second pull reuses it', async () => {
    const { cache, pull } = workspace();
    process.env[BASE_URL_ENV] = base;
    served.set(`/acme/specs/${COMMIT}/openapi/tiny.json`, tinyBytes);
    const r = await pull('tiny');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^tiny\\.json: ${tinyBytes.length} bytes from ${base}/acme/specs/${COMMIT}/openapi/tiny\\.json, sha256 verified$`, 'm'));
    expect(readFileSync(join(cache, 'tiny.json')).equals(tinyBytes)).toBe(true);
    const again = await pull('tiny');
    expect(again.out).toMatch(/tiny\.json: already in .*cache, sha256 verified/);
    expect(requests).toHaveLength(1);
  });

  it('refuses bytes whose sha256 differs, writing nothing', async () => {
    const { cache, pull } = workspace();
    process.env[BASE_URL_ENV] = base;
    served.set(`/acme/specs/${COMMIT}/openapi/tiny.json`, Buffer.concat([tinyBytes, Buffer.from(' ')]));
    const r = await pull('tiny');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: spec pull: ${base}/acme/specs/${COMMIT}/openapi/tiny\\.json has sha256 [0-9a-f]{64}, expected ${sha256(tinyBytes)} for tiny\\.json; nothing was written$`, 'm'));
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it('offline: one clear line and exit 2', async () => {
    const { cache, pull } = workspace();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    process.env[BASE_URL_ENV] = `http://127.0.0.1:${port}`;
    const r = await pull('tiny');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe(`error: spec pull: cannot reach 127.0.0.1:${port} (ECONNREFUSED); are you offline? nothing was written`);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(cache, 'tiny.json'))).toBe(false);
  });

  it('an HTTP error, an unknown name and a slice each exit 2 with one line', async () => {
    const { pull } = workspace();
    process.env[BASE_URL_ENV] = base;
    expect((await pull('tiny')).err).toMatch(/^error: spec pull: .*\/openapi\/tiny\.json answered HTTP 404; nothing was written$/m);
    const unknown = await pull('nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^error: spec pull: no source "nope" in .*sources\.json \(known: tiny, sliced\)$/m);
    expect((await pull('sliced')).err).toMatch(/sliced is a slice made from https:\/\/github\.com\/acme\/specs openapi\/tiny\.json, not a file upstream/);
  });
});

describe('spec pull --url URL --name NAME', () => {
  it('registers a new spec with its sha256 and API version, and keeps the registry layout', async () => {
    const { registry, cache, pull } = workspace();
    const before = readFileSync(registry, 'utf8');
    served.set('/specs/acme.json', tinyBytes);
    const r = await pull('--url', `${base}/specs/acme.json`, '--name', 'acme-2024');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/acme-2024\.json: \d+ bytes from .*, sha256 [0-9a-f]{64}; registered as acme-2024 \(API 2024-01-01\)/);
    const reg = readRegistry(registry);
    expect(reg.sources['acme-2024']).toEqual({
      apiVersion: '2024-01-01',
      description: 'Tiny Stripe, added by `spec pull --url`',
      files: [{ name: 'acme-2024.json', sha256: sha256(tinyBytes), url: `${base}/specs/acme.json` }],
      upstream: { repository: base, path: 'specs/acme.json' },
    });
    expect(readFileSync(registry, 'utf8').startsWith(before.slice(0, before.lastIndexOf('    }\n  }')))).toBe(true);
    expect(readFileSync(join(cache, 'acme-2024.json')).equals(tinyBytes)).toBe(true);
    // The new entry pulls like any other, and a name is registered once.
    expect((await pull('acme-2024')).out).toMatch(/already in .*, sha256 verified/);
    expect((await pull('--url', `${base}/specs/acme.json`, '--name', 'acme-2024')).err).toMatch(/"acme-2024" is already registered/);
  });

  it('refuses a download that is not a spec, registering nothing', async () => {
    const { registry, pull } = workspace();
    const before = readFileSync(registry, 'utf8');
    served.set('/specs/bad.json', Buffer.from('<html>'));
    const r = await pull('--url', `${base}/specs/bad.json`, '--name', 'bad');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/invalid JSON/);
    expect(readFileSync(registry, 'utf8')).toBe(before);
  });
});

describe('the real registry', () => {
  it('derives each pullable file URL from its upstream record, and keeps its own layout', () => {
    const reg = readRegistry();
    const entry = reg.sources['spec3.2023-08-16']!;
    expect(entry.files.map((f) => upstreamUrl(entry, f))).toEqual([
      'https://raw.githubusercontent.com/stripe/openapi/master/openapi/spec3.json',
      'https://raw.githubusercontent.com/stripe/openapi/master/openapi/spec3.yaml',
    ]);
    expect(upstreamUrl(reg.sources['stripe-2026-07-29.billing-meters']!, reg.sources['stripe-2026-07-29.billing-meters']!.files[0]!)).toBeUndefined();
    expect(formatRegistry(reg)).toBe(readFileSync(join(repoRoot, 'spec', 'sources.json'), 'utf8'));
  });
});
