// A comparable snapshot of the generator's model: every method by its client name
// (`customers.create`), its params and response fields flattened to dotted paths
// (`line_items[].price_data.currency`), each with a TypeScript-like type, its enum
// values and flags. It is plain JSON, so generate can store it beside manifest.json
// and a later run (or `stripe-codegen diff`) can compare without the old spec.
import { pascal } from '../layout.js';
import type { ApiModel, Json, OperationModel } from '../model.js';

export const SNAPSHOT_FILE = 'api-snapshot.json';
export const SNAPSHOT_FORMAT = 1;

/** One param or response field. `enum` absent means any value of `type`. */
export interface FieldSnap {
  readonly type: string;
  readonly required?: true;
  readonly enum?: readonly string[];
  readonly deprecated?: true;
}

export interface MethodSnap {
  /** "post /v1/customers" */
  readonly route: string;
  readonly host: string;
  readonly encoding: string;
  readonly pathParams: readonly string[];
  readonly deprecated?: true;
  /** What the call resolves to: a type name, `list<Customer>`, `binary`, or `object` (fields below). */
  readonly returns: string;
  readonly params: Readonly<Record<string, FieldSnap>>;
  /** Fields of an inline (unnamed) response object. */
  readonly fields?: Readonly<Record<string, FieldSnap>>;
  /** The spec the operation came from (registry name, or file name when unregistered). */
  readonly source: string;
}

export interface SchemaSnap {
  /** The exported TypeScript name (`Stripe.Charge`). */
  readonly type: string;
  readonly fields: Readonly<Record<string, FieldSnap>>;
  /** A slice's placeholder: its fields are unknown, not empty. */
  readonly stub?: true;
}

export interface ApiSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly apiVersion: string;
  readonly sources: readonly string[];
  /** Keyed by client method name: `checkout.sessions.create`. */
  readonly methods: Readonly<Record<string, MethodSnap>>;
  /** Keyed by the spec's schema name: `checkout.session`. */
  readonly schemas: Readonly<Record<string, SchemaSnap>>;
}

/** Nested inline objects are flattened this deep; Stripe's params go 5 levels at most. */
const MAX_DEPTH = 8;

export const methodName = (op: Pick<OperationModel, 'namespace' | 'methodName'>) => [...op.namespace, op.methodName].join('.');

export function snapshotModel(model: ApiModel): ApiSnapshot {
  const methods: Record<string, MethodSnap> = {};
  // Registry names, not file names: a spec's JSON and YAML twins give the same snapshot.
  const sourceOf = new Map(model.sources.map((s) => [s.file, s.source]));
  for (const op of model.operations) methods[methodName(op)] = snapshotOperation(op, sourceOf.get(op.sourceFile) ?? op.sourceFile);
  const schemas: Record<string, SchemaSnap> = {};
  for (const s of model.schemas) {
    const fields: Record<string, FieldSnap> = {};
    if (!s.stub) flattenChildren(s.schema, '', fields, 0);
    schemas[s.name] = { type: pascal(s.name), fields, ...(s.stub ? { stub: true as const } : {}) };
  }
  return { format: SNAPSHOT_FORMAT, apiVersion: model.apiVersion, sources: model.sources.map((s) => s.source), methods, schemas };
}

function snapshotOperation(op: OperationModel, source: string): MethodSnap {
  const params: Record<string, FieldSnap> = {};
  for (const p of op.params) flatten(p.schema, p.name, p.required, params, 0);
  const response = op.itemSchema ?? op.responseSchema;
  let returns = op.binaryResponse ? 'binary' : typeOf(response);
  if (op.page) returns = `${op.page}<${returns}>`;
  const fields: Record<string, FieldSnap> = {};
  if (!op.binaryResponse && !refName(response)) flattenChildren(response, '', fields, 0);
  return {
    route: op.key,
    host: op.host,
    encoding: op.encoding,
    pathParams: op.pathParams.map((p) => p.name),
    ...(op.deprecated ? { deprecated: true as const } : {}),
    returns,
    params,
    ...(Object.keys(fields).length ? { fields } : {}),
    source,
  };
}

function refName(schema: Json | undefined): string | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return undefined;
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : ref;
}

const members = (s: Json): Json[] => [...((s.anyOf as Json[] | undefined) ?? []), ...((s.oneOf as Json[] | undefined) ?? [])];
const isEmptyStringEnum = (s: Json) => Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === '';

