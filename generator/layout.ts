// Step 5 (second half of naming): decide the names of everything the emitter
// writes: type names, class names and file paths. Operation names (namespace and
// method) come from naming.ts; this module turns them into TypeScript names and
// files, and refuses any two things that would get the same name.
import { SpecError, type SpecIssue } from './errors.js';
import type { ApiModel, OperationModel, ResourceModel } from './model.js';
import { ROOT_NAMES } from './namespace-members.js';
import { singular } from './naming-rules.js';

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval params options'.split(' '),
);

export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export function camel(name: string): string {
  const p = pascal(name);
  return p ? p[0]!.toLowerCase() + p.slice(1) : p;
}

export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** A safe JS identifier for a path parameter. */
export function identifierFor(name: string): string {
  const id = camel(name) || 'param';
  return RESERVED.has(id) ? `${id}Id` : /^[0-9]/.test(id) ? `_${id}` : id;
}

/** Resource words stripe-node keeps plural in type names (`BalanceSettingsRetrieveParams`, `Tax.SettingsUpdateParams`). */
const KEEP_PLURAL = new Set(['settings']);

/**
 * Where stripe-node's `Stripe` namespace puts an operation's types: the client namespace minus
 * the resource, each part in PascalCase (`checkout` -> `Checkout`, `v2.core.accounts.persons` ->
 * `V2.Core.Accounts`), then the singular resource (`Session`, `Person`). The flat name a file
 * exports is the same parts joined (`CheckoutSession...`), so a flat name is unique exactly when
 * the qualified one is.
 */
export function typePathOf(namespace: readonly string[]): { packages: string[]; resource: string } {
  const last = kebab(namespace[namespace.length - 1] ?? '').replace(/-/g, '_');
  return {
    packages: namespace.slice(0, -1).map(pascal),
    resource: pascal(KEEP_PLURAL.has(last.split('_').pop()!) ? last : singular(last)),
  };
}

/** stripe-node spells the method `del` as `Delete` in type names (`CustomerDeleteParams`). */
function methodWord(method: string): string {
  return method === 'del' ? 'Delete' : pascal(method);
}

/**
 * Objects stripe-node names otherwise than their schema (its `x-stripeResource` class names). Only
 * the namespace uses these; the named exports keep the schema's name (`Invoiceitem`, `Item`).
 */
const SCHEMA_TYPE_PATHS: Readonly<Record<string, readonly string[]>> = {
  invoiceitem: ['InvoiceItem'],
  deleted_invoiceitem: ['DeletedInvoiceItem'],
  // stripe-node's `LineItem` is Checkout's `item`; an invoice's `line_item` is its `InvoiceLineItem`.
  item: ['LineItem'],
  line_item: ['InvoiceLineItem'],
  payment_source: ['CustomerSource'],
  deleted_payment_source: ['DeletedCustomerSource'],
  scheduled_query_run: ['Sigma', 'ScheduledQueryRun'],
};

/**
 * A schema's place in the `Stripe` namespace, as stripe-node has it: `checkout.session` ->
 * `Checkout.Session`, `deleted_customer` -> `DeletedCustomer`, `deleted_radar.value_list` ->
 * `Radar.DeletedValueList`.
 */
export function schemaTypePath(schemaName: string): string[] {
  const renamed = SCHEMA_TYPE_PATHS[schemaName];
  if (renamed) return [...renamed];
  const parts = schemaName.split('.');
  if (parts.length > 1 && parts[0]!.startsWith('deleted_')) {
    parts[0] = parts[0]!.slice('deleted_'.length);
    parts[parts.length - 1] = `deleted_${parts[parts.length - 1]}`;
  }
  return parts.map(pascal);
}

export interface ResourceLayout {
  readonly resource: ResourceModel;
  readonly className: string;
  /** Path under the output folder, without extension: `resources/billing-portal/sessions`. */
  readonly file: string;
  readonly paramsFile: string;
  /** Property name on the parent: `sessions`. */
  readonly property: string;
}

