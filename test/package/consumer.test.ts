// The generated package is consumable as a package: a folder outside the repo installs it with
// `npm install <path-to-repo>` and imports it under plain Node (no loader), calling a local server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';
import { repoRoot } from '../support/paths.js';

requireGenerated();

let mock: MockStripe;
let consumer: string;

beforeAll(async () => {
  mock = await startMockStripe();
  consumer = mkdtempSync(join(tmpdir(), 'stripe-codegen-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  // --offline: installing a local folder needs nothing from the registry.
  await exec('npm', ['install', repoRoot, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer });
}, 120_000);

afterAll(async () => {
  await mock.close();
  rmSync(consumer, { recursive: true, force: true });
});

// Child processes run asynchronously: the mock server lives in this process and must keep answering.
const exec = promisify(execFile);
const run = async (code: string) => {
  writeFileSync(join(consumer, 'main.mjs'), code);
  const { stdout } = await exec(process.execPath, ['main.mjs'], { cwd: consumer, encoding: 'utf8', env: { ...process.env, PORT: String(mock.port) } });
  return stdout;
};

describe('npm install <repo> in a consumer folder', () => {
  it("imports Stripe from 'stripe-codegen' under plain Node and calls a local server", async () => {
    const out = await run(`
      import Stripe from 'stripe-codegen';
      const stripe = new Stripe('sk_test_123456789', { host: '127.0.0.1', port: Number(process.env.PORT), protocol: 'http' });
      const c = await stripe.customers.create({ email: 'jenny@example.com' });
      const s = await stripe.billingPortal.sessions.create({ customer: c.id });
      console.log(JSON.stringify({ id: c.id, object: c.object, status: c.lastResponse.statusCode, session: s.object, version: Stripe.API_VERSION }));
      await stripe.close();
    `);
    expect(JSON.parse(out)).toEqual({ id: expect.stringMatching(/^cus_/), object: 'customer', status: 200, session: 'billing_portal.session', version: '2023-08-16' });
    expect(mock.requests.some((r) => r.method === 'POST' && r.path === '/v1/customers' && r.body === 'email=jenny%40example.com')).toBe(true);
  });

  it('offers per-resource entry points and the runtime core', async () => {
    const out = await run(`
      import { StripeClient, StripeInvalidRequestError } from 'stripe-codegen/core';
      import { CustomersResource } from 'stripe-codegen/resources/customers';
      import { BillingPortalSessionsResource } from 'stripe-codegen/resources/billing-portal/sessions';
      const client = new StripeClient('sk_test_123456789', { host: '127.0.0.1', port: Number(process.env.PORT), protocol: 'http' }, { apiVersion: '2023-08-16' });
      const c = await new CustomersResource(client).retrieve('cus_42');
      console.log(JSON.stringify({ id: c.id, portal: typeof BillingPortalSessionsResource, err: typeof StripeInvalidRequestError }));
      await client.close();
    `);
    expect(JSON.parse(out)).toEqual({ id: 'cus_42', portal: 'function', err: 'function' });
  });
});
