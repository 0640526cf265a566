// bench/typecheck-expand: what typed `expand` costs a consumer's compiler. One file makes 50 calls with
// literal `expand` paths (retrieve, create, update, list, search; nested to four levels, list items) and
// reads the expanded fields; its twin makes the same 50 calls without `expand` and reads the same fields.
// Both are checked by `tsc --noEmit` (CPU seconds, median of RUNS) in the same run, on TypeScript 5.9 and 7,
// next to an empty file. Goal: with-expand / without-expand <= 1.2. Needs `npm run generate` (reads dist/).
// Run: npm run bench:typecheck-expand  (RUNS=5 by default)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'dist', 'generated', 'index.d.ts'))) throw new Error('run `npm run generate` first: dist/ is missing');
const work = join(root, 'bench', '.work', 'typecheck-expand');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
symlinkSync(join(root, 'generated'), join(work, 'node_modules', 'stripe-codegen'));
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));

/** [call up to its params object's fields, expand paths, fields read from the result]; `{P}` marks where params go. */
const CALLS: [string, string[], string][] = [
  [`stripe.charges.retrieve('ch_1', {P})`, ['customer'], 'customer'],
  [`stripe.charges.retrieve('ch_2', {P})`, ['customer', 'balance_transaction'], 'balance_transaction'],
  [`stripe.charges.retrieve('ch_3', {P})`, ['invoice.subscription'], 'invoice'],
  [`stripe.charges.retrieve('ch_4', {P})`, ['invoice.subscription.latest_invoice.payment_intent'], 'invoice'],
  [`stripe.charges.retrieve('ch_5', {P})`, ['refunds', 'refunds.data.balance_transaction'], 'refunds'],
  [`stripe.charges.update('ch_6', { description: 'x', P })`, ['payment_intent', 'review'], 'payment_intent'],
  [`stripe.charges.capture('ch_7', {P})`, ['balance_transaction'], 'balance_transaction'],
  [`stripe.customers.retrieve('cus_1', {P})`, ['default_source'], 'id'],
  [`stripe.customers.retrieve('cus_2', {P})`, ['tax_ids', 'subscriptions.data.latest_invoice'], 'id'],
  [`stripe.customers.create({ email: 'a@b.c', P })`, ['default_source', 'test_clock'], 'default_source'],
  [`stripe.customers.update('cus_3', { name: 'n', P })`, ['invoice_settings.default_payment_method'], 'invoice_settings'],
  [`stripe.customers.retrieveTaxId('cus_4', 'txi_1', {P})`, ['customer'], 'customer'],
  [`stripe.paymentIntents.retrieve('pi_1', {P})`, ['customer', 'latest_charge'], 'latest_charge'],
  [`stripe.paymentIntents.create({ amount: 1, currency: 'usd', P })`, ['customer', 'payment_method'], 'payment_method'],
  [`stripe.paymentIntents.update('pi_2', { amount: 2, P })`, ['latest_charge.balance_transaction'], 'latest_charge'],
  [`stripe.paymentIntents.confirm('pi_3', {P})`, ['invoice.subscription', 'review'], 'invoice'],
  [`stripe.paymentIntents.capture('pi_4', {P})`, ['latest_charge.customer'], 'latest_charge'],
  [`stripe.paymentIntents.cancel('pi_5', {P})`, ['on_behalf_of'], 'on_behalf_of'],
  [`stripe.subscriptions.retrieve('sub_1', {P})`, ['latest_invoice', 'customer'], 'latest_invoice'],
  [`stripe.subscriptions.retrieve('sub_2', {P})`, ['latest_invoice.payment_intent.latest_charge'], 'latest_invoice'],
  [`stripe.subscriptions.update('sub_3', { cancel_at_period_end: true, P })`, ['default_payment_method'], 'default_payment_method'],
  [`stripe.subscriptions.create({ customer: 'cus_1', P })`, ['latest_invoice.payment_intent', 'pending_setup_intent'], 'latest_invoice'],
  [`stripe.subscriptions.cancel('sub_4', {P})`, ['schedule'], 'schedule'],
  [`stripe.invoices.retrieve('in_1', {P})`, ['subscription', 'customer'], 'subscription'],
  [`stripe.invoices.retrieve('in_2', {P})`, ['discounts', 'charge.balance_transaction'], 'charge'],
  [`stripe.invoices.finalizeInvoice('in_3', {P})`, ['payment_intent'], 'payment_intent'],
  [`stripe.invoices.pay('in_4', {P})`, ['charge', 'default_payment_method'], 'charge'],
  [`stripe.invoices.update('in_5', { description: 'd', P })`, ['lines.data.price.product'], 'lines'],
  [`stripe.checkout.sessions.retrieve('cs_1', {P})`, ['line_items', 'payment_intent'], 'payment_intent'],
  [`stripe.checkout.sessions.retrieve('cs_2', {P})`, ['line_items.data.price.product', 'subscription.latest_invoice'], 'subscription'],
  [`stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://example.com', P })`, ['customer'], 'customer'],
  [`stripe.refunds.retrieve('re_1', {P})`, ['charge', 'balance_transaction'], 'charge'],
  [`stripe.refunds.create({ charge: 'ch_1', P })`, ['payment_intent.customer'], 'payment_intent'],
  [`stripe.setupIntents.retrieve('seti_1', {P})`, ['payment_method', 'customer'], 'payment_method'],
  [`stripe.setupIntents.confirm('seti_2', {P})`, ['latest_attempt'], 'latest_attempt'],
  [`stripe.disputes.retrieve('dp_1', {P})`, ['charge.customer', 'payment_intent'], 'charge'],
  [`stripe.transfers.retrieve('tr_1', {P})`, ['destination', 'balance_transaction'], 'destination'],
  [`stripe.payouts.retrieve('po_1', {P})`, ['balance_transaction', 'destination'], 'balance_transaction'],
  [`stripe.billing.creditGrants.retrieve('credgr_1', {P})`, ['customer'], 'customer'],
  // lists and searches: every item narrows
  [`stripe.charges.list({ limit: 3, P })`, ['data.customer'], 'data'],
  [`stripe.charges.list({ limit: 4, P })`, ['data.invoice.subscription.default_payment_method'], 'data'],
  [`stripe.charges.search({ query: 'q', P })`, ['data.customer', 'data.payment_intent'], 'data'],
  [`stripe.customers.list({ limit: 5, P })`, ['data.default_source', 'data.tax_ids'], 'data'],
  [`stripe.customers.search({ query: 'q', P })`, ['data.test_clock'], 'data'],
  [`stripe.paymentIntents.list({ limit: 6, P })`, ['data.latest_charge.balance_transaction'], 'data'],
  [`stripe.subscriptions.list({ limit: 7, P })`, ['data.latest_invoice', 'data.customer'], 'data'],
  [`stripe.subscriptions.search({ query: 'q', P })`, ['data.default_payment_method'], 'data'],
  [`stripe.invoices.list({ limit: 8, P })`, ['data.subscription', 'data.charge'], 'data'],
  [`stripe.invoices.search({ query: 'q', P })`, ['data.payment_intent.latest_charge'], 'data'],
  [`stripe.checkout.sessions.list({ limit: 9, P })`, ['data.payment_intent', 'data.subscription'], 'data'],
];

