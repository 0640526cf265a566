// The `Stripe` type namespace, merged with the `Stripe` class in client.ts, so that
// `import Stripe from '...'` gives stripe-node's names: `Stripe.Customer`,
// `Stripe.CustomerCreateParams`, `Stripe.Checkout.SessionCreateParams`, `Stripe.ApiList<T>`,
// `Stripe.errors.StripeCardError`. Every member is a type alias of a named export written
// as an `import('...')` type, so the namespace adds no import to client.ts and the
// compiler resolves a member only when a consumer names it. This module builds the view
// model; templates/namespace.ts.hbs prints it.
import { posix } from 'node:path';
import { SpecError, type SpecIssue } from './errors.js';
import { schemaTypePath, type Layout } from './layout.js';
import { compareKeys, type ApiModel } from './model.js';
import type { TypesOutput } from './types.js';

export interface NamespaceMember {
  /** Name inside its namespace block: `SessionCreateParams`. */
  readonly name: string;
  /** `<T>` for generic members, else empty. */
  readonly typeParams: string;
  /** What the alias stands for: `import('./types/params/checkout/sessions.js').CheckoutSessionCreateParams`. */
  readonly target: string;
}

export interface NamespaceBlock {
  /** `Checkout`, `V2`. */
  readonly name: string;
  readonly members: readonly NamespaceMember[];
  /** Namespaces nested in this one (`Billing` in `V2`). Nested, not dotted (`V2.Billing`): esbuild would emit objects for those. */
  readonly blocks: readonly NamespaceBlock[];
}

export interface NamespaceView {
  /** Local name client.ts imports the runtime's error-class object under (`Stripe.errors`). */
  readonly errorsLocal: string;
  /** Members directly on `Stripe`. */
  readonly root: readonly NamespaceMember[];
  /** Nested namespaces (`Stripe.Checkout`), sorted by name. */
  readonly blocks: readonly NamespaceBlock[];
}

/** The import name client.ts gives `errors` from the runtime (the namespace's own `errors` would shadow it). */
export const ERRORS_LOCAL = 'runtimeErrors';

/**
 * stripe-node's names for the runtime's public types, with the runtime export each one aliases.
 * `ApiList` and friends are what stripe-node calls list pages and their awaitable-and-iterable promises.
 */
// prettier-ignore
const RUNTIME_ALIASES: readonly { name: string; typeParams?: string; target: string }[] = [
  { name: 'ApiList', typeParams: '<T>', target: 'ListObject<T>' },
  { name: 'ApiListPromise', typeParams: '<T>', target: 'ListPromise<T>' },
  { name: 'ApiSearchResult', typeParams: '<T>', target: 'SearchResult<T>' },
  { name: 'ApiSearchResultPromise', typeParams: '<T>', target: 'SearchPromise<T>' },
  { name: 'AppInfo', target: 'AppInfo' },
  { name: 'LastResponse', target: 'LastResponse' },
  { name: 'RequestEvent', target: 'RequestEvent' },
  { name: 'RequestOptions', target: 'RequestOptions' },
  { name: 'Response', typeParams: '<T>', target: 'Response<T>' },
  { name: 'ResponseEvent', target: 'ResponseEvent' },
  { name: 'StripeConfig', target: 'StripeConfig' },
  { name: 'V2List', typeParams: '<T>', target: 'V2ListObject<T>' },
  { name: 'V2ListPromise', typeParams: '<T>', target: 'V2ListPromise<T>' },
  { name: 'Webhooks', target: 'Webhooks' },
];

/**
 * Small shapes stripe-node names that the spec inlines, written out as stripe-node does. No global
 * type names here (`Record`): inside the namespace, a schema of that name would shadow them.
 */
// prettier-ignore
const SHAPES: readonly NamespaceMember[] = [
  { name: 'AddressParam', typeParams: '', target: '{ city?: string; country?: string; line1?: string; line2?: string; postal_code?: string; state?: string }' },
  { name: 'Emptyable', typeParams: '<T>', target: "null | '' | T" },
  { name: 'JapanAddressParam', typeParams: '', target: '{ city?: string; country?: string; line1?: string; line2?: string; postal_code?: string; state?: string; town?: string }' },
  { name: 'Metadata', typeParams: '', target: '{ [name: string]: string }' },
  { name: 'MetadataParam', typeParams: '', target: '{ [name: string]: string | number | null }' },
  { name: 'PaginationParams', typeParams: '', target: '{ ending_before?: string; limit?: number; starting_after?: string }' },
  { name: 'RangeQueryParam', typeParams: '', target: '{ gt?: number; gte?: number; lt?: number; lte?: number }' },
  { name: 'ShippingAddressParam', typeParams: '', target: '{ city?: string; country?: string; line1: string; line2?: string; postal_code?: string; state?: string }' },
];

