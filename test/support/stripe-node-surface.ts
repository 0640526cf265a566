// Test helper: the method surface of the installed stripe-node (devDependency),
// i.e. every `stripe.<namespace...>.<method>()` and the HTTP method + path it calls.
// It instantiates the client offline (no request is made), walks the resource
// tree the constructor assembles, and reads each method's `_makeRequest(VERB, path)`
// calls out of the method's source text. Used as ground truth for naming tests.
import { createRequire } from 'node:module';

export type SurfaceHttpMethod = 'get' | 'post' | 'delete';

export interface StripeNodeMethod {
  /** e.g. ['billingPortal', 'sessions'] for `stripe.billingPortal.sessions`. */
  readonly namespace: readonly string[];
  readonly method: string;
  readonly httpMethod: SurfaceHttpMethod;
  /** Path with `{param}` placeholders named after the JS argument, e.g. `/v1/customers/{id}`. */
  readonly path: string;
  /**
   * True when the method issues more than one distinct request depending on its
   * arguments (e.g. `accounts.retrieve(id?)` hits `/v1/accounts/{id}` or `/v1/account`).
   * Such an entry is a secondary spelling when a dedicated method exists.
   */
  readonly overloaded: boolean;
}

const require = createRequire(import.meta.url);

/** Client members that are not resources (or are aliases) and are not walked. */
const SKIPPED_ROOT_KEYS = new Set(['errors', 'webhooks', 'Decimal', 'VERSION', 'on', 'once', 'off', 'oauth']);

const REQUEST_RE = /_makeRequest\(\s*'(GET|POST|DELETE)'\s*,\s*(`[^`]*`|'[^']*')/g;

function literalToPath(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (literal.startsWith("'")) return body;
  let dynamic = false;
  const path = body.replace(/\$\{([^}]*)\}/g, (_m, expr: string) => {
    const arg = /^encodeURIComponent\((\w+)\)$/.exec(expr.trim());
    if (!arg) {
      dynamic = true;
      return '{}';
    }
    return `{${arg[1]}}`;
  });
  return dynamic ? undefined : path;
}

function methodsOf(resource: object, base: object): Map<string, Function> {
  const out = new Map<string, Function>();
  for (let proto = Object.getPrototypeOf(resource); proto && proto !== base; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || name.startsWith('_') || out.has(name)) continue;
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (desc && typeof desc.value === 'function') out.set(name, desc.value as Function);
    }
  }
  return out;
}

let cached: StripeNodeMethod[] | undefined;

/** The full stripe-node surface, sorted by namespace, method, verb, path. */
export function loadStripeNodeSurface(): StripeNodeMethod[] {
  if (cached) return cached;
  const StripeCtor = require('stripe') as { new (key: string): object; StripeResource: Function };
  const client = new StripeCtor('sk_test_x') as Record<string, unknown>;
  const resourceBase = StripeCtor.StripeResource.prototype as object;
  const seen = new Set<object>([client]);
  const out: StripeNodeMethod[] = [];

  const walk = (obj: Record<string, unknown>, ns: string[]): void => {
    // Object.keys keeps assignment order, so canonical names (`accounts`) win over later aliases (`account`).
    for (const key of Object.keys(obj)) {
      if (key.startsWith('_') || key === 'stripe') continue;
      if (ns.length === 0 && SKIPPED_ROOT_KEYS.has(key)) continue;
      const value = obj[key];
      if (!value || typeof value !== 'object' || seen.has(value)) continue;
      seen.add(value);
      const path = [...ns, key];
      if (value instanceof (StripeCtor.StripeResource as unknown as new () => object)) {
        for (const [method, fn] of methodsOf(value, resourceBase)) {
          const calls = new Map<string, { httpMethod: SurfaceHttpMethod; path: string }>();
          for (const m of fn.toString().matchAll(REQUEST_RE)) {
            const p = literalToPath(m[2]!);
            if (p === undefined) continue;
            const httpMethod = m[1]!.toLowerCase() as SurfaceHttpMethod;
            calls.set(`${httpMethod} ${p}`, { httpMethod, path: p });
          }
          for (const call of calls.values()) {
            out.push({ namespace: path, method, ...call, overloaded: calls.size > 1 });
          }
        }
      } else {
        walk(value as Record<string, unknown>, path);
      }
    }
  };
  walk(client, []);
  out.sort((a, b) => cmp(surfaceLabel(a), surfaceLabel(b)) || cmp(a.httpMethod + a.path, b.httpMethod + b.path));
  cached = out;
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function surfaceLabel(m: { namespace: readonly string[]; method: string }): string {
  return [...m.namespace, m.method].join('.');
}

/** `get /v1/customers/{}`: verb + path with placeholder names erased, for matching spec paths to stripe-node paths. */
export function routeKey(httpMethod: string, path: string): string {
  return `${httpMethod.toLowerCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}

/** Surface entries grouped by routeKey. */
export function surfaceByRoute(): Map<string, StripeNodeMethod[]> {
  const map = new Map<string, StripeNodeMethod[]>();
  for (const m of loadStripeNodeSurface()) {
    const k = routeKey(m.httpMethod, m.path);
    const list = map.get(k);
    if (list) list.push(m);
    else map.set(k, [m]);
  }
  return map;
}