/** A TypeScript-like rendering of a schema's type, without enum values or object members (compared separately). */
export function typeOf(s: Json | undefined): string {
  if (!s) return 'unknown';
  const ref = refName(s);
  let t: string;
  if (ref) t = pascal(ref);
  else if (members(s).length) t = union(members(s).map(typeOf));
  else if (Array.isArray(s.allOf)) t = (s.allOf as Json[]).length === 1 ? typeOf((s.allOf as Json[])[0]) : (s.allOf as Json[]).map(typeOf).join(' & ');
  else if (isEmptyStringEnum(s)) t = '""';
  else if (s.type === 'integer' || s.type === 'number') t = 'number';
  else if (s.type === 'string') t = s.format === 'binary' ? 'binary' : 'string';
  else if (s.type === 'boolean') t = 'boolean';
  else if (s.type === 'array') {
    const inner = typeOf(s.items as Json | undefined);
    t = inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
  } else if (s.type === 'object' || s.properties || s.additionalProperties) {
    if (s.properties && Object.keys(s.properties as Json).length) t = 'object';
    else if (s.additionalProperties && typeof s.additionalProperties === 'object') t = `Record<string, ${typeOf(s.additionalProperties as Json)}>`;
    else t = 'Record<string, unknown>';
  } else t = 'unknown';
  return s.nullable === true && !splitUnion(t).includes('null') ? union([t, 'null']) : t;
}

function union(types: string[]): string {
  return [...new Set(types.flatMap(splitUnion))].sort().join(' | ');
}

export /** Split `a | (b | c)[] | Record<string, d | e>` at its top-level bars. */
function splitUnion(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '(' || ch === '<') depth++;
    else if (ch === ')' || ch === '>') depth--;
    else if (depth === 0 && t.startsWith(' | ', i)) {
      out.push(t.slice(start, i));
      start = i + 3;
    }
  }
  out.push(t.slice(start));
  return out;
}

/** Enum values allowed by the schema (its own, its union members', its array items'), or undefined when open. */
function enumOf(s: Json): string[] | undefined {
  const values = new Set<string>();
  let open = false;
  const visit = (n: Json | undefined, depth: number) => {
    if (!n || refName(n) || depth > 2) return void (open = true);
    if (members(n).length) return members(n).forEach((m) => visit(m, depth + 1));
    if (n.type === 'array') return visit(n.items as Json | undefined, depth + 1);
    if (Array.isArray(n.enum)) {
      // The lone "" (Stripe's "unset") is part of the type, not an enum value.
      if (!isEmptyStringEnum(n)) for (const v of n.enum) values.add(String(v));
      return;
    }
    if (n.type === 'string' || n.type === 'number' || n.type === 'integer' || n.type === 'boolean' || n.type === undefined) open = true;
  };
  visit(s, 0);
  return !open && values.size ? [...values].sort() : undefined;
}

function flatten(s: Json, path: string, required: boolean, out: Record<string, FieldSnap>, depth: number): void {
  const values = enumOf(s);
  out[path] = {
    type: typeOf(s),
    ...(required ? { required: true as const } : {}),
    ...(values ? { enum: values } : {}),
    ...(s.deprecated === true ? { deprecated: true as const } : {}),
  };
  if (depth < MAX_DEPTH) flattenChildren(s, path, out, depth + 1);
}

/** Inline object members (of the node, its union members, its array items) as `path.name` / `path[].name`. */
function flattenChildren(s: Json, path: string, out: Record<string, FieldSnap>, depth: number): void {
  if (refName(s)) return; // named types are compared on their own
  const join = (name: string, arr: boolean) => (path ? `${path}${arr ? '[]' : ''}.${name}` : `${arr ? '[]' : ''}${name}`);
  const walk = (n: Json | undefined, arr: boolean, hops: number) => {
    if (!n || refName(n) || hops > 3) return;
    if (n.type === 'array') return walk(n.items as Json | undefined, true, hops + 1);
    for (const m of [...members(n), ...((n.allOf as Json[] | undefined) ?? [])]) walk(m, arr, hops + 1);
    const props = (n.properties ?? {}) as Json;
    const req = new Set((n.required as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries(props)) {
      const key = join(name, arr);
      if (key in out) continue; // the same member in two union branches: the first describes it
      flatten(child as Json, key, req.has(name), out, depth);
    }
  };
  walk(s, false, 0);
}