const file = (withExpand: boolean): string =>
  `import Stripe from 'stripe-codegen';
const stripe = new Stripe('sk_test_123');
const seen: unknown[] = [];
export async function run() {
${CALLS.map(([call, paths, field], i) => {
  const p = withExpand ? `expand: ${JSON.stringify(paths).replace(/"/g, "'")}` : '';
  const text = call.replace('{P}', withExpand ? `{ ${p} }` : '{}').replace(', P })', withExpand ? `, ${p} })` : ' })');
  return `  const r${i} = await ${text};\n  seen.push(r${i}.${field});`;
}).join('\n')}
  return seen;
}
`;
if (CALLS.length !== 50) throw new Error(`expected 50 calls, have ${CALLS.length}`);

const consumers: Record<string, string> = { empty: 'export {};\n', 'without expand': file(false), 'with expand': file(true) };
const compilers = [
  ['TypeScript 5.9', join(root, 'node_modules', 'typescript', 'bin', 'tsc')],
  ['TypeScript 7', join(root, 'node_modules', 'typescript-7', 'bin', 'tsc')],
] as const;
const runs = Number(process.env.RUNS ?? 5);

const rows: [string, string][] = [];
for (const [label, tsc] of compilers) {
  const cpu: Record<string, number> = {};
  const files = Object.entries(consumers).map(([name, code], i) => {
    writeFileSync(join(work, `consumer${i}.ts`), code);
    const project = join(work, `tsconfig.${i}.json`);
    writeFileSync(
      project,
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] },
        files: [`consumer${i}.ts`],
      }),
    );
    spawnTimed(tsc, project); // warm the file cache; fails early if the consumer does not compile
    return { name, project, samples: [] as number[] };
  });
  // Interleaved rounds, so a noisy neighbour on a shared machine hits every file alike.
  for (let r = 0; r < runs; r++) for (const f of files) f.samples.push(spawnTimed(tsc, f.project));
  for (const f of files) cpu[f.name] = median(f.samples);
  const added = (n: string) => cpu[n]! - cpu.empty!;
  for (const f of files) rows.push([`${label}: ${f.name}`, `${cpu[f.name]!.toFixed(2)} CPU-s${f.name === 'empty' ? '' : `, +${added(f.name).toFixed(2)} over empty`}`]);
  rows.push([`${label}: ratio, with / without expand (goal <= 1.2)`, (cpu['with expand']! / cpu['without expand']!).toFixed(2)]);
  rows.push([`${label}: ratio of added cost over empty`, (added('with expand') / added('without expand')).toFixed(2)]);
}

/** GNU time reports user+system CPU seconds of the compiler process. */
function spawnTimed(tsc: string, project: string): number {
  try {
    execFileSync('/usr/bin/time', ['-o', join(work, 'time.txt'), '-f', '%U %S', process.execPath, tsc, '-p', project], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`tsc failed for ${project}:\n${String((err as { stdout?: Buffer }).stdout ?? err)}`);
  }
  const [u, s] = (readFileSync(join(work, 'time.txt'), 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return u! + s!;
}

report(`typecheck-expand (50 calls, RUNS=${runs}, median CPU seconds)`, rows);
