// Child process for migration.test.ts: imports one variant of tasks.ts (stripe-node's or ours,
// same code but the import line), runs the ten tasks against the mock server given on the command
// line, and prints their results as JSON. A separate process so each client resolves its package
// the way a user's program does.
import { pathToFileURL } from 'node:url';

type Tasks = typeof import('./tasks.js');

const [modPath, host, port] = process.argv.slice(2);
const t = (await import(pathToFileURL(modPath!).href)) as Tasks;
const stripe = t.makeClient({ host: host!, port: Number(port) });
const secret = 'whsec_migration_secret';
const event = (type: string, object: object): string =>
  JSON.stringify({ id: `evt_${type}`, object: 'event', api_version: '2023-08-16', created: 1_700_000_000, livemode: false, pending_webhooks: 0, request: null, type, data: { object } });

const results = {
  createCustomer: await t.createCustomer(stripe),
  listCustomers: await t.listCustomers(stripe),
  retrieveExpanded: await t.retrieveExpanded(stripe),
  cardError: await t.cardError(stripe),
  handleWebhook: [
    t.handleWebhook(event('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent', amount: 2000, currency: 'usd' }), secret),
    t.handleWebhook(event('customer.created', { id: 'cus_1', object: 'customer', email: 'jenny@example.com' }), secret),
    t.handleWebhook(event('charge.refunded', { id: 'ch_1', object: 'charge' }), secret),
  ],
  idempotentPaymentIntent: await t.idempotentPaymentIntent(stripe),
  uploadFile: await t.uploadFile(stripe),
  searchCustomers: await t.searchCustomers(stripe),
  updateSubscriptionItems: await t.updateSubscriptionItems(stripe),
  deleteCustomer: await t.deleteCustomer(stripe),
};
process.stdout.write(JSON.stringify(results));
