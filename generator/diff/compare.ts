// Compare two snapshots: methods by client name, params and response fields by dotted
// path, named types by schema name. Emits one Change per fact, classified by classify.ts;
// beneath a removed or added param/field, its own members are not listed again.
import { isBreaking, isWidening, type Change, type ChangeKind, type ClassifyFacts } from './classify.js';
import type { ApiSnapshot, FieldSnap, MethodSnap } from './snapshot.js';

export interface DiffResult {
  readonly from: { readonly apiVersion: string; readonly sources: readonly string[] };
  readonly to: { readonly apiVersion: string; readonly sources: readonly string[] };
  readonly changes: readonly Change[];
}

type Where = Pick<Change, 'method' | 'schema' | 'resource'>;
type Emit = (kind: ChangeKind, where: Where & Pick<Change, 'param' | 'field' | 'value'>, message: string, facts?: ClassifyFacts) => void;

const code = (s: string) => '`' + s + '`';
const sorted = <T>(o: Readonly<Record<string, T>>) => Object.keys(o).sort();
const namespaceOf = (method: string) => method.split('.').slice(0, -1).join('.');

export function compareSnapshots(from: ApiSnapshot, to: ApiSnapshot): DiffResult {
  const changes: Change[] = [];
  const emit: Emit = (kind, where, message, facts) => {
    const resource = where.resource ?? (where.method ? namespaceOf(where.method) : undefined);
    changes.push({ kind, breaking: isBreaking(kind, facts), ...where, ...(resource ? { resource } : {}), message });
  };

  if (from.apiVersion !== to.apiVersion) emit('api_version_changed', {}, `API version ${from.apiVersion} → ${to.apiVersion}`);

  const oldNs = new Set(Object.keys(from.methods).map(namespaceOf));
  const newNs = new Set(Object.keys(to.methods).map(namespaceOf));
  for (const ns of [...oldNs].sort()) if (!newNs.has(ns)) emit('resource_removed', { resource: ns }, `resource ${code('stripe.' + ns)} removed`);
  for (const ns of [...newNs].sort()) if (!oldNs.has(ns)) emit('resource_added', { resource: ns }, `resource ${code('stripe.' + ns)} added`);

  for (const name of sorted(from.methods)) {
    const before = from.methods[name]!;
    const after = to.methods[name];
    if (!after) emit('method_removed', { method: name }, `method ${code(name)} removed (${before.route})`);
    else compareMethod(name, before, after, emit);
  }
  for (const name of sorted(to.methods)) {
    if (!from.methods[name]) emit('method_added', { method: name }, `method ${code(name)} added (${to.methods[name]!.route})`);
  }

  for (const name of sorted(from.schemas)) {
    const before = from.schemas[name]!;
    const after = to.schemas[name];
    if (!after) emit('schema_removed', { schema: name }, `type ${code('Stripe.' + before.type)} (${name}) removed`);
    // A slice's placeholder says nothing about fields: compare only real objects.
    else if (!before.stub && !after.stub) compareFields(before.fields, after.fields, { schema: name }, `${before.type}.`, emit);
  }
  for (const name of sorted(to.schemas)) {
    if (!from.schemas[name]) emit('schema_added', { schema: name }, `type ${code('Stripe.' + to.schemas[name]!.type)} (${name}) added`);
  }
  return { from: { apiVersion: from.apiVersion, sources: from.sources }, to: { apiVersion: to.apiVersion, sources: to.sources }, changes };
}

function compareMethod(name: string, a: MethodSnap, b: MethodSnap, emit: Emit): void {
  const at = { method: name };
  if (a.route !== b.route) {
    const pathArgsChanged = a.pathParams.length !== b.pathParams.length;
    emit('route_changed', at, `${code(name)} moved from ${a.route} to ${b.route}`, { pathArgsChanged });
  }
  if (a.host !== b.host) emit('host_changed', at, `${code(name)} is now sent to the ${b.host} host (was ${a.host})`);
  if (a.encoding !== b.encoding) emit('encoding_changed', at, `${code(name)} now sends ${b.encoding} (was ${a.encoding})`);
  if (!a.deprecated && b.deprecated) emit('method_deprecated', at, `method ${code(name)} deprecated`);
  if (a.returns !== b.returns) emit('response_type_changed', at, `${code(name)} now resolves to ${code(b.returns)} (was ${code(a.returns)})`);
  compareParams(name, a.params, b.params, emit);
  if (a.returns === b.returns && (a.fields || b.fields)) compareFields(a.fields ?? {}, b.fields ?? {}, at, `${name}() result.`, emit);
}

