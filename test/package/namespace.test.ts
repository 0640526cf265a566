// `import Stripe from 'stripe-codegen'` is both the class and stripe-node's type namespace. A consumer
// folder (the package linked into node_modules, as npm links a local install) is compiled with
// `tsc --strict` and `skipLibCheck: false`, so every .d.ts the names pull in is checked too; then the
// value side (`Stripe.errors`, `Stripe.StripeError`) runs under plain Node.
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { repoRoot, scratch } from '../support/paths.js';

requireGenerated();
const exec = promisify(execFile);
let consumer: string;

beforeAll(() => {
  consumer = scratch('namespace');
  mkdirSync(join(consumer, 'node_modules', '@types'), { recursive: true });
  symlinkSync(join(repoRoot, 'generated'), join(consumer, 'node_modules', 'stripe-codegen'));
  // The runtime's declarations use Node's types (a Node consumer has them).
  symlinkSync(join(repoRoot, 'node_modules', '@types', 'node'), join(consumer, 'node_modules', '@types', 'node'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
});

const CONSUMER = `
import Stripe, { StripeCardError, type CheckoutSessionCreateParams, type Customer, type CustomerCreateParams, type PaginationParams } from 'stripe-codegen';
import type { PaginationParams as CorePaginationParams } from 'stripe-codegen/core';

const stripe = new Stripe('sk_test_123');

export async function signUp(params: Stripe.CustomerCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.Customer> {
  const customer: Stripe.Customer = await stripe.customers.create(params, options);
  const named: Customer = customer; // the named exports are the same types
  const namedParams: CustomerCreateParams = params;
  const namedSession: Stripe.Checkout.SessionCreateParams = {} as CheckoutSessionCreateParams;
  const listParams: Stripe.CustomerListParams = { limit: 3, email: customer.email ?? undefined };
  const page: Stripe.ApiList<Stripe.Customer> = await stripe.customers.list(listParams);
  const deleted: Stripe.DeletedCustomer = await stripe.customers.del(customer.id);
  const sessionParams: Stripe.Checkout.SessionCreateParams = { mode: 'payment', success_url: 'https://example.com' };
  const session: Stripe.Checkout.Session = await stripe.checkout.sessions.create(sessionParams);
  const cardholders: Stripe.Issuing.CardholderListParams = { status: 'active' };
  const meter: Stripe.V2.Billing.MeterEventSessionCreateParams = {};
  const confirm: Stripe.PaymentIntentConfirmParams = { payment_method: 'pm_card_visa' };
  const metadata: Stripe.Metadata = { plan: 'gold' };
  const unset: Stripe.Emptyable<Stripe.MetadataParam> = '';
  const address: Stripe.AddressParam = { city: 'Paris', country: 'FR' };
  const updated = await stripe.customers.update(customer.id, { address, metadata: unset === '' ? '' : metadata });
  const range: Stripe.RangeQueryParam = { gte: 1 };
  const paging: Stripe.PaginationParams = { limit: 10 };
  // List params extend PaginationParams (one interface in the runtime): the cursors are still theirs.
  const cursors: Stripe.CustomerListParams = { limit: 3, starting_after: 'cus_1', ending_before: 'cus_0', email: 'x' };
  const fromCursors: PaginationParams & CorePaginationParams = cursors;
  // @ts-expect-error limit is a number
  const badLimit: Stripe.CustomerListParams = { limit: 'x' };
  // @ts-expect-error a cursor is a string
  const badCursor: Stripe.PaymentIntentListParams = { starting_after: 3 };
  const charges = stripe.charges.list({ created: range, ...paging });
  const config: Stripe.StripeConfig = { maxNetworkRetries: 1 };
  const promise: Stripe.ApiListPromise<Stripe.Invoice> = stripe.invoices.list();
  // @ts-expect-error a misspelt parameter is an error
  const typo: Stripe.CustomerCreateParams = { emial: 'jenny@example.com' };
  void [named, namedParams, namedSession, updated, charges, page, deleted, session, cardholders, meter, confirm, metadata, unset, config, promise, typo, fromCursors, badLimit, badCursor];
  return customer;
}

export function describeEvent(event: Stripe.Event): string {
  return event.type + (event.data.object as { id?: string }).id;
}

export function classify(err: unknown): string {
  if (err instanceof Stripe.errors.StripeCardError) {
    const card: Stripe.errors.StripeCardError = err;
    const same: StripeCardError = card;
    return 'card ' + same.decline_code;
  }
  if (err instanceof Stripe.errors.RateLimitError) return 'v2 rate limit';
  if (err instanceof Stripe.StripeError) {
    const base: Stripe.StripeError = err;
    return base.type ?? 'stripe';
  }
  return 'other';
}
`;

describe("import Stripe from 'stripe-codegen': the class and its type namespace", () => {
  it('a strict consumer using stripe-node\'s type names compiles with skipLibCheck off', async () => {
    writeFileSync(join(consumer, 'consumer.ts'), CONSUMER);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'] },
        files: ['consumer.ts'],
      }),
    );
    let output = '';
    try {
      await exec(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', consumer], { cwd: consumer, encoding: 'utf8' });
    } catch (err) {
      output = String((err as { stdout?: string }).stdout || err);
    }
    expect(output).toBe('');
  }, 120_000);

  it('Stripe.errors holds the runtime error classes themselves, and named exports stay', async () => {
    writeFileSync(
      join(consumer, 'errors.mjs'),
      `import Stripe, * as pkg from 'stripe-codegen';
       const err = new Stripe.errors.StripeCardError({ message: 'declined', declineCode: 'insufficient_funds' });
       const exported = Object.entries(pkg).filter(([, v]) => typeof v === 'function' && (v === pkg.StripeError || v.prototype instanceof pkg.StripeError)).map(([k]) => k).sort();
       console.log(JSON.stringify({
         card: err instanceof pkg.StripeCardError && err instanceof Stripe.StripeError && Stripe.StripeError === pkg.StripeError,
         missing: exported.filter((k) => Stripe.errors[k] !== pkg[k]),
         count: Object.keys(Stripe.errors).length,
         namedDefault: pkg.Stripe === Stripe,
       }));`,
    );
    const { stdout } = await exec(process.execPath, ['errors.mjs'], { cwd: consumer, encoding: 'utf8' });
    const out = JSON.parse(stdout) as { card: boolean; missing: string[]; count: number; namedDefault: boolean };
    expect(out).toEqual({ card: true, missing: [], count: expect.any(Number), namedDefault: true });
    expect(out.count).toBeGreaterThanOrEqual(34);
  });
});
