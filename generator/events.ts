// `Event` as a union discriminated by `type`, so that
// `switch (event.type) { case 'payment_intent.succeeded': event.data.object.amount }`
// needs no cast (stripe-node's Stripe.Event).
//
// Where the spec annotates event schemas (`x-stripeEvent: { type }` with a
// `data.object` $ref), the mapping comes from there. The specs we read have no
// such annotation: the event types then come from the enum of the
// `enabled_events` parameter (webhook endpoints), and each type's object from
// its name: `payment_intent.succeeded` -> the schema whose `x-resourceId` is
// `payment_intent`; `customer.subscription.created` -> `subscription` (the last
// segment); `issuing_card.created` -> `issuing.card`; plus a short table of
// names that follow no rule (OVERRIDES). A type whose object is not in the spec
// (retired objects such as `sku`) keeps the free-form `Record<string, unknown>`.
//
// The union replaces the spec's `event` schema under its own name: the schema's
// interface becomes `EventBase`, and `Event` (what `stripe.events.retrieve`
// returns and what `Stripe.Event` aliases) is the union.
import type { ApiModel, Json } from './model.js';
import type { Layout } from './layout.js';
import { pascal } from './layout.js';
import type { TypeBlock } from './types.js';

/** Event types (or their prefixes) whose object no naming rule finds -> schema name. */
const OVERRIDES: Readonly<Record<string, string>> = {
  'source.mandate_notification': 'source_mandate_notification',
  'account.application': 'application',
  'application_fee.refund': 'fee_refund',
  'source.transaction': 'source_transaction',
  'customer.source': 'payment_source',
};

export interface EventTypeMapping {
  readonly type: string;
  /** Schema name of `data.object`, or undefined when the spec lacks it. */
  readonly schema: string | undefined;
  readonly interfaceName: string;
  /** How the object was found. */
  readonly via: 'x-stripeEvent' | 'name' | 'override' | 'none';
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function refName(schema: Json | undefined): string | undefined {
  const ref = str(schema?.$ref);
  const m = ref && /^#\/components\/schemas\/(.+)$/.exec(ref);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

/** Every event type the spec names: `enabled_events` enums, plus `x-stripeEvent` annotations. */
export function mapEventTypes(model: ApiModel): EventTypeMapping[] {
  const schemas = new Map(model.schemas.filter((s) => !s.stub).map((s) => [s.name, s.schema]));
  const byResourceId = new Map<string, string>();
  for (const [name, schema] of schemas) {
    const id = str(schema['x-resourceId']);
    if (id && !byResourceId.has(id)) byResourceId.set(id, name);
  }
  const annotated = new Map<string, string | undefined>();
  for (const schema of schemas.values()) {
    const ann = schema['x-stripeEvent'] as Json | undefined;
    const type = str(ann?.type);
    if (!type) continue;
    const data = (schema.properties as Json | undefined)?.data as Json | undefined;
    annotated.set(type, refName((data?.properties as Json | undefined)?.object as Json | undefined));
  }
  const types = new Set<string>(annotated.keys());
  for (const op of model.operations) {
    for (const p of op.params) {
      if (p.name !== 'enabled_events') continue;
      const items = (p.schema.items as Json | undefined) ?? undefined;
      for (const v of (items?.enum as unknown[] | undefined) ?? []) if (typeof v === 'string' && v !== '*') types.add(v);
    }
  }
  const resolve = (type: string): Pick<EventTypeMapping, 'schema' | 'via'> => {
    if (annotated.has(type)) {
      const s = annotated.get(type);
      return s && schemas.has(s) ? { schema: s, via: 'x-stripeEvent' } : { schema: undefined, via: 'none' };
    }
    const segs = type.split('.').slice(0, -1);
    const prefix = segs.join('.');
    const override = OVERRIDES[type] ?? OVERRIDES[prefix];
    if (override) return schemas.has(override) ? { schema: override, via: 'override' } : { schema: undefined, via: 'none' };
    const candidates = [prefix, segs.length > 1 ? segs[segs.length - 1]! : '', segs[0]?.includes('_') ? [segs[0].replace('_', '.'), ...segs.slice(1)].join('.') : ''];
    for (const c of candidates) {
      const s = c && byResourceId.get(c);
      if (s) return { schema: s, via: 'name' };
    }
    return { schema: undefined, via: 'none' };
  };
  return [...types].sort().map((type) => ({ type, interfaceName: `${pascal(type)}Event`, ...resolve(type) }));
}

/**
 * The `event` schema's declarations with the union added: the spec's interface is renamed
 * `EventBase`, one interface per event type, and `export type Event = ...`.
 * Returns undefined when the spec names no event types (the schema is printed as usual).
 */
export function eventUnionBlock(model: ApiModel, layout: Layout, base: TypeBlock, eventTypeName: string): TypeBlock | undefined {
  const mappings = mapEventTypes(model);
  if (mappings.length === 0) return undefined;
  const renamed = base.code.replace(new RegExp(`^export interface ${eventTypeName} \\{`, 'm'), 'export interface EventBase {');
  if (renamed === base.code) return undefined;
  const taken = new Set(layout.schemaTypes.values());
  const refs = new Set(base.refs);
  const decls: string[] = [];
  const members: string[] = [];
  for (const m of mappings) {
    // An interface name that a schema type already uses would shadow its import: skip the type (it stays out of the union).
    if (taken.has(m.interfaceName)) continue;
    const object = m.schema ? layout.schemaTypes.get(m.schema)! : 'Record<string, unknown>';
    if (m.schema) refs.add(m.schema);
    decls.push(`/** \`${m.type}\` */\nexport interface ${m.interfaceName} extends EventFields {\n    type: "${m.type}";\n    data: EventData<${object}>;\n}`);
    members.push(m.interfaceName);
  }
  const head = [
    renamed.trim(),
    '/** The fields every event shares (`EventBase` without `type` and `data`). */\nexport type EventFields = Omit<EventBase, "type" | "data">;',
    '/** `data` of an event whose object is `T`. */\nexport interface EventData<T> {\n    object: T;\n    previous_attributes?: Partial<T>;\n}',
  ];
  const union = `/** An event, discriminated by \`type\`: \`switch (event.type)\` narrows \`event.data.object\`. */\nexport type ${eventTypeName} =\n${members.map((n) => `    | ${n}`).join('\n')};`;
  return { code: [...head, ...decls, union].join('\n\n'), refs: [...refs].sort(), exports: [eventTypeName, 'EventBase', 'EventFields', 'EventData', ...members] };
}