/** True when `path` sits under one of `roots` (`a.b` under `a`, `a[].b` under `a`). */
function under(path: string, roots: ReadonlySet<string>): boolean {
  for (let i = path.length - 1; i > 0; i--) {
    if ((path[i] === '.' || path[i] === '[') && roots.has(path.slice(0, i))) return true;
  }
  return false;
}

function compareParams(method: string, a: Readonly<Record<string, FieldSnap>>, b: Readonly<Record<string, FieldSnap>>, emit: Emit): void {
  const removed = new Set<string>();
  for (const p of sorted(a)) {
    const before = a[p]!;
    const after = b[p];
    const at = { method, param: p };
    if (!after) {
      if (!under(p, removed)) emit('param_removed', at, `${code(method)}: param ${code(p)} removed`);
      removed.add(p);
      continue;
    }
    if (!before.required && after.required) emit('param_required', at, `${code(method)}: param ${code(p)} is now required`);
    if (before.required && !after.required) emit('param_optional', at, `${code(method)}: param ${code(p)} is now optional`);
    if (before.type !== after.type) {
      emit('param_type_changed', at, `${code(method)}: param ${code(p)} is now ${code(after.type)} (was ${code(before.type)})`, { widened: isWidening(before.type, after.type) });
    } else if (before.enum && !after.enum) {
      emit('param_type_changed', at, `${code(method)}: param ${code(p)} now takes any ${code(after.type)} (was one of ${before.enum.length} values)`, { widened: true });
    } else if (!before.enum && after.enum) {
      emit('param_type_changed', at, `${code(method)}: param ${code(p)} now takes only ${after.enum.map(code).join(', ')} (was any ${code(before.type)})`, { widened: false });
    } else if (before.enum && after.enum) {
      const [gone, come] = enumDelta(before.enum, after.enum);
      for (const v of gone) emit('param_enum_value_removed', { ...at, value: v }, `${code(method)}: param ${code(p)} no longer accepts ${code(JSON.stringify(v))}`);
      for (const v of come) emit('param_enum_value_added', { ...at, value: v }, `${code(method)}: param ${code(p)} accepts ${code(JSON.stringify(v))}`);
    }
    if (!before.deprecated && after.deprecated) emit('param_deprecated', at, `${code(method)}: param ${code(p)} deprecated`);
  }
  const added = new Set<string>();
  for (const p of sorted(b)) {
    if (a[p]) continue;
    // A new optional object's required members are not required of anyone who leaves the object out.
    if (!under(p, added)) {
      const req = b[p]!.required === true;
      emit('param_added', { method, param: p }, `${code(method)}: ${req ? 'required ' : ''}param ${code(p)} added`, { required: req });
    }
    added.add(p);
  }
}

function compareFields(a: Readonly<Record<string, FieldSnap>>, b: Readonly<Record<string, FieldSnap>>, where: Where, prefix: string, emit: Emit): void {
  const removed = new Set<string>();
  for (const f of sorted(a)) {
    const before = a[f]!;
    const after = b[f];
    const at = { ...where, field: f };
    const label = code(prefix + f);
    if (!after) {
      if (!under(f, removed)) emit('field_removed', at, `field ${label} removed`);
      removed.add(f);
      continue;
    }
    if (before.required && !after.required) emit('field_optional', at, `field ${label} may now be absent`);
    if (!before.required && after.required) emit('field_required', at, `field ${label} is now always present`);
    if (before.type !== after.type) {
      emit('field_type_changed', at, `field ${label} is now ${code(after.type)} (was ${code(before.type)})`);
    } else if (Boolean(before.enum) !== Boolean(after.enum)) {
      const describe = (s: FieldSnap) => (s.enum ? `one of ${s.enum.length} values` : `any ${s.type}`);
      emit('field_type_changed', at, `field ${label} is now ${describe(after)} (was ${describe(before)})`);
    } else if (before.enum && after.enum) {
      const [gone, come] = enumDelta(before.enum, after.enum);
      for (const v of gone) emit('field_enum_value_removed', { ...at, value: v }, `field ${label} no longer holds ${code(JSON.stringify(v))}`);
      for (const v of come) emit('field_enum_value_added', { ...at, value: v }, `field ${label} may hold ${code(JSON.stringify(v))}`);
    }
    if (!before.deprecated && after.deprecated) emit('field_deprecated', at, `field ${label} deprecated`);
  }
  const added = new Set<string>();
  for (const f of sorted(b)) {
    if (a[f]) continue;
    if (!under(f, added)) emit('field_added', { ...where, field: f }, `field ${code(prefix + f)} added`);
    added.add(f);
  }
}

function enumDelta(a: readonly string[], b: readonly string[]): [string[], string[]] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [a.filter((v) => !sb.has(v)), b.filter((v) => !sa.has(v))];
}
