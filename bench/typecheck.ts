// bench/typecheck: what a consumer pays in `tsc --noEmit` (CPU seconds, peak memory; TypeScript 5.9,
// skipLibCheck on) for one small file that uses five resources, written against this client (as the
// full `Stripe` class and as per-resource imports) and against the `stripe` npm package, plus an empty
// file as the baseline, all in the same run. The Stripe-class consumers also name types through the
// `Stripe` namespace (`Stripe.CustomerCreateParams`). Needs `npm run generate` first (it reads generated/dist/).
// Run: npm run bench:typecheck  (RUNS=3 by default)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'generated', 'dist', 'esm', 'index.d.ts'))) throw new Error('run `npm run generate` first: generated/dist/ is missing');
const work = join(root, 'bench', '.work', 'typecheck');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
// The repo's default build (generated/) is the package; installed here under the name the consumers use.
symlinkSync(join(root, 'generated'), join(work, 'node_modules', 'stripe-codegen'));
symlinkSync(join(root, 'node_modules', 'stripe'), join(work, 'node_modules', 'stripe'));
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));

const USE = `
export async function run() {
  const c = await stripe.customers.create({ email: 'jenny@example.com' });
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: c.id });
  const subs = await stripe.subscriptions.list({ customer: c.id, limit: 3 });
  const inv = await stripe.invoices.retrieve('in_123');
  const prod = await stripe.products.update('prod_123', { name: 'Gold' });
  return [c.email, pi.status, subs.data.length, inv.total, prod.name];
}
`;
// Type names through the `Stripe` namespace, as stripe-node users write them (both packages have them).
const NAMES = `
export const typed = (c: Stripe.Customer, p: Stripe.CustomerCreateParams, s: Stripe.Checkout.SessionCreateParams, e: Stripe.Event): unknown[] => [c, p, s, e];
`;
const consumers: Record<string, string> = {
  empty: 'export {};\n',
  'stripe-node': `import Stripe from 'stripe';\nconst stripe = new Stripe('sk_test_123');\n${USE}${NAMES}`,
  'stripe-codegen (Stripe class)': `import Stripe from 'stripe-codegen';\nconst stripe = new Stripe('sk_test_123');\n${USE}${NAMES}`,
  'stripe-codegen (per-resource imports)': `import { StripeClient } from 'stripe-codegen/core';
import { CustomersResource } from 'stripe-codegen/resources/customers';
import { InvoicesResource } from 'stripe-codegen/resources/invoices';
import { PaymentIntentsResource } from 'stripe-codegen/resources/payment-intents';
import { ProductsResource } from 'stripe-codegen/resources/products';
import { SubscriptionsResource } from 'stripe-codegen/resources/subscriptions';
const client = new StripeClient('sk_test_123');
const stripe = {
  customers: new CustomersResource(client),
  paymentIntents: new PaymentIntentsResource(client),
  subscriptions: new SubscriptionsResource(client),
  invoices: new InvoicesResource(client),
  products: new ProductsResource(client),
};
${USE}`,
};

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const runs = Number(process.env.RUNS ?? 3);
const results: Record<string, { cpu: number; rssMb: number }> = {};
Object.entries(consumers).forEach(([name, code], i) => {
  const file = `consumer${i}.ts`;
  writeFileSync(join(work, file), code);
  const project = join(work, `tsconfig.${i}.json`);
  writeFileSync(
    project,
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] },
      files: [file],
    }),
  );
  const cpu: number[] = [];
  const rss: number[] = [];
  spawnTimed(project); // warm the file cache; also fails early if the consumer does not compile
  for (let r = 0; r < runs; r++) {
    const res = spawnTimed(project);
    cpu.push(res.cpu);
    rss.push(res.rssKb / 1024);
  }
  results[name] = { cpu: median(cpu), rssMb: median(rss) };
});

/** GNU time reports user+system CPU seconds and the peak RSS of the compiler process. */
function spawnTimed(project: string): { cpu: number; rssKb: number } {
  try {
    execFileSync('/usr/bin/time', ['-o', join(work, 'time.txt'), '-f', '%U %S %M', process.execPath, tsc, '-p', project], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`tsc failed for ${project}:\n${String((err as { stdout?: Buffer }).stdout ?? err)}`);
  }
  const [u, s, m] = (readFileSync(join(work, 'time.txt'), 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { cpu: u! + s!, rssKb: m! };
}

const base = results.empty!;
const added = (n: string) => results[n]!.cpu - base.cpu;
const rows: [string, string][] = Object.entries(results).map(([n, r]) => [n, `${r.cpu.toFixed(2)} CPU-s, ${r.rssMb.toFixed(0)} MB peak${n === 'empty' ? '' : `, +${added(n).toFixed(2)} CPU-s over empty`}`]);
rows.push(['ratio, Stripe class vs stripe-node (added cost; goal <= 0.5)', (added('stripe-codegen (Stripe class)') / added('stripe-node')).toFixed(2)]);
rows.push(['ratio, per-resource imports vs stripe-node (added cost; goal <= 0.5)', (added('stripe-codegen (per-resource imports)') / added('stripe-node')).toFixed(2)]);
report('typecheck', rows);
