// Base addresses per host kind, and keeping the runtime cheap to import.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveOrigins } from '../../runtime/config.js';

describe('resolveOrigins', () => {
  it.each<[string, Parameters<typeof resolveOrigins>[0], Record<string, string>]>([
    ['defaults', {}, { api: 'https://api.stripe.com', files: 'https://files.stripe.com', meterEvents: 'https://meter-events.stripe.com', connect: 'https://connect.stripe.com' }],
    ['host overrides all', { host: 'proxy.local' }, { api: 'https://proxy.local', files: 'https://proxy.local', meterEvents: 'https://proxy.local', connect: 'https://proxy.local' }],
    ['http with port', { host: '127.0.0.1', port: 12111, protocol: 'http' }, { api: 'http://127.0.0.1:12111', files: 'http://127.0.0.1:12111', meterEvents: 'http://127.0.0.1:12111', connect: 'http://127.0.0.1:12111' }],
    ['default port dropped', { port: 443 }, { api: 'https://api.stripe.com', files: 'https://files.stripe.com', meterEvents: 'https://meter-events.stripe.com', connect: 'https://connect.stripe.com' }],
    ['port only', { port: '8443' }, { api: 'https://api.stripe.com:8443', files: 'https://files.stripe.com:8443', meterEvents: 'https://meter-events.stripe.com:8443', connect: 'https://connect.stripe.com:8443' }],
  ])('%s', (_n, config, expected) => {
    expect(resolveOrigins(config)).toEqual(expected);
  });
});

describe('import cost', () => {
  it('only the undici transport module imports undici (the client loads it lazily)', () => {
    const root = fileURLToPath(new URL('../../runtime/', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('meter-events'));
    const importers = files.filter((f) => /from 'undici'/.test(readFileSync(root + f, 'utf8'))).sort();
    expect(importers).toEqual(['transport/undici.ts']);
  });
});