/** Names the namespace declares itself (`export import`), which no generated type may take. */
const OWN_NAMES = ['errors', 'StripeError'];

/**
 * @param hostFile the output file the namespace is printed into (client.ts), for relative imports
 * @param runtimeIndex the runtime's index as an import path from the output root, without extension
 */
export function namespaceView(model: ApiModel, layout: Layout, types: TypesOutput, hostFile: string, runtimeIndex: string): NamespaceView {
  const from = (file: string) => {
    let rel = posix.relative(posix.dirname(hostFile), file);
    if (!rel.startsWith('.')) rel = './' + rel;
    return `${rel}.js`;
  };
  const runtime = from(runtimeIndex);
  // path ('' for the root) -> name -> member, plus who claimed each name (for a clear collision error)
  const blocks = new Map<string, Map<string, NamespaceMember & { owner: string }>>();
  const issues: SpecIssue[] = [];
  const add = (path: readonly string[], member: NamespaceMember, owner: string) => {
    const key = path.join('.');
    let block = blocks.get(key);
    if (!block) blocks.set(key, (block = new Map()));
    const prev = block.get(member.name) ?? (key === '' && OWN_NAMES.includes(member.name) ? { owner: 'the namespace itself' } : undefined);
    if (prev && prev.owner !== owner) {
      issues.push({ file: model.sources[0]?.file ?? '(spec)', pointer: '/components/schemas', message: `Stripe.${[...path, member.name].join('.')} for ${owner} collides with ${prev.owner}` });
      return;
    }
    block.set(member.name, { ...member, owner });
  };

  for (const s of model.schemas) {
    const parts = schemaTypePath(s.name);
    add(parts.slice(0, -1), { name: parts[parts.length - 1]!, typeParams: '', target: `import('${from(layout.schemaFile(s.name))}').${layout.schemaTypes.get(s.name)!}` }, `schema ${s.name}`);
  }
  const resourceOf = new Map(layout.resources.map((r) => [r.resource.namespace.join('.'), r]));
  for (const op of model.operations) {
    const names = layout.operations.get(op.key)!;
    const file = from(resourceOf.get(op.namespace.join('.'))!.paramsFile);
    const local = names.paramsLocal.slice(0, -'Params'.length);
    const owner = `operation ${op.key}`;
    add(names.typeNamespace, { name: names.paramsLocal, typeParams: '', target: `import('${file}').${names.paramsType}` }, owner);
    // Response and item aliases exist only where the response is not a plain schema reference.
    const responseType = types.operations.get(op.key)?.responseType;
    if (responseType === names.responseAlias) add(names.typeNamespace, { name: `${local}Response`, typeParams: '', target: `import('${file}').${responseType}` }, owner);
    if (responseType === names.itemAlias) add(names.typeNamespace, { name: `${local}Item`, typeParams: '', target: `import('${file}').${responseType}` }, owner);
  }
  for (const a of RUNTIME_ALIASES) add([], { name: a.name, typeParams: a.typeParams ?? '', target: `import('${runtime}').${a.target}` }, 'the runtime');
  for (const m of SHAPES) add([], m, 'the runtime');
  if (issues.length) throw new SpecError(issues);

  const members = (key: string): NamespaceMember[] =>
    [...(blocks.get(key)?.values() ?? [])].sort((a, b) => compareKeys(a.name, b.name)).map(({ name, typeParams, target }) => ({ name, typeParams, target }));
  // Every prefix of a path is a namespace too (`V2` for `V2.Billing`), even when it holds no type itself.
  const paths = new Set([...blocks.keys()].filter(Boolean).flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  const childrenOf = (parent: string): NamespaceBlock[] =>
    [...paths]
      .filter((p) => (parent ? p.startsWith(parent + '.') : true) && p.split('.').length === (parent ? parent.split('.').length + 1 : 1))
      .sort(compareKeys)
      .map((p) => ({ name: p.split('.').pop()!, members: members(p), blocks: childrenOf(p) }));
  return { errorsLocal: ERRORS_LOCAL, root: members(''), blocks: childrenOf('') };
}
