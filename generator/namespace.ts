// The `Stripe` type namespace, merged with the `Stripe` class in client.ts, so that
// `import Stripe from '...'` gives stripe-node's names: `Stripe.Customer`,
// `Stripe.CustomerCreateParams`, `Stripe.Checkout.SessionCreateParams`, `Stripe.ApiList<T>`,
// `Stripe.errors.StripeCardError`. Every member is a type alias of a named export written
// as an `import('...')` type, so the namespace adds no import to client.ts and the
// compiler resolves a member only when a consumer names it. This module builds the view
// model; templates/namespace.ts.hbs prints it. Names are decided (and collisions refused)
// in layout.ts.
import { posix } from 'node:path';
import { schemaTypePath, type Layout } from './layout.js';
import { compareKeys, type ApiModel } from './model.js';
import { RUNTIME_ALIASES, SHAPES, type NamespaceMember } from './namespace-members.js';
import type { TypesOutput } from './types.js';

export type { NamespaceMember } from './namespace-members.js';
export type { NamespaceBlock, NamespaceView } from './context-types.js';
import type { NamespaceBlock, NamespaceView } from './context-types.js';

/** The import name client.ts gives `errors` from the runtime (the namespace's own `errors` would shadow it). */
export const ERRORS_LOCAL = 'runtimeErrors';

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
  const blocks = new Map<string, NamespaceMember[]>(); // dotted path ('' for the root) -> members
  const add = (path: readonly string[], member: NamespaceMember) => {
    const key = path.join('.');
    blocks.set(key, [...(blocks.get(key) ?? []), member]);
  };

  for (const s of model.schemas) {
    const parts = schemaTypePath(s.name);
    add(parts.slice(0, -1), { name: parts[parts.length - 1]!, typeParams: '', target: `import('${from(layout.schemaFile(s.name))}').${layout.schemaTypes.get(s.name)!}` });
  }
  const resourceOf = new Map(layout.resources.map((r) => [r.resource.namespace.join('.'), r]));
  for (const op of model.operations) {
    const names = layout.operations.get(op.key)!;
    const file = from(resourceOf.get(op.namespace.join('.'))!.paramsFile);
    add(names.typeNamespace, { name: names.paramsLocal, typeParams: '', target: `import('${file}').${names.paramsType}` });
    // Response and item aliases exist only where the response is not a plain schema reference.
    const responseType = types.operations.get(op.key)?.responseType;
    if (responseType === names.responseAlias) add(names.typeNamespace, { name: names.responseLocal, typeParams: '', target: `import('${file}').${responseType}` });
    if (responseType === names.itemAlias) add(names.typeNamespace, { name: names.itemLocal, typeParams: '', target: `import('${file}').${responseType}` });
  }
  for (const a of RUNTIME_ALIASES) add([], { name: a.name, typeParams: a.typeParams ?? '', target: `import('${runtime}').${a.target}` });
  for (const m of SHAPES) add([], m);

  const members = (key: string): NamespaceMember[] => [...(blocks.get(key) ?? [])].sort((a, b) => compareKeys(a.name, b.name));
  // Every prefix of a path is a namespace too (`V2` for `V2.Billing`), even when it holds no type itself.
  const paths = new Set([...blocks.keys()].filter(Boolean).flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  const childrenOf = (parent: string): NamespaceBlock[] =>
    [...paths]
      .filter((p) => (parent ? p.startsWith(parent + '.') : true) && p.split('.').length === (parent ? parent.split('.').length + 1 : 1))
      .sort(compareKeys)
      .map((p) => ({ name: p.split('.').pop()!, members: members(p), blocks: childrenOf(p) }));
  return { errorsLocal: ERRORS_LOCAL, root: members(''), blocks: childrenOf('') };
}
