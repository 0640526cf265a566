// Ten common tasks, written once against stripe-node's API (`import Stripe from 'stripe'`).
// test/migration/migration.test.ts compiles this file with tsc --strict and runs it through
// stripe-node and through our client; the only change between the two is the import line.
// No casts: every narrowing is a type guard a stripe-node user would write.
import Stripe from 'stripe';

export interface MockAddress {
  host: string;
  port: number;
}

export function makeClient(mock: MockAddress): Stripe {
  return new Stripe('sk_test_migration_4242', { host: mock.host, port: mock.port, protocol: 'http', maxNetworkRetries: 0 });
}

/** 1. Create a customer with metadata. */
export async function createCustomer(stripe: Stripe) {
  const customer = await stripe.customers.create({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { plan: 'gold', signup: '2024' } });
  return { id: customer.id, object: customer.object, requestId: customer.lastResponse.requestId };
}

/** 2. List with auto-pagination: for await, autoPagingEach and autoPagingToArray. */
export async function listCustomers(stripe: Stripe) {
  const viaForAwait: string[] = [];
  for await (const customer of stripe.customers.list({ limit: 2 })) viaForAwait.push(customer.id);
  const viaEach: string[] = [];
  await stripe.customers.list({ limit: 2 }).autoPagingEach((customer) => {
    viaEach.push(customer.id);
    if (viaEach.length === 3) return false;
  });
  const viaArray = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 4 });
  return { viaForAwait, viaEach, viaArray: viaArray.map((c) => c.id) };
}

/** 3. Retrieve with expand, and narrow the expandable field. */
export async function retrieveExpanded(stripe: Stripe) {
  const paymentIntent = await stripe.paymentIntents.retrieve('pi_3Migration', { expand: ['customer'] });
  const customer = paymentIntent.customer;
  if (!customer) return { customer: null };
  if (typeof customer === 'string') return { customerId: customer };
  if (customer.deleted) return { deletedCustomer: customer.id };
  return { customerId: customer.id, email: customer.email };
}

/** 4. Handle a card error by err.type. */
export async function cardError(stripe: Stripe) {
  try {
    await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true });
    return { declined: false };
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError && err.type === 'StripeCardError') {
      return { declined: true, type: err.type, rawType: err.rawType, code: err.code, decline_code: err.decline_code, doc_url: err.doc_url, statusCode: err.statusCode, requestId: err.requestId };
    }
    throw err;
  }
}

/** 5. Construct a webhook event and switch on event.type. */
export function handleWebhook(payload: string, secret: string) {
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const event = Stripe.webhooks.constructEvent(payload, header, secret);
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { type: event.type, amount: event.data.object.amount, currency: event.data.object.currency };
    case 'customer.created':
      return { type: event.type, email: event.data.object.email };
    default:
      return { type: event.type };
  }
}

/** 6. Create a payment intent with an idempotency key. */
export async function idempotentPaymentIntent(stripe: Stripe) {
  const paymentIntent = await stripe.paymentIntents.create({ amount: 1099, currency: 'eur', automatic_payment_methods: { enabled: true } }, { idempotencyKey: 'order-42-attempt-1' });
  return { id: paymentIntent.id, status: paymentIntent.status, amount: paymentIntent.amount };
}

/** 7. Upload a file. */
export async function uploadFile(stripe: Stripe) {
  const file = await stripe.files.create({
    purpose: 'dispute_evidence',
    file: { data: Buffer.from('receipt #42: one T-shirt'), name: 'receipt.txt', type: 'text/plain' },
  });
  return { id: file.id, object: file.object };
}

/** 8. Search. */
export async function searchCustomers(stripe: Stripe) {
  const result = await stripe.customers.search({ query: "email:'jenny@example.com' AND metadata['plan']:'gold'", limit: 2 });
  return { ids: result.data.map((c) => c.id), has_more: result.has_more, next_page: result.next_page };
}

/** 9. Update subscription items. */
export async function updateSubscriptionItems(stripe: Stripe) {
  const subscription = await stripe.subscriptions.update('sub_1Migration', {
    items: [{ id: 'si_1Keep', quantity: 2 }, { id: 'si_2Drop', deleted: true }, { price: 'price_1New' }],
    proration_behavior: 'none',
  });
  const item = await stripe.subscriptionItems.update('si_1Keep', { quantity: 3, metadata: { seat_pack: 'large' } });
  return { subscription: subscription.id, item: item.id };
}

/** 10. Delete. */
export async function deleteCustomer(stripe: Stripe) {
  const deleted = await stripe.customers.del('cus_Migration');
  return { id: deleted.id, deleted: deleted.deleted };
}
