// Step 6b: the maps behind typed `expand`. For each schema with fields an `expand` path can name,
// an interface `<Type>Expandable` (written into the schema's own file, without a doc comment: every
// byte here is parsed by every consumer's compiler) maps each such field to `Expands<map of what it
// expands to>` or `Holds<map of what it holds>`; for each
// operation that takes `expand`, the map its paths start from. runtime/expand-types.ts applies them.
// Expandable fields come from `x-expansionResources` (else `anyOf` with a string alternative and
// object alternatives); first segments are limited to `x-expandableFields` where the spec has it.
import { SpecError } from './errors.js';
import type { Layout } from './layout.js';
import type { ApiModel, Json, OperationModel } from './model.js';

/** A type a generated file must import for its expand maps: another schema's map, or a runtime helper. */
export interface ExpandImport {
  /** The schema whose file declares `name`; absent for runtime/expand-types. */
  readonly schema?: string;
  readonly name: string;
}

export interface ExpandBlock {
  readonly code: string;
  readonly imports: readonly ExpandImport[];
}

export interface OperationExpand {
  /** The map the operation's paths start from (a list's item map for list-like operations). */
  readonly map: string;
  readonly imports: readonly ExpandImport[];
}

export interface ExpandOutput {
  /** schema name -> its map interface (only schemas with something to expand) */
  readonly schemas: ReadonlyMap<string, ExpandBlock>;
  /** operation key -> its map, for operations that take `expand` and return objects with a map */
  readonly operations: ReadonlyMap<string, OperationExpand>;
}

type Entry =
  | { readonly field: string; readonly kind: 'expand'; readonly many: boolean; readonly targets: readonly string[] }
  | { readonly field: string; readonly kind: 'nested'; readonly many: boolean; readonly refs: readonly string[] }
  | { readonly field: string; readonly kind: 'inline'; readonly many: boolean; readonly entries: readonly Entry[]; readonly includable: boolean };

const NO_EXPAND = 'NoExpand';

function isList(schema: Json): boolean {
  const props = (schema.properties ?? {}) as Json;
  return 'data' in props && 'has_more' in props;
}

