// The members of the `Stripe` type namespace that do not come from the spec: stripe-node's names
// for the runtime's types, and the small shapes stripe-node names that the spec inlines. Shared by
// layout.ts (no generated type may take these names) and namespace.ts (which prints them).

import type { NamespaceMember } from './context-types.js';

export type { NamespaceMember };

/**
 * stripe-node's names for the runtime's public types, with the runtime export each one aliases.
 * `ApiList` and friends are what stripe-node calls list pages and their awaitable-and-iterable promises.
 */
// prettier-ignore
export const RUNTIME_ALIASES: readonly { name: string; typeParams?: string; target: string }[] = [
  { name: 'ApiList', typeParams: '<T>', target: 'ListObject<T>' },
  { name: 'ApiListPromise', typeParams: '<T>', target: 'ListPromise<T>' },
  { name: 'ApiSearchResult', typeParams: '<T>', target: 'SearchResult<T>' },
  { name: 'ApiSearchResultPromise', typeParams: '<T>', target: 'SearchPromise<T>' },
  { name: 'AppInfo', target: 'AppInfo' },
  { name: 'LastResponse', target: 'LastResponse' },
  { name: 'PaginationParams', target: 'PaginationParams' },
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
export const SHAPES: readonly NamespaceMember[] = [
  { name: 'AddressParam', typeParams: '', target: '{ city?: string; country?: string; line1?: string; line2?: string; postal_code?: string; state?: string }' },
  { name: 'Emptyable', typeParams: '<T>', target: "null | '' | T" },
  { name: 'JapanAddressParam', typeParams: '', target: '{ city?: string; country?: string; line1?: string; line2?: string; postal_code?: string; state?: string; town?: string }' },
  { name: 'Metadata', typeParams: '', target: '{ [name: string]: string }' },
  { name: 'MetadataParam', typeParams: '', target: '{ [name: string]: string | number | null }' },
  { name: 'RangeQueryParam', typeParams: '', target: '{ gt?: number; gte?: number; lt?: number; lte?: number }' },
  { name: 'ShippingAddressParam', typeParams: '', target: '{ city?: string; country?: string; line1: string; line2?: string; postal_code?: string; state?: string }' },
];

/** Names the namespace declares itself (`export import`), which no generated type may take. */
export const OWN_NAMES = ['errors', 'StripeError'];

/** Every name the namespace's root holds besides the spec's types. */
export const ROOT_NAMES: readonly string[] = [...OWN_NAMES, ...RUNTIME_ALIASES.map((a) => a.name), ...SHAPES.map((s) => s.name)];
