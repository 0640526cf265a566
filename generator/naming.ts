// Naming step: decides, for every operation, where its method lives on the client
// (`stripe.billingPortal.sessions`) and what it is called (`create`), spelled the way
// stripe-node spells it. Order of precedence per operation:
//   1. the override table (generator/naming-overrides.json): operation keys, or resource path prefixes;
//   2. the spec's `x-stripeOperations` hint, for custom action names (`void_grant`) and CRUD verbs;
//   3. the path rules in naming-rules.ts.
// The result is checked as a whole: duplicate names, a method shadowing a child namespace,
// reserved client members and reserved words are all reported together in NamingCollisionError.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPathIndex, camelCase, JS_RESERVED, nameFromPath, normalisePath } from './naming-rules.js';
import { repoRoot } from './sources.js';

export type HttpMethod = 'get' | 'post' | 'delete';

export interface StripeOperationHint {
  /** `method_name` as written in the spec (snake_case, e.g. `list_payment_methods`, `delete`). */
  methodName: string;
  methodOn?: string;
  methodType?: string;
  className?: string;
  inPackage?: string;
  /** The component schema the hint was found on, e.g. `billing.meter`. */
  resourceId?: string;
}

export interface NamingInput {
  /** Unique id, e.g. `post /v1/customers/{customer}`. */
  key: string;
  httpMethod: HttpMethod;
  path: string;
  operationId: string;
  /** Set when the 200 response is a list/search page. */
  pageKind?: 'list' | 'search' | 'v2list';
  /** From `x-stripeOperations` when the spec has it. */
  hint?: StripeOperationHint;
}

export interface OperationName {
  /** e.g. `['billingPortal', 'sessions']`, `['v2', 'billing', 'meterEventSession']`, `['customers']`. */
  namespace: readonly string[];
  /** e.g. `create`. */
  method: string;
}

/**
 * Keyed by NamingInput.key (`get /v1/quotes/{quote}/pdf`): replaces namespace and/or method.
 * A key that starts with `/` is a resource path prefix (`/v1/invoiceitems`): its namespace replaces
 * the derived namespace of every operation on that resource (operation keys win over prefixes).
 */
export type NamingOverrides = Record<string, { namespace?: string[]; method?: string }>;

export interface NamingCollision {
  name: string;
  keys: string[];
}

export class NamingCollisionError extends Error {
  readonly collisions: NamingCollision[];
  constructor(collisions: NamingCollision[]) {
    super(
      `naming produced ${collisions.length} collision(s):\n` +
        collisions.map((c) => `  ${c.name}: ${c.keys.join(', ')}`).join('\n'),
    );
    this.name = 'NamingCollisionError';
    this.collisions = collisions;
  }
}

/** Members of the client object itself that no resource namespace may take. */
// prettier-ignore
export const RESERVED_CLIENT_MEMBERS: ReadonlySet<string> = new Set([
  'on', 'off', 'once', 'webhooks', 'rawRequest', 'meterEvents', 'close',
]);

/** Method names that would break or shadow the resource object itself. */
const RESERVED_METHOD_NAMES = new Set([...JS_RESERVED, 'constructor', 'prototype', '__proto__']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const HTTP_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'delete']);

// ---- hints -----------------------------------------------------------------------

interface RawStripeOperation {
  method_name?: unknown;
  method_on?: unknown;
  method_type?: unknown;
  operation?: unknown;
  path?: unknown;
  non_canonical?: unknown;
}

const METHOD_ON_RANK: Record<string, number> = { service: 0, class: 1, collection: 2, instance: 3 };

function hintRank(h: StripeOperationHint & { nonCanonical: boolean }): string {
  // service-style hints first (they name the method a client calls), canonical before non-canonical,
  // then by schema and name so that the choice never depends on document order.
  return [h.nonCanonical ? 1 : 0, METHOD_ON_RANK[h.methodOn ?? ''] ?? 9, h.resourceId ?? '', h.methodName].join(
    '\u0000',
  );
}

