// Naming step: every operation of the default build (2023-08-16 spec + the two 2026 slices) gets a
// unique name, equal to stripe-node's wherever stripe-node has the same route; names agree with the
// SDK spec's x-stripeOperations; collisions are reported; output is independent of input order.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  collectStripeOperationHints,
  loadDefaultOverrides,
  nameOperations,
  NamingCollisionError,
  type NamingInput,
  type NamingOverrides,
  type OperationName,
} from '../../generator/naming.js';
import { camelCase, SEGMENT_WORDS, singular } from '../../generator/naming-rules.js';
import { loadStripeNodeSurface, routeKey, surfaceByRoute, surfaceLabel } from '../support/stripe-node-surface.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const specDir = process.env.STRIPE_SPEC_DIR ?? resolve(repoRoot, '../shared/spec/stripe');
const DEFAULT_SPECS = [
  'spec3.2023-08-16.json',
  'stripe-2026-07-29.billing-meters.slice.json',
  'stripe-2026-07-29.seed-resources.slice.json',
];
const SDK_SPEC = 'spec3.sdk.2020-08-27.json';

// ---- building NamingInputs from a raw OpenAPI document (what the model step does) ----------------

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function deref(doc: Json, schema: Json): Json {
  for (let depth = 0; schema && typeof schema.$ref === 'string' && depth < 32; depth++) {
    schema = (schema.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: Json, part: string) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return schema;
}

/** list: `object` enum ['list'] + `data` array; search: `search_result`; v2list: a v2 page with `next_page_url`. */
function pageKindOf(doc: Json, op: Json, path: string): NamingInput['pageKind'] {
  const schema = deref(doc, op?.responses?.['200']?.content?.['application/json']?.schema);
  if (!schema) return undefined;
  for (const variant of [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    const props = deref(doc, variant)?.properties ?? {};
    const object = deref(doc, props.object);
    const isArray = deref(doc, props.data)?.type === 'array';
    if (!isArray) continue;
    if (object?.enum?.includes('list')) return 'list';
    if (object?.enum?.includes('search_result')) return 'search';
    if (path.startsWith('/v2/') && props.next_page_url) return 'v2list';
  }
  return undefined;
}

const docCache = new Map<string, Json>();
function loadDoc(file: string): Json {
  if (!docCache.has(file)) docCache.set(file, JSON.parse(readFileSync(resolve(specDir, file), 'utf8')));
  return docCache.get(file);
}

function inputsOf(file: string): NamingInput[] {
  const doc = loadDoc(file);
  const hints = collectStripeOperationHints(doc);
  const out: NamingInput[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const httpMethod of ['get', 'post', 'delete'] as const) {
      const op = item[httpMethod];
      if (!op) continue;
      const key = `${httpMethod} ${path}`;
      const input: NamingInput = { key, httpMethod, path, operationId: op.operationId };
      const pageKind = pageKindOf(doc, op, path);
      if (pageKind) input.pageKind = pageKind;
      const hint = hints.get(key);
      if (hint) input.hint = hint;
      out.push(input);
    }
  }
  return out;
}

const label = (n: OperationName): string => [...n.namespace, n.method].join('.');

const defaultInputs = DEFAULT_SPECS.flatMap(inputsOf);
const overrides = loadDefaultOverrides();
const defaultNames = nameOperations(defaultInputs, overrides);

// ---- tests -------------------------------------------------------------------------------------

describe('naming the default build (2023-08-16 + 2026 slices)', () => {
  it('names all 523 operations without collision', () => {
    expect(defaultInputs).toHaveLength(523);
    expect(new Set(defaultInputs.map((o) => o.key)).size).toBe(523);
    expect(defaultNames.size).toBe(523);
    expect(new Set([...defaultNames.values()].map(label)).size).toBe(523);
    expect(defaultInputs.filter((o) => o.pageKind === 'list').length).toBeGreaterThan(100);
    expect(defaultInputs.filter((o) => o.pageKind === 'search').length).toBe(7);
    expect(defaultInputs.filter((o) => o.pageKind === 'v2list').length).toBe(0); // the slices' v2 ops are not pages
  });

  it("matches stripe-node's namespace and method for every route stripe-node also has", () => {
    const surface = surfaceByRoute();
    const mismatches: string[] = [];
    let covered = 0;
    for (const op of defaultInputs) {
      const candidates = surface.get(routeKey(op.httpMethod, op.path));
      if (!candidates) continue;
      covered++;
      // a dedicated method (accounts.retrieveCurrent) beats an overloaded one that also reaches the route
      const dedicated = candidates.filter((c) => !c.overloaded);
      const wanted = (dedicated.length > 0 ? dedicated : candidates).map(surfaceLabel);
      const ours = label(defaultNames.get(op.key)!);
      if (!wanted.includes(ours)) mismatches.push(`${op.key}: ours ${ours}, stripe-node ${wanted.join(' | ')}`);
    }
    console.log(
      `stripe-node match: ${covered - mismatches.length}/${covered} covered routes (of ${defaultInputs.length} operations)`,
    );
    expect(covered).toBeGreaterThan(450);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
  });

  it('spells the documented examples like Stripe', () => {
    const expectations: Record<string, string> = {
      'post /v1/billing_portal/sessions': 'billingPortal.sessions.create',
      'post /v1/test_helpers/test_clocks': 'testHelpers.testClocks.create',
      'post /v1/test_helpers/test_clocks/{test_clock}/advance': 'testHelpers.testClocks.advance',
      'get /v1/issuing/cards': 'issuing.cards.list',
      'get /v1/billing/meters': 'billing.meters.list',
      'post /v2/billing/meter_event_session': 'v2.billing.meterEventSession.create',
      'post /v2/billing/meter_event_stream': 'v2.billing.meterEventStream.create',
      'post /v2/billing/meter_events': 'v2.billing.meterEvents.create',
      'post /v2/billing/meter_event_adjustments': 'v2.billing.meterEventAdjustments.create',
      'post /v1/customers': 'customers.create',
      'get /v1/customers/{customer}': 'customers.retrieve',
      'post /v1/customers/{customer}': 'customers.update',
      'delete /v1/customers/{customer}': 'customers.del',
      'get /v1/customers': 'customers.list',
      'get /v1/customers/search': 'customers.search',
      'post /v1/payment_intents/{intent}/confirm': 'paymentIntents.confirm',
      'get /v1/customers/{customer}/payment_methods': 'customers.listPaymentMethods',
      'post /v1/customers/{customer}/balance_transactions': 'customers.createBalanceTransaction',
      'get /v1/customers/{customer}/balance_transactions/{transaction}': 'customers.retrieveBalanceTransaction',
      'get /v1/billing/meters/{id}/event_summaries': 'billing.meters.listEventSummaries',
      'delete /v1/customers/{customer}/discount': 'customers.deleteDiscount',
      'post /v1/test_helpers/issuing/cards/{card}/shipping/deliver': 'testHelpers.issuing.cards.deliverCard',
      'post /v1/invoices/{invoice}/void': 'invoices.voidInvoice',
      'post /v1/billing/credit_grants/{id}/void': 'billing.creditGrants.voidGrant', // from the slice's hint
      'delete /v1/customers/{customer}/sources/{id}': 'customers.deleteSource',
      'post /v1/customers/{customer}/sources/{id}/verify': 'customers.verifySource',
      // deprecated aliases stripe-node no longer has: deterministic, collision-free names
      'post /v1/customers/{customer}/cards': 'customers.createCard',
      'get /v1/customers/{customer}/bank_accounts/{id}': 'customers.retrieveBankAccount',
      'get /v1/customers/{customer}/subscriptions/{subscription_exposed_id}/discount':
        'customers.retrieveSubscriptionDiscount',
      'post /v1/charges/{charge}/dispute/close': 'charges.closeDispute',
      'get /v1/invoices/upcoming/lines': 'invoices.listUpcomingLineItems',
      'post /v1/accounts/{account}/people': 'accounts.createPeople',
    };
    const got = Object.fromEntries(
      Object.keys(expectations).map((k) => [k, label(defaultNames.get(k) ?? { namespace: ['<missing>'], method: '' })]),
    );
    expect(got).toEqual(expectations);
  });

  it('uses every override entry, and each one changes what the rules alone would say', () => {
    const rulesOnly = nameOperations(defaultInputs, {});
    const unused: string[] = [];
    const redundant: string[] = [];
    for (const key of Object.keys(overrides)) {
      const affected = key.startsWith('/')
        ? defaultInputs.filter((o) => o.path === key || o.path.startsWith(`${key}/`))
        : defaultInputs.filter((o) => o.key === key);
      if (affected.length === 0) unused.push(key);
      else if (affected.every((o) => label(rulesOnly.get(o.key)!) === label(defaultNames.get(o.key)!)))
        redundant.push(key);
    }
    console.log(`override table: ${Object.keys(overrides).length} entries`);
    expect({ unused, redundant }).toEqual({ unused: [], redundant: [] });
    expect(Object.keys(overrides).length).toBeLessThanOrEqual(15);
  });

  it('is deterministic under shuffled input', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const expected = JSON.stringify([...defaultNames]);
    for (let round = 0; round < 5; round++) {
      const shuffled = [...defaultInputs];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      expect(JSON.stringify([...nameOperations(shuffled, overrides)])).toBe(expected);
    }
  });
});