function refName(schema: unknown): string | undefined {
  const ref = (schema as Json | undefined)?.$ref;
  if (typeof ref !== 'string') return undefined;
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function alternatives(schema: Json): Json[] {
  return ((schema.anyOf ?? schema.oneOf ?? schema.allOf ?? []) as Json[]).filter((s) => s && typeof s === 'object');
}

/** The object schemas a field's value can be, as named refs; `[]` when it is not (only) named objects. */
function refsOf(schema: Json): string[] {
  const own = refName(schema);
  if (own) return [own];
  const alts = alternatives(schema);
  const refs = alts.map(refName);
  return alts.length && refs.every(Boolean) ? (refs as string[]) : [];
}

/** The expansion targets of one value schema, or undefined when it is not expandable. */
function expansionTargets(schema: Json): string[] | undefined {
  const res = schema['x-expansionResources'] as Json | undefined;
  if (res) return ((res.oneOf ?? res.anyOf ?? []) as Json[]).map(refName).filter((n): n is string => Boolean(n));
  const alts = alternatives(schema);
  const refs = alts.map(refName).filter((n): n is string => Boolean(n));
  return refs.length && alts.some((a) => a.type === 'string') ? refs : undefined;
}

function entriesOf(schema: Json, deref: (s: Json) => Json, depth: number): Entry[] {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const listed = schema['x-expandableFields'] as string[] | undefined;
  const fields = listed ? listed.filter((f) => f in props) : Object.keys(props);
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const entries: Entry[] = [];
  for (const field of fields) {
    let value = props[field]!;
    const many = value.type === 'array' && typeof value.items === 'object';
    if (many) value = value.items as Json;
    const targets = expansionTargets(value);
    if (targets) {
      entries.push({ field, kind: 'expand', many, targets });
      continue;
    }
    const refs = refsOf(value);
    if (refs.length) {
      entries.push({ field, kind: 'nested', many, refs });
      continue;
    }
    // An inline object (a list of refunds inside a charge): its own map, written in place. A list
    // that is not `required` is one the API includes only when expanded (customer.tax_ids,
    // checkout.session.line_items): `expand` may name it as well as paths inside it.
    const inline = deref(value);
    if (depth < 6 && inline.properties) {
      const inner = entriesOf(inline, deref, depth + 1);
      const includable = !many && isList(inline) && !required.has(field);
      if (inner.length || includable) entries.push({ field, kind: 'inline', many, entries: inner, includable });
    }
  }
  return entries;
}

export function mapName(typeName: string): string {
  return `${typeName}Expandable`;
}

export function buildExpandTypes(model: ApiModel, layout: Layout): ExpandOutput {
  const deref = (s: Json): Json => {
    let cur = s;
    for (let i = 0; i < 32 && cur && typeof cur.$ref === 'string'; i++) {
      const name = refName(cur);
      cur = (name ? (((model.doc.components as Json | undefined)?.schemas as Json | undefined)?.[name] as Json | undefined) : undefined) ?? {};
    }
    return cur ?? {};
  };
  const raw = new Map(model.schemas.map((s) => [s.name, entriesOf(s.schema, deref, 0)]));
  // A named schema that is only a union of others (external_account: bank_account | card) stands for its members.
  const bySchema = new Map(model.schemas.map((s) => [s.name, s.schema]));
  const flatten = (name: string, depth = 0): string[] => {
    const schema = bySchema.get(name);
    const members = schema && !schema.properties && depth < 8 ? refsOf({ anyOf: alternatives(schema) }) : [];
    return members.length ? members.flatMap((m) => flatten(m, depth + 1)) : [name];
  };
  const flat = (names: readonly string[]): string[] => [...new Set(names.flatMap((n) => flatten(n)))];

  // A schema has a map when some path through it ends in an expandable field: a fixpoint, because
  // nested objects refer to each other in cycles (charge -> refunds -> refund -> charge).
  const hasMap = new Set<string>();
  const live = (e: Entry): boolean =>
    e.kind === 'expand' || (e.kind === 'nested' ? flat(e.refs).some((r) => hasMap.has(r)) : e.includable || e.entries.some(live));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, entries] of raw) {
      if (!hasMap.has(name) && entries.some(live)) {
        hasMap.add(name);
        changed = true;
      }
    }
  }

  const taken = new Set(layout.schemaTypes.values());
  const mapOf = (schema: string): string => (hasMap.has(schema) ? mapName(layout.schemaTypes.get(schema)!) : NO_EXPAND);
  const joinMaps = (schemas: readonly string[]): string => {
    const maps = [...new Set(flat(schemas).filter((s) => hasMap.has(s)).map(mapOf))];
    return maps.length ? maps.join(' & ') : NO_EXPAND;
  };

  const render = (entries: readonly Entry[], uses: Set<string>, indent: string): string => {
    const lines: string[] = [];
    for (const e of entries) {
      if (!live(e)) continue;
      let map: string;
      if (e.kind === 'expand') map = joinMaps(e.targets);
      else if (e.kind === 'nested') map = joinMaps(e.refs);
      else map = e.entries.some(live) ? `{\n${render(e.entries, uses, indent + '    ')}${indent}    }` : NO_EXPAND;
      if (e.kind !== 'inline') for (const t of flat(e.kind === 'expand' ? e.targets : e.refs)) if (hasMap.has(t)) uses.add(t);
      const helper = e.kind === 'expand' || (e.kind === 'inline' && e.includable) ? 'Expands' : 'Holds';
      uses.add(`#${helper}`);
      if (map === NO_EXPAND) uses.add(`#${NO_EXPAND}`);
      lines.push(`${indent}    ${propertyName(e.field)}: ${helper}<${map}${e.many ? ', true' : ''}>;\n`);
    }
    return lines.join('');
  };
  const importsOf = (uses: Set<string>, self?: string): ExpandImport[] =>
    [...uses]
      .sort()
      .filter((u) => u !== self)
      .map((u) => (u.startsWith('#') ? { name: u.slice(1) } : { schema: u, name: mapOf(u) }));

  const issues: { file: string; pointer: string; message: string }[] = [];
  const schemas = new Map<string, ExpandBlock>();
  for (const s of model.schemas) {
    if (!hasMap.has(s.name)) continue;
    const typeName = layout.schemaTypes.get(s.name)!;
    const name = mapName(typeName);
    if (taken.has(name)) issues.push({ file: model.sources[0]?.file ?? '(spec)', pointer: `/components/schemas/${s.name}`, message: `expand map name ${name} collides with a schema type` });
    const uses = new Set<string>();
    const body = render(raw.get(s.name)!, uses, '');
    const code = `export interface ${name} {\n${body}}`;
    schemas.set(s.name, { code, imports: importsOf(uses, s.name) });
  }
  if (issues.length) throw new SpecError(issues);

  const operations = new Map<string, OperationExpand>();
  for (const op of model.operations) {
    if (!takesExpand(op) || op.binaryResponse) continue;
    const refs = refsOf(op.itemSchema ?? op.responseSchema);
    if (!refs.length) continue; // an inline response object: left with a plain `expand?: string[]`
    const uses = new Set<string>();
    const members = flat(refs);
    for (const r of members) if (hasMap.has(r)) uses.add(r);
    if (!members.some((r) => hasMap.has(r))) uses.add(`#${NO_EXPAND}`);
    operations.set(op.key, { map: joinMaps(refs), imports: importsOf(uses) });
  }
  return { schemas, operations };
}

function propertyName(field: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(field) ? field : JSON.stringify(field);
}

function takesExpand(op: OperationModel): boolean {
  return op.params.some((p) => p.name === 'expand');
}