/**
 * Collect `x-stripeOperations` from `components.schemas` of a raw OpenAPI document, keyed like
 * NamingInput.key (`get /v1/customers/{customer}`). The same operation is often listed on several
 * schemas (`class`/`service`/`instance` flavours, or `card`/`bank_account`/`source`); one is chosen
 * deterministically: canonical before `non_canonical`, `service` before other `method_on`s.
 */
export function collectStripeOperationHints(doc: unknown): Map<string, StripeOperationHint> {
  const schemas = (doc as { components?: { schemas?: Record<string, unknown> } } | null)?.components?.schemas;
  const best = new Map<string, { hint: StripeOperationHint; rank: string }>();
  if (!schemas || typeof schemas !== 'object') return new Map();
  for (const schemaName of Object.keys(schemas).sort()) {
    const schema = schemas[schemaName] as Record<string, unknown> | undefined;
    const ops = schema?.['x-stripeOperations'];
    if (!Array.isArray(ops)) continue;
    const resource = schema?.['x-stripeResource'] as { class_name?: unknown; in_package?: unknown } | undefined;
    for (const raw of ops as RawStripeOperation[]) {
      if (typeof raw?.method_name !== 'string' || typeof raw.operation !== 'string' || typeof raw.path !== 'string') {
        continue;
      }
      const hint: StripeOperationHint = { methodName: raw.method_name, resourceId: schemaName };
      if (typeof raw.method_on === 'string') hint.methodOn = raw.method_on;
      if (typeof raw.method_type === 'string') hint.methodType = raw.method_type;
      if (typeof resource?.class_name === 'string') hint.className = resource.class_name;
      if (typeof resource?.in_package === 'string') hint.inPackage = resource.in_package;
      const key = `${raw.operation.toLowerCase()} ${raw.path}`;
      const rank = hintRank({ ...hint, nonCanonical: raw.non_canonical === true });
      const prev = best.get(key);
      if (!prev || rank < prev.rank) best.set(key, { hint, rank });
    }
  }
  return new Map([...best.keys()].sort().map((k) => [k, best.get(k)!.hint]));
}

const CRUD_FROM_METHOD_TYPE: Record<string, Record<string, string>> = {
  get: { retrieve: 'retrieve', list: 'list', search: 'search' },
  post: { create: 'create', update: 'update' },
  delete: { delete: 'del' },
};

// ---- overrides -----------------------------------------------------------------