describe('x-stripeOperations', () => {
  it('collects hints keyed like NamingInput.key, preferring service-style canonical entries', () => {
    const hints = collectStripeOperationHints(loadDoc(SDK_SPEC));
    expect(hints.get('post /v1/customers/{customer}/balance_transactions')).toMatchObject({
      methodName: 'create',
      methodOn: 'service',
      methodType: 'create',
      resourceId: 'customer_balance_transaction',
      className: 'CustomerBalanceTransaction',
    });
    // card/bank_account list it as non_canonical delete; source as the canonical custom detach
    expect(hints.get('delete /v1/customers/{customer}/sources/{id}')).toMatchObject({
      methodName: 'detach',
      resourceId: 'source',
    });
    const slice = collectStripeOperationHints(loadDoc('stripe-2026-07-29.billing-meters.slice.json'));
    expect(slice.size).toBe(13);
    expect(slice.get('post /v2/billing/meter_event_stream')).toMatchObject({
      methodName: 'create_stream',
      inPackage: 'v2.billing',
    });
    expect(collectStripeOperationHints(loadDoc(DEFAULT_SPECS[0]!)).size).toBe(0);
    expect(collectStripeOperationHints(null).size).toBe(0);
  });

  // On the 2020-08-27 SDK spec our names agree with method_name, where "agree" also counts stripe-node's
  // flattening: the hint names a method of a sub-resource's own class (customer_balance_transaction.create),
  // stripe-node puts it on the parent with the sub-resource as qualifier (customers.createBalanceTransaction).
  // The remaining differences are documented here, each where stripe-node's spelling is what we follow.
  const SDK_EXCEPTIONS: Record<string, string> = {
    'get /v1/account': 'stripe-node: accounts.retrieveCurrent (override)',
    'get /v1/accounts/{account}/capabilities': 'hint `capabilities`; stripe-node: accounts.listCapabilities',
    'get /v1/credit_notes/preview/lines': 'hint `preview_lines`; stripe-node: creditNotes.listPreviewLineItems',
    'delete /v1/customers/{customer}/sources/{id}': 'hint `detach` (Source class); stripe-node: customers.deleteSource',
    'get /v1/invoices/upcoming': 'hint `upcoming`; older stripe-node: invoices.retrieveUpcoming (override)',
    'get /v1/invoices/upcoming/lines': 'hint `upcomingLines`; older stripe-node: invoices.listUpcomingLineItems',
    'post /v1/orders/{id}/returns':
      'hint `return_order`; a plural sub-collection POST is a create: orders.createReturn',
    'get /v1/sources/{source}/source_transactions':
      'hint `source_transactions`; older stripe-node: sources.listSourceTransactions',
    'get /v1/subscription_items/{subscription_item}/usage_record_summaries':
      'hint `usage_record_summaries`; older stripe-node: subscriptionItems.listUsageRecordSummaries',
  };

  /** `BalanceTransaction` for `/v1/customers/{customer}/balance_transactions`: every word comes from the path. */
  function qualifierFromPath(qualifier: string, path: string): boolean {
    if (!/^[A-Z]/.test(qualifier)) return false;
    const words = new Set<string>();
    for (const seg of path.split('/')) {
      for (const w of (SEGMENT_WORDS[seg] ?? seg).split('_')) words.add(w).add(singular(w));
    }
    return qualifier.split(/(?=[A-Z])/).every((w) => words.has(w.toLowerCase()));
  }

  function agreement(names: Map<string, OperationName>, inputs: NamingInput[]) {
    let agreed = 0;
    let total = 0;
    const disagreements: string[] = [];
    for (const op of inputs) {
      if (!op.hint) continue;
      total++;
      const hinted = op.hint.methodName === 'delete' ? 'del' : camelCase(op.hint.methodName);
      const verbOf = op.hint.methodName === 'delete' ? 'delete' : hinted;
      const ours = names.get(op.key)!.method;
      const flattened = ours.startsWith(verbOf) && qualifierFromPath(ours.slice(verbOf.length), op.path);
      if (ours === hinted || flattened) agreed++;
      else disagreements.push(op.key);
    }
    return { agreed, total, disagreements: disagreements.sort() };
  }

  it('agrees with the SDK spec method_name (2020-08-27), exceptions documented', () => {
    const inputs = inputsOf(SDK_SPEC);
    const withHints = agreement(nameOperations(inputs, overrides), inputs);
    const stripped = inputs.map(({ hint: _hint, ...rest }) => rest);
    const rulesOnly = agreement(nameOperations(stripped, overrides), inputs);
    console.log(
      `SDK spec agreement: ${withHints.agreed}/${withHints.total} with hints, ` +
        `${rulesOnly.agreed}/${rulesOnly.total} from path rules alone; ${Object.keys(SDK_EXCEPTIONS).length} documented exceptions`,
    );
    expect(withHints.disagreements).toEqual(Object.keys(SDK_EXCEPTIONS).sort());
    expect(rulesOnly.disagreements).toEqual(Object.keys(SDK_EXCEPTIONS).sort());
    expect(withHints.agreed / withHints.total).toBeGreaterThan(0.97);
  });

  it('uses a hint for custom actions on the resource, not for path-derived CRUD or sub-resource actions', () => {
    const inputs: NamingInput[] = [
      { key: 'post /v1/widgets/{id}/void', httpMethod: 'post', path: '/v1/widgets/{id}/void', operationId: 'a' },
      {
        key: 'post /v1/widgets/{id}/parts/{part}/verify',
        httpMethod: 'post',
        path: '/v1/widgets/{id}/parts/{part}/verify',
        operationId: 'b',
        hint: { methodName: 'verify', methodType: 'custom' },
      },
      {
        key: 'post /v1/widget_stream',
        httpMethod: 'post',
        path: '/v1/widget_stream',
        operationId: 'c',
        hint: { methodName: 'create_stream', methodType: 'custom' },
      },
      {
        key: 'post /v1/widgets/{id}/cancel',
        httpMethod: 'post',
        path: '/v1/widgets/{id}/cancel',
        operationId: 'd',
        hint: { methodName: 'cancel_widget', methodType: 'custom' },
      },
    ];
    const names = nameOperations(inputs);
    expect([...names.values()].map(label)).toEqual([
      'widgetStream.create',
      'widgets.cancelWidget',
      'widgets.verifyPart',
      'widgets.voidWidget', // `void` is reserved: the resource is appended
    ]);
  });
});

