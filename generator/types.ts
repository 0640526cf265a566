// Step 6: TypeScript types for every schema and every operation's params and
// response, printed by openapi-typescript one schema at a time. References
// become imports of the referenced schema's own file, so a consumer's compiler
// loads only the types reachable from what it uses.
import type { GlobalContext, OpenAPI3, SchemaObject } from 'openapi-typescript';
import { oats, ts } from './typescript.js';
import { eventUnionBlock } from './events.js';
import { transformSchema, withDeletedProperty } from './type-hooks.js';
import { buildExpandTypes, type ExpandOutput } from './expand.js';
import type { Layout } from './layout.js';
import { resolvePointer } from './validate.js';
import { PAGINATION_MODULE, PAGINATION_PARAMS, paginationHeritage, withoutPagination } from './pagination-params.js';
import type { ApiModel, Json, OperationModel } from './model.js';

export interface TypeBlock {
  /** Declarations, as printed (already formatted by TypeScript's printer). */
  readonly code: string;
  /** Schema names the code refers to. */
  readonly refs: readonly string[];
  /** Names the types barrel re-exports from this block's file (default: the schema's type name). */
  readonly exports?: readonly string[];
  /** Runtime types the code names, each with its module under runtime/ (`pagination`). */
  readonly runtimeRefs?: readonly RuntimeRef[];
}

export interface RuntimeRef {
  readonly name: string;
  readonly module: string;
}

export interface OperationTypes {
  readonly params: TypeBlock;
  /** The type a call resolves to (for list-like methods: one item), a schema type name or an alias. */
  readonly responseType: string;
}

export interface TypesOutput {
  /** schema name -> declarations */
  readonly schemas: ReadonlyMap<string, TypeBlock>;
  /** operation key -> params/response declarations */
  readonly operations: ReadonlyMap<string, OperationTypes>;
  /** Maps behind typed `expand` (generator/expand.ts). */
  readonly expand: ExpandOutput;
}

const REF_RE = /components\["schemas"\]\["([^"]+)"\]/g;

export function createTypeContext(doc: Json): GlobalContext {
  const spec = doc as unknown as OpenAPI3;
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: oats.scanDiscriminators(spec, {}),
    // Free-form objects (event.data.object, metadata-like bags) must stay usable: Record<string, unknown>.
    emptyObjectsUnknown: true,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as unknown as GlobalContext['redoc'],
    silent: true,
    // File uploads and `deleted?: void`: see type-hooks.ts.
    transform: transformSchema,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve<T>($ref: string): T | undefined {
      // Our own pointer walk: openapi-typescript's resolveRef goes through redocly's parser on every call.
      return resolvePointer(doc, $ref) as T | undefined;
    },
  };
}

/**
 * Print one declaration named `name` for `schema`; objects become interfaces (cheaper for tsc than aliases).
 * With `paginated`, an interface with the three standard pagination members extends the runtime's
 * PaginationParams instead (pagination-params.ts).
 */
function declare(name: string, schema: Json, path: string, ctx: GlobalContext, schemaTypes: ReadonlyMap<string, string>, description?: string, paginated = false): TypeBlock {
  const node = oats.transformSchemaObject(schema as SchemaObject, { path, ctx });
  const exportMod = [ts.factory.createModifier(ts.SyntaxKind.ExportKeyword)];
  const rest = paginated && ts.isTypeLiteralNode(node) ? withoutPagination(node.members) : undefined;
  const decl = rest
    ? ts.factory.createInterfaceDeclaration(exportMod, name, undefined, [paginationHeritage()], rest)
    : ts.isTypeLiteralNode(node)
      ? ts.factory.createInterfaceDeclaration(exportMod, name, undefined, undefined, node.members)
      : ts.factory.createTypeAliasDeclaration(exportMod, name, undefined, node);
  let code = oats.astToString(decl);
  const refs = new Set<string>();
  code = code.replace(REF_RE, (_m, ref: string) => {
    refs.add(ref);
    return schemaTypes.get(ref) ?? 'unknown';
  });
  const doc = docComment(description);
  return { code: doc + code, refs: [...refs].sort(), ...(rest ? { runtimeRefs: [{ name: PAGINATION_PARAMS, module: PAGINATION_MODULE }] } : {}) };
}

function docComment(text: string | undefined): string {
  if (!text) return '';
  const body = text.replace(/\*\//g, '*\\/').trim().split('\n').map((l) => ` * ${l}`.trimEnd());
  return `/**\n${body.join('\n')}\n */\n`;
}

function isPlainRef(schema: Json | undefined): string | undefined {
  if (!schema || typeof schema.$ref !== 'string') return undefined;
  const m = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

function paramsSchema(op: OperationModel): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const p of op.params) {
    // Carry the parameter's description onto its schema so it shows up as JSDoc.
    properties[p.name] = p.description && !p.schema.description && !p.schema.$ref ? { ...p.schema, description: p.description } : p.schema;
    if (p.required) required.push(p.name);
  }
  return { type: 'object', properties, required };
}

export function generateTypes(model: ApiModel, layout: Layout): TypesOutput {
  const ctx = createTypeContext(model.doc);
  const schemas = new Map<string, TypeBlock>();
  for (const s of model.schemas) {
    const name = layout.schemaTypes.get(s.name)!;
    const note = s.stub ? 'Placeholder: the spec slice this build used does not include this object.' : undefined;
    const schema = layout.schemaTypes.has(`deleted_${s.name}`) ? withDeletedProperty(s.schema) : s.schema;
    schemas.set(s.name, declare(name, schema, `#/components/schemas/${s.name}`, ctx, layout.schemaTypes, note));
  }

  // `Event` becomes a union discriminated by `type` (events.ts).
  const event = schemas.get('event');
  const union = event && eventUnionBlock(model, layout, event, layout.schemaTypes.get('event')!);
  if (union) schemas.set('event', union);

  const operations = new Map<string, OperationTypes>();
  for (const op of model.operations) {
    const names = layout.operations.get(op.key)!;
    // An operation without parameters takes none: `{}` or nothing, not any object (openapi-typescript
    // prints an empty object as Record<string, unknown>).
    const params: TypeBlock =
      op.params.length === 0 && !op.openBody
        ? { code: `/** Takes no parameters. */\nexport type ${names.paramsType} = Record<string, never>;`, refs: [] }
        : declare(names.paramsType, paramsSchema(op), `#${op.pointer}/params`, ctx, layout.schemaTypes, undefined, true);
    const blocks: TypeBlock[] = [params];
    // List-like methods are typed by their item; the page wrapper comes from the runtime.
    const [schema, alias, at] = op.itemSchema
      ? [op.itemSchema, names.itemAlias, `#${op.pointer}/responses/items`]
      : [op.responseSchema, names.responseAlias, `#${op.pointer}/responses`];
    const ref = isPlainRef(schema);
    const responseType = op.binaryResponse ? 'BinaryResponse' : ref ? layout.schemaTypes.get(ref)! : alias;
    if (!ref && !op.binaryResponse) blocks.push(declare(alias, schema, at, ctx, layout.schemaTypes));
    const refs = new Set(blocks.flatMap((b) => b.refs));
    const runtimeRefs = blocks.flatMap((b) => b.runtimeRefs ?? []);
    operations.set(op.key, {
      params: { code: blocks.map((b) => b.code.trim()).join('\n\n'), refs: [...refs].sort(), ...(runtimeRefs.length ? { runtimeRefs } : {}) },
      responseType,
    });
  }
  return { schemas, operations, expand: buildExpandTypes(model, layout) };
}