export interface OperationLayout {
  readonly op: OperationModel;
  /** Flat name of the params type (its named export): `CheckoutSessionCreateParams`. */
  readonly paramsType: string;
  /** Namespace parts before the type names below, as in stripe-node's `Stripe` namespace: `['Checkout']`. */
  readonly typeNamespace: readonly string[];
  /** The params type's name inside `typeNamespace`: `SessionCreateParams`. */
  readonly paramsLocal: string;
  /** The response and item aliases' names inside `typeNamespace`. */
  readonly responseLocal: string;
  readonly itemLocal: string;
  /** Name of the response alias written in the params file when the response is not a plain $ref. */
  readonly responseAlias: string;
  readonly itemAlias: string;
}

export interface Layout {
  readonly schemaTypes: ReadonlyMap<string, string>;
  readonly schemaFile: (schemaName: string) => string;
  readonly resources: readonly ResourceLayout[];
  readonly resourceByNs: ReadonlyMap<string, ResourceLayout>;
  readonly operations: ReadonlyMap<string, OperationLayout>;
}

export function buildLayout(model: ApiModel): Layout {
  const issues: SpecIssue[] = [];
  const taken = new Map<string, string>();
  const claim = (name: string, owner: string, file: string, pointer: string) => {
    const prev = taken.get(name);
    if (prev && prev !== owner) issues.push({ file, pointer, message: `type name ${name} for ${owner} collides with ${prev}` });
    taken.set(name, owner);
  };
  // Names in the `Stripe` type namespace (`Checkout.SessionCreateParams`): unique too, and none may
  // take a name the namespace gives the runtime (`RequestOptions`, `errors`).
  const qualified = new Map<string, string>(ROOT_NAMES.map((n) => [n, 'a runtime type of the Stripe namespace']));
  const claimQualified = (name: string, owner: string, file: string, pointer: string) => {
    const prev = qualified.get(name);
    if (prev && prev !== owner) issues.push({ file, pointer, message: `type name Stripe.${name} for ${owner} collides with ${prev}` });
    qualified.set(name, owner);
  };
  const specFile = model.sources[0]?.file ?? '(spec)';

  const schemaTypes = new Map<string, string>();
  for (const s of model.schemas) {
    const name = pascal(s.name);
    claim(name, `schema ${s.name}`, specFile, `/components/schemas/${s.name}`);
    claimQualified(schemaTypePath(s.name).join('.'), `schema ${s.name}`, specFile, `/components/schemas/${s.name}`);
    schemaTypes.set(s.name, name);
  }

  const resources: ResourceLayout[] = model.resources.map((resource) => {
    const path = resource.namespace.map(kebab).join('/');
    const className = `${pascal(resource.namespace.join(' '))}Resource`;
    claim(className, `resource ${resource.namespace.join('.')}`, specFile, '/paths');
    return { resource, className, file: `resources/${path}`, paramsFile: `types/params/${path}`, property: resource.namespace[resource.namespace.length - 1]! };
  });

  const operations = new Map<string, OperationLayout>();
  for (const op of model.operations) {
    const { packages, resource } = typePathOf(op.namespace);
    const local = `${resource}${methodWord(op.methodName)}`;
    const base = packages.join('') + local;
    const layout = {
      op,
      paramsType: `${base}Params`,
      typeNamespace: packages,
      paramsLocal: `${local}Params`,
      responseLocal: `${local}Response`,
      itemLocal: `${local}Item`,
      responseAlias: `${base}Response`,
      itemAlias: `${base}Item`,
    };
    for (const n of [layout.paramsType, layout.responseAlias, layout.itemAlias]) claim(n, `operation ${op.key}`, op.sourceFile, op.pointer);
    for (const n of [layout.paramsLocal, layout.responseLocal, layout.itemLocal]) claimQualified([...packages, n].join('.'), `operation ${op.key}`, op.sourceFile, op.pointer);
    operations.set(op.key, layout);
  }
  if (issues.length) throw new SpecError(issues);
  return {
    schemaTypes,
    schemaFile: (name) => `types/schemas/${name}`,
    resources,
    resourceByNs: new Map(resources.map((r) => [r.resource.namespace.join('.'), r])),
    operations,
  };
}
