// Issue 13, "code written for stripe-node runs unchanged": tasks.ts is written once against
// stripe-node's API. Here it is copied twice into a consumer folder, once as is and once with
// its import line pointing at our package; both copies type-check under tsc --strict, contain no
// casts, and produce the same results and the same requests against the same local mock.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireGenerated } from '../support/built.js';
import { startMockStripe, type MockStripe, type RecordedRequest } from '../support/mock-server.js';
import { repoRoot, scratch } from '../support/paths.js';

requireGenerated();

const run = promisify(execFile);
const STRIPE_IMPORT = "import Stripe from 'stripe';";
/** The only line that changes: our package, linked into the consumer's node_modules as an install would put it. */
const OUR_IMPORT = "import Stripe from 'stripe-codegen';";
const source = readFileSync(join(repoRoot, 'test', 'migration', 'tasks.ts'), 'utf8');

let dir: string;
let mock: MockStripe;

beforeAll(async () => {
  dir = scratch('migration');
  writeFileSync(join(dir, 'stripe-node.ts'), source);
  writeFileSync(join(dir, 'ours.ts'), source.replace(STRIPE_IMPORT, OUR_IMPORT));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], skipLibCheck: true },
      files: ['stripe-node.ts', 'ours.ts'],
    }),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  // `stripe` and `@types/node` resolve from the repo's node_modules (a parent folder).
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(repoRoot, 'generated'), join(dir, 'node_modules', 'stripe-codegen'), 'dir');
  mock = await startMockStripe();
});
afterAll(async () => {
  await mock?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Answers the tasks need beyond the mock's defaults: a declined card, an expanded customer. */
function routes(m: MockStripe): void {
  m.route('POST', '/v1/payment_intents', (req) => {
    const form = new URLSearchParams(req.body);
    if (form.get('payment_method') === 'pm_card_chargeDeclined') {
      return {
        status: 402,
        body: {
          error: {
            type: 'card_error',
            code: 'card_declined',
            decline_code: 'insufficient_funds',
            message: 'Your card has insufficient funds.',
            doc_url: 'https://stripe.com/docs/error-codes/card-declined',
            param: '',
          },
        },
      };
    }
    return { body: { id: 'pi_3Created', object: 'payment_intent', amount: Number(form.get('amount')), currency: form.get('currency'), status: 'requires_payment_method' } };
  });
  m.route('GET', '/v1/payment_intents/pi_3Migration', (req) => ({
    body: {
      id: 'pi_3Migration',
      object: 'payment_intent',
      customer: req.query.includes('expand') ? { id: 'cus_Expanded', object: 'customer', email: 'jenny@example.com' } : 'cus_Expanded',
    },
  }));
}

/** Casts a migrating user would have to write: `x as T`, `<T>x`, `x!` (`as const` is not a cast). */
function casts(code: string): string[] {
  const sf = ts.createSourceFile('tasks.ts', code, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    const isConstAssertion = ts.isAsExpression(n) && ts.isTypeReferenceNode(n.type) && n.type.typeName.getText(sf) === 'const';
    if ((ts.isAsExpression(n) && !isConstAssertion) || ts.isTypeAssertionExpression(n) || ts.isNonNullExpression(n) || ts.isSatisfiesExpression(n)) found.push(n.getText(sf));
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** What the server saw, minus what legitimately differs per client (ids, user agents, multipart boundary). */
function normalise(reqs: RecordedRequest[]): unknown[] {
  return reqs.map((r) => ({
    method: r.method,
    path: r.path,
    query: decodeURIComponent(r.query),
    body: r.headers['content-type']?.startsWith('multipart/form-data') ? r.body.replace(/-{2,}[\w.-]+/g, '--BOUNDARY').replace(/boundary=[\w.-]+/, '') : r.body,
    // stripe-node also labels bodiless GETs and DELETEs as form-encoded; we send no Content-Type without a body.
    contentType: r.body ? r.headers['content-type']?.replace(/boundary=.*/, 'boundary=*') : undefined,
    idempotencyKey: r.headers['idempotency-key']?.startsWith('order-') ? r.headers['idempotency-key'] : r.method === 'POST' ? 'generated' : undefined,
    stripeVersion: r.headers['stripe-version'] !== undefined,
    authorization: r.headers.authorization,
  }));
}

async function runVariant(file: string): Promise<{ results: Record<string, unknown>; requests: unknown[] }> {
  // A fresh server per client: its ids and request ids count from 1 for each.
  await mock.close();
  mock = await startMockStripe();
  routes(mock);
  const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const { stdout } = await run(process.execPath, [tsx, join(repoRoot, 'test', 'migration', 'run-tasks.ts'), join(dir, file), mock.host, String(mock.port)], { cwd: dir, timeout: 60_000 });
  return { results: JSON.parse(stdout) as Record<string, unknown>, requests: normalise(mock.requests) };
}

describe('the ten stripe-node tasks, unchanged but for the import line', () => {
  it('differ from stripe-node\'s copy in exactly one line, and contain no casts', () => {
    const ours = readFileSync(join(dir, 'ours.ts'), 'utf8').split('\n');
    const theirs = source.split('\n');
    expect(ours.length).toBe(theirs.length);
    expect(ours.filter((l, i) => l !== theirs[i])).toEqual([OUR_IMPORT]);
    expect(casts(source)).toEqual([]);
  });

  it('type-check with tsc --strict against both packages with zero errors', async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir }).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => String(e.stdout ?? e),
    );
    expect(out.trim()).toBe('');
  }, 120_000);

  it('give the same results and send the same requests through both clients', async () => {
    const theirs = await runVariant('stripe-node.ts');
    const ours = await runVariant('ours.ts');
    expect(ours.results).toEqual(theirs.results);
    expect(ours.requests).toEqual(theirs.requests);
    // The results are the tasks' real outcomes, not two identical failures.
    expect(ours.results.cardError).toMatchObject({ declined: true, type: 'StripeCardError', rawType: 'card_error', decline_code: 'insufficient_funds', statusCode: 402 });
    expect(ours.results.handleWebhook).toEqual([
      { type: 'payment_intent.succeeded', amount: 2000, currency: 'usd' },
      { type: 'customer.created', email: 'jenny@example.com' },
      { type: 'charge.refunded' },
    ]);
    expect(ours.results.retrieveExpanded).toEqual({ customerId: 'cus_Expanded', email: 'jenny@example.com' });
    expect(ours.results.deleteCustomer).toMatchObject({ deleted: true });
    expect((ours.results.listCustomers as { viaForAwait: string[] }).viaForAwait).toHaveLength(6);
    expect(ours.requests).toContainEqual(expect.objectContaining({ method: 'POST', path: '/v1/payment_intents', idempotencyKey: 'order-42-attempt-1' }));
  }, 120_000);
});