describe('collision detection', () => {
  const op = (key: string, pageKind?: NamingInput['pageKind']): NamingInput => {
    const [httpMethod, path] = key.split(' ') as [NamingInput['httpMethod'], string];
    return { key, httpMethod, path, operationId: key, ...(pageKind ? { pageKind } : {}) };
  };

  it('reports every collision at once', () => {
    const inputs = [
      op('post /v1/widgets'),
      op('post /v1/gadgets'),
      op('post /v1/widgets/{id}/spin'),
      op('get /v1/widgets/spin/wheels', 'list'),
      op('post /v1/webhooks'),
      op('get /v1/meter_events/{id}'),
      op('post /v1/widgets/{id}/launch'),
    ];
    const forced: NamingOverrides = {
      'post /v1/gadgets': { namespace: ['widgets'], method: 'create' }, // same name as post /v1/widgets
      'get /v1/widgets/spin/wheels': { namespace: ['widgets', 'spin'], method: 'list' }, // namespace under method `spin`
      'post /v1/widgets/{id}/launch': { method: 'delete' }, // reserved word
    };
    let error: unknown;
    try {
      nameOperations(inputs, forced);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NamingCollisionError);
    const collisions = (error as NamingCollisionError).collisions;
    expect(collisions).toEqual([
      { name: 'meterEvents (reserved client member)', keys: ['get /v1/meter_events/{id}'] },
      { name: 'webhooks (reserved client member)', keys: ['post /v1/webhooks'] },
      { name: 'widgets.create', keys: ['post /v1/gadgets', 'post /v1/widgets'] },
      { name: 'widgets.delete (reserved word as method name)', keys: ['post /v1/widgets/{id}/launch'] },
      {
        name: 'widgets.spin (method and namespace)',
        keys: ['post /v1/widgets/{id}/spin', 'get /v1/widgets/spin/wheels'],
      },
    ]);
    expect((error as Error).message).toContain('widgets.create: post /v1/gadgets, post /v1/widgets');
  });

  it('allows a resource that is also a namespace, and rejects duplicate keys', () => {
    const names = nameOperations([
      op('post /v1/tax/settings'),
      op('get /v1/tax/settings'),
      op('post /v1/tax/calculations'),
    ]);
    expect([...names.values()].map(label)).toEqual([
      'tax.settings.retrieve',
      'tax.calculations.create',
      'tax.settings.update',
    ]); // key order
    const both = nameOperations([op('post /v1/foo/{id}/bar'), op('get /v1/foo/{id}')], {
      'post /v1/foo/{id}/bar': { namespace: ['foo', 'sub'], method: 'go' },
    });
    expect(label(both.get('post /v1/foo/{id}/bar')!)).toBe('foo.sub.go'); // stripe.foo has methods and a child namespace
    expect(() => nameOperations([op('post /v1/x'), op('post /v1/x')])).toThrow(NamingCollisionError);
  });
});

describe('stripe-node surface helper', () => {
  it('reads routes out of stripe-node', () => {
    const surface = loadStripeNodeSurface();
    expect(surface.length).toBeGreaterThan(500);
    const find = (l: string) => surface.filter((m) => surfaceLabel(m) === l).map((m) => `${m.httpMethod} ${m.path}`);
    expect(find('customers.retrieve')).toEqual(['get /v1/customers/{id}']);
    expect(find('v2.billing.meterEventStream.create')).toEqual(['post /v2/billing/meter_event_stream']);
    expect(find('accounts.retrieve')).toEqual(['get /v1/account', 'get /v1/accounts/{id}']);
    expect(find('customers.retrieveBalanceTransaction')).toEqual([
      'get /v1/customers/{customerId}/balance_transactions/{id}',
    ]);
    expect(surface.some((m) => m.namespace[0] === 'account')).toBe(false); // alias of accounts, walked once
  });
});