/** Reads generator/naming-overrides.json; `//` keys (comments and reasons) are dropped. */
export function loadDefaultOverrides(): NamingOverrides {
  const file = join(repoRoot, 'generator', 'naming-overrides.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out: NamingOverrides = {};
  for (const key of Object.keys(raw).sort()) {
    if (key.startsWith('//')) continue;
    const entry = raw[key] as { namespace?: unknown; method?: unknown };
    const o: { namespace?: string[]; method?: string } = {};
    if (entry.namespace !== undefined) {
      if (!Array.isArray(entry.namespace) || !entry.namespace.every((s) => typeof s === 'string')) {
        throw new Error(`naming-overrides.json: ${key}: namespace must be an array of strings`);
      }
      o.namespace = [...(entry.namespace as string[])];
    }
    if (entry.method !== undefined) {
      if (typeof entry.method !== 'string') throw new Error(`naming-overrides.json: ${key}: method must be a string`);
      o.method = entry.method;
    }
    if (key.startsWith('/') && o.method !== undefined) {
      throw new Error(`naming-overrides.json: ${key}: a resource prefix override may only set namespace`);
    }
    out[key] = o;
  }
  return out;
}

// ---- naming ----------------------------------------------------------------------

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Name every operation. Output is keyed by NamingInput.key, in key order, and does not depend on
 * the order of `ops`. Throws NamingCollisionError listing every problem found.
 */
export function nameOperations(
  ops: readonly NamingInput[],
  overrides: NamingOverrides = {},
): Map<string, OperationName> {
  const sorted = [...ops].sort((a, b) => compare(a.key, b.key));
  const problems: NamingCollision[] = [];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.key === sorted[i - 1]!.key)
      problems.push({ name: `duplicate key ${sorted[i]!.key}`, keys: [sorted[i]!.key] });
  }

  const index = buildPathIndex(sorted);
  const prefixOverrides = new Map<string, string[]>();
  for (const key of Object.keys(overrides)) {
    const ns = overrides[key]!.namespace;
    if (key.startsWith('/') && ns) prefixOverrides.set(normalisePath(key), ns);
  }

  const names = new Map<string, OperationName>();
  for (const op of sorted) {
    if (!HTTP_METHODS.has(op.httpMethod)) {
      problems.push({ name: `unsupported HTTP method ${op.httpMethod}`, keys: [op.key] });
      continue;
    }
    let rule;
    try {
      rule = nameFromPath(op, index);
    } catch (err) {
      problems.push({ name: (err as Error).message, keys: [op.key] });
      continue;
    }
    let namespace: string[] = rule.namespace;
    let method = rule.method;

    const hint = op.hint;
    if (hint) {
      if (rule.shape === 'action' && hint.methodType === 'custom') {
        // the spec names custom actions on the resource better than a path can (`void` -> `voidGrant`).
        // Not for 'sub-action' and sub-resource CRUD: there the hint names a method of the sub-resource's
        // own class (`bank_account.verify`), which stripe-node flattens onto the parent (`verifySource`).
        const fromHint = camelCase(hint.methodName);
        if (IDENTIFIER.test(fromHint) && !RESERVED_METHOD_NAMES.has(fromHint)) method = fromHint;
      } else if (rule.shape === 'crud' && /^(del|create|update|retrieve|list|search)$/.test(rule.method)) {
        // on the resource itself the spec's CRUD verb settles create-vs-update on singletons
        const verb = CRUD_FROM_METHOD_TYPE[op.httpMethod]?.[hint.methodType ?? ''];
        if (verb) method = verb;
      }
    }

    const prefixNs = prefixOverrides.get(rule.resourcePrefix);
    if (prefixNs) namespace = [...prefixNs];
    const own = overrides[op.key];
    if (own?.namespace) namespace = [...own.namespace];
    if (own?.method) method = own.method;

    names.set(op.key, { namespace, method });
  }

  problems.push(...findCollisions(names));
  if (problems.length > 0) {
    problems.sort((a, b) => compare(a.name, b.name) || compare(a.keys.join(), b.keys.join()));
    throw new NamingCollisionError(problems);
  }
  return names;
}

/** Every way a set of names can clash; empty when the client surface is well formed. */
export function findCollisions(names: ReadonlyMap<string, OperationName>): NamingCollision[] {
  const out: NamingCollision[] = [];
  const byLabel = new Map<string, string[]>();
  const underNamespace = new Map<string, string[]>(); // 'a.b' -> keys of methods living at or below a.b
  for (const key of [...names.keys()].sort()) {
    const { namespace, method } = names.get(key)!;
    const label = [...namespace, method].join('.');
    (byLabel.get(label) ?? byLabel.set(label, []).get(label)!).push(key);
    for (let i = 1; i <= namespace.length; i++) {
      const ns = namespace.slice(0, i).join('.');
      (underNamespace.get(ns) ?? underNamespace.set(ns, []).get(ns)!).push(key);
    }
    if (namespace.length === 0) out.push({ name: `${label} (method on the client root)`, keys: [key] });
    else if (RESERVED_CLIENT_MEMBERS.has(namespace[0]!)) {
      out.push({ name: `${namespace[0]} (reserved client member)`, keys: [key] });
    }
    if (RESERVED_METHOD_NAMES.has(method)) out.push({ name: `${label} (reserved word as method name)`, keys: [key] });
    for (const part of [...namespace, method]) {
      if (!IDENTIFIER.test(part))
        out.push({ name: `${label} (${JSON.stringify(part)} is not an identifier)`, keys: [key] });
    }
  }
  for (const [label, keys] of byLabel) {
    if (keys.length > 1) out.push({ name: label, keys });
    const shadowed = underNamespace.get(label);
    if (shadowed) out.push({ name: `${label} (method and namespace)`, keys: [...keys, ...shadowed] });
  }
  return out;
}
