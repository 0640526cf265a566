// The repo's default build (generated/, a complete package) is consumable as a package: a folder
// outside the repo installs it with `npm install <path>/generated` and imports it under plain Node
// (no loader), as ESM and as CommonJS, calling a local server. test/package/team-flow.test.ts does
// the same from packed tarballs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedPackage, requireGenerated } from '../support/built.js';
import { startMockStripe, type MockStripe } from '../support/mock-server.js';

requireGenerated();

let mock: MockStripe;
let consumer: string;

beforeAll(async () => {
  mock = await startMockStripe();
  consumer = mkdtempSync(join(tmpdir(), 'stripe-codegen-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  // --offline: installing a local folder needs nothing from the registry.
  await exec('npm', ['install', generatedPackage, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumer });
}, 120_000);

afterAll(async () => {
  await mock.close();
  rmSync(consumer, { recursive: true, force: true });
});

// Child processes run asynchronously: the mock server lives in this process and must keep answering.
const exec = promisify(execFile);
const run = async (code: string, file = 'main.mjs') => {
  writeFileSync(join(consumer, file), code);
  const { stdout } = await exec(process.execPath, [file], { cwd: consumer, encoding: 'utf8', env: { ...process.env, PORT: String(mock.port) } });
  return stdout;
};

describe('npm install <repo>/generated in a consumer folder', () => {
  it("imports Stripe from 'stripe-codegen-client' under plain Node and calls a local server", async () => {
    const out = await run(`
      import Stripe from 'stripe-codegen-client';
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
      import { StripeClient, StripeInvalidRequestError } from 'stripe-codegen-client/core';
      import { CustomersResource } from 'stripe-codegen-client/resources/customers';
      import { BillingPortalSessionsResource } from 'stripe-codegen-client/resources/billing-portal/sessions';
      const client = new StripeClient('sk_test_123456789', { host: '127.0.0.1', port: Number(process.env.PORT), protocol: 'http' }, { apiVersion: '2023-08-16' });
      const c = await new CustomersResource(client).retrieve('cus_42');
      console.log(JSON.stringify({ id: c.id, portal: typeof BillingPortalSessionsResource, err: typeof StripeInvalidRequestError }));
      await client.close();
    `);
    expect(JSON.parse(out)).toEqual({ id: 'cus_42', portal: 'function', err: 'function' });
  });

  it('is required from CommonJS, called with or without new, one runtime per format', async () => {
    mock.enqueue({ type: 'status', status: 404, path: '/v1/customers/cus_missing_404', body: { error: { type: 'invalid_request_error', message: 'No such customer' } } });
    const out = await run(
      `
      const Stripe = require('stripe-codegen-client');
      const { StripeError } = require('stripe-codegen-client/core');
      const { CustomersResource } = require('stripe-codegen-client/resources/customers');
      const config = { host: '127.0.0.1', port: Number(process.env.PORT), protocol: 'http', maxNetworkRetries: 0 };
      (async () => {
        const a = new Stripe('sk_test_123456789', config);
        const b = require('stripe-codegen-client')('sk_test_123456789', config);
        const c = await b.customers.retrieve('cus_7');
        let err;
        try { await a.customers.retrieve('cus_missing_404'); } catch (e) { err = e; }
        console.log(JSON.stringify({
          id: c.id, sameClass: a instanceof Stripe && b instanceof Stripe, default: Stripe.default === Stripe && Stripe.Stripe === Stripe,
          errors: Stripe.StripeError === StripeError, thrown: err instanceof StripeError, resource: typeof CustomersResource,
          version: Stripe.API_VERSION,
        }));
        await a.close(); await b.close();
      })();
    `,
      'main.cjs',
    );
    expect(JSON.parse(out)).toEqual({ id: 'cus_7', sameClass: true, default: true, errors: true, thrown: true, resource: 'function', version: '2023-08-16' });
  });
});
