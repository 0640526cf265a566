// Params type names are stripe-node's: singular resource + method + `Params`, inside the package's
// namespace (`CustomerCreateParams`, `Checkout.SessionCreateParams`, `V2.Core.Accounts.PersonCreateParams`).
// Ground truth: the .d.ts files of the installed `stripe` package, read with the TypeScript compiler.
// Operations are matched by route (HTTP verb + path), so a method we name differently still counts.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLayout, schemaTypePath, type Layout } from '../../generator/layout.js';
import { mergeSpecs } from '../../generator/merge.js';
import { buildModel, type ApiModel } from '../../generator/model.js';
import { resolveSpecs } from '../../generator/sources.js';
import { loadStripeNodeParams, loadStripeNodeTypeNames } from '../support/stripe-node-params.js';
import { loadStripeNodeSurface, routeKey, surfaceLabel } from '../support/stripe-node-surface.js';

let model: ApiModel;
let layout: Layout;

beforeAll(() => {
  const specs = resolveSpecs({});
  const merged = mergeSpecs(specs);
  const sources = specs.map((s) => ({ source: s.source, file: s.file, apiVersion: '', contentSha256: s.contentSha256, verified: s.verified }));
  model = buildModel(merged.doc, sources, merged.operationSource);
  layout = buildLayout(model);
}, 60_000);

/** route -> stripe-node's params type for the method that calls it (the one with our label when several do). */
function stripeNodeParamsByRoute(): Map<string, { label: string; paramsType: string }[]> {
  const params = new Map(loadStripeNodeParams().map((p) => [p.label, p.paramsType]));
  const out = new Map<string, { label: string; paramsType: string }[]>();
  for (const m of loadStripeNodeSurface()) {
    const label = surfaceLabel(m);
    const paramsType = params.get(label);
    if (!paramsType) continue;
    const k = routeKey(m.httpMethod, m.path);
    out.set(k, [...(out.get(k) ?? []), { label, paramsType }]);
  }
  return out;
}

describe('params type names against stripe-node 23.1', () => {
  it('reads stripe-node\'s params types from its .d.ts', () => {
    const names = new Map(loadStripeNodeParams().map((p) => [p.label, p.paramsType]));
    expect(names.get('customers.create')).toBe('CustomerCreateParams');
    expect(names.get('checkout.sessions.create')).toBe('Checkout.SessionCreateParams');
    expect(names.get('issuing.cardholders.list')).toBe('Issuing.CardholderListParams');
    expect(names.size).toBeGreaterThan(500);
  });

  it('at least 95% of our params type names on routes stripe-node also has are its names', () => {
    const theirs = stripeNodeParamsByRoute();
    const misses: string[] = [];
    let shared = 0;
    for (const op of model.operations) {
      const candidates = theirs.get(routeKey(op.httpMethod, op.path));
      if (!candidates) continue;
      shared++;
      const ours = layout.operations.get(op.key)!;
      const qualified = [...ours.typeNamespace, ours.paramsLocal].join('.');
      const label = [...op.namespace, op.methodName].join('.');
      const best = candidates.find((c) => c.label === label) ?? candidates[0]!;
      if (best.paramsType !== qualified) misses.push(`${op.key}: ours ${qualified}, stripe-node ${best.paramsType} (${best.label})`);
    }
    const ratio = (shared - misses.length) / shared;
    // The list is the point of this test: it names every difference.
    console.log(`params type names: ${shared - misses.length}/${shared} equal stripe-node's (${(ratio * 100).toFixed(1)}%)${misses.length ? '\n  ' + misses.join('\n  ') : ''}`);
    expect(shared).toBeGreaterThan(400);
    expect(ratio, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('names the types users write most often as stripe-node does', () => {
    const byLabel = new Map([...layout.operations.values()].map((o) => [[...o.op.namespace, o.op.methodName].join('.'), [...o.typeNamespace, o.paramsLocal].join('.')]));
    expect(byLabel.get('customers.create')).toBe('CustomerCreateParams');
    expect(byLabel.get('customers.list')).toBe('CustomerListParams');
    expect(byLabel.get('customers.del')).toBe('CustomerDeleteParams');
    expect(byLabel.get('paymentIntents.confirm')).toBe('PaymentIntentConfirmParams');
    expect(byLabel.get('checkout.sessions.create')).toBe('Checkout.SessionCreateParams');
    expect(byLabel.get('issuing.cardholders.list')).toBe('Issuing.CardholderListParams');
    expect(byLabel.get('v2.billing.meterEventSession.create')).toBe('V2.Billing.MeterEventSessionCreateParams');
  });

  it('names API objects as stripe-node does (Stripe.Customer, Stripe.Checkout.Session, Stripe.Radar.DeletedValueList)', () => {
    const theirs = loadStripeNodeTypeNames();
    expect(theirs.has('Checkout.Session') && theirs.has('Customer') && theirs.has('V2.Billing.MeterEventSession')).toBe(true);
    // Objects with their own id (`x-resourceId`); sub-objects are nested inside their object's namespace in stripe-node.
    const objects = model.schemas.filter((s) => typeof s.schema['x-resourceId'] === 'string');
    const misses = objects.map((s) => `${s.name} -> ${schemaTypePath(s.name).join('.')}`).filter((line) => !theirs.has(line.split(' -> ')[1]!));
    console.log(`object type names: ${objects.length - misses.length}/${objects.length} are stripe-node's${misses.length ? '\n  ' + misses.join('\n  ') : ''}`);
    expect(objects.length).toBeGreaterThan(140);
    // The misses are objects stripe-node 23 no longer has (usage records, issuing settlements).
    expect((objects.length - misses.length) / objects.length, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(schemaTypePath('checkout.session')).toEqual(['Checkout', 'Session']);
    expect(schemaTypePath('deleted_radar.value_list')).toEqual(['Radar', 'DeletedValueList']);
    expect(schemaTypePath('invoiceitem')).toEqual(['InvoiceItem']);
  });
});
