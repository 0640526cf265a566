// The Event union (generator/events.ts) against stripe-node's own Stripe.Event: for every event
// type both name, `data.object` must be the same object type. The specs we read carry no
// `x-stripeEvent`, so our mapping comes from the `enabled_events` enum and naming rules; this test
// holds it to stripe-node's hand-curated one and lists every disagreement.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapEventTypes } from '../../generator/events.js';
import type { ApiModel } from '../../generator/model.js';
import { requireGenerated } from '../support/built.js';
import { repoRoot } from '../support/paths.js';

requireGenerated();

/** `type` -> object type name, from `interface X extends ... { type: 'a.b'; ... object: T; }` blocks. */
function mapping(text: string, typeRe: RegExp, objectRe: RegExp): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of text.split(/\n(?=export )/)) {
    const type = typeRe.exec(block)?.[1];
    const object = objectRe.exec(block)?.[1];
    if (type && object) out.set(type, object.replace(/\./g, ''));
  }
  return out;
}

const ours = mapping(readFileSync(join(repoRoot, 'generated', 'types', 'schemas', 'event.ts'), 'utf8'), /^\s+type: "([^"]+)";/m, /data: EventData<([\w.]+)>;/);
const node = new Map<string, string>();
{
  const text = readFileSync(join(repoRoot, 'node_modules', 'stripe', 'esm', 'resources', 'Events.d.ts'), 'utf8');
  // stripe-node: `export interface XEvent extends EventBase { type: 'x'; data: XEvent.Data }` then `namespace XEvent { interface Data { object: T } }`.
  const dataOf = mapping(text, /^export declare namespace (\w+Event) \{/m, /^\s+object: ([\w.]+);/m);
  for (const block of text.split(/\n(?=export )/)) {
    const m = /^export interface (\w+Event) extends EventBase \{\s+type: '([^']+)';/.exec(block);
    const obj = m && dataOf.get(m[1]!);
    if (m && obj) node.set(m[2]!, obj);
  }
}

// stripe-node names a few unions where the spec has one object type; these are the same objects.
const SAME: Record<string, string> = { CustomerSource: 'PaymentSource' };
/** The same object under both names, up to type-naming style (`Invoiceitem` / `InvoiceItem`, `ScheduledQueryRun` / `Sigma.ScheduledQueryRun`). */
const same = (ourName: string, theirs: string): boolean => SAME[theirs] === ourName || theirs.toLowerCase().endsWith(ourName.toLowerCase());

describe('Event union', () => {
  it('covers every event type the spec names, each with an object type', () => {
    expect(ours.size).toBeGreaterThan(200);
    expect(ours.get('payment_intent.succeeded')).toBe('PaymentIntent');
    expect(ours.get('customer.subscription.updated')).toBe('Subscription');
    expect(ours.get('issuing_card.created')).toBe('IssuingCard');
    expect(ours.get('checkout.session.completed')).toBe('CheckoutSession');
  });

  it("agrees with stripe-node's Stripe.Event on the object of (nearly) every shared event type", () => {
    const shared = [...ours.keys()].filter((t) => node.has(t));
    const misses = shared.filter((t) => !same(ours.get(t)!, node.get(t)!) && ours.get(t) !== 'Record<string, unknown>');
    const untyped = shared.filter((t) => ours.get(t) === 'Record<string, unknown>');
    expect(shared.length).toBeGreaterThan(180);
    expect({ misses: misses.map((t) => `${t}: ours ${ours.get(t)}, stripe-node ${node.get(t)}`), untyped }).toEqual({ misses: [], untyped: [] });
  });
});

describe('mapEventTypes (rules, on a small model)', () => {
  const schema = (id: string, extra: Record<string, unknown> = {}) => ({ type: 'object', 'x-resourceId': id, properties: {}, ...extra });
  const model = {
    schemas: [
      { name: 'invoice', schema: schema('invoice'), stub: false },
      { name: 'subscription', schema: schema('subscription'), stub: false },
      { name: 'issuing.card', schema: schema('issuing.card'), stub: false },
      { name: 'fee_refund', schema: schema('fee_refund'), stub: false },
      { name: 'widget', schema: schema('widget'), stub: false },
      // An annotated event schema wins over the name rules, and adds its type.
      { name: 'widget_event', schema: { type: 'object', 'x-stripeEvent': { type: 'widget.spun' }, properties: { data: { properties: { object: { $ref: '#/components/schemas/invoice' } } } } }, stub: false },
    ],
    operations: [{ params: [{ name: 'enabled_events', schema: { items: { enum: ['*', 'invoice.paid', 'customer.subscription.created', 'issuing_card.created', 'application_fee.refund.updated', 'sku.created'] } } }] }],
  } as unknown as ApiModel;
  it('maps by x-stripeEvent, then the prefix, its last segment, the first underscore as a dot, and the override table', () => {
    expect(mapEventTypes(model).map((m) => [m.type, m.schema, m.via, m.interfaceName])).toEqual([
      ['application_fee.refund.updated', 'fee_refund', 'override', 'ApplicationFeeRefundUpdatedEvent'],
      ['customer.subscription.created', 'subscription', 'name', 'CustomerSubscriptionCreatedEvent'],
      ['invoice.paid', 'invoice', 'name', 'InvoicePaidEvent'],
      ['issuing_card.created', 'issuing.card', 'name', 'IssuingCardCreatedEvent'],
      ['sku.created', undefined, 'none', 'SkuCreatedEvent'],
      ['widget.spun', 'invoice', 'x-stripeEvent', 'WidgetSpunEvent'],
    ]);
  });
});
