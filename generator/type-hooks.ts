// Where our printed types depart from a literal reading of the spec, to match
// what stripe-node users write (openapi-typescript's `transform` hook):
// - binary request fields (`format: binary`, the `file` of POST /v1/files) take
//   what the multipart encoder accepts, not the spec's `string`: a Buffer/Uint8Array,
//   or stripe-node's FileData `{ data, name, type }` whose `data` may also be a Blob.
//   Printed inline (structural Blob) so type files need no import, DOM or Node types;
// - an object with a deleted twin gets `deleted?: void` (see withDeletedProperty).
import type { SchemaObject } from 'openapi-typescript';
import type * as TS from 'typescript';
import { ts } from './typescript.js';

const f = ts.factory;
const kw = (k: TS.KeywordTypeSyntaxKind): TS.TypeNode => f.createKeywordTypeNode(k);
const ref = (name: string, args?: TS.TypeNode[]): TS.TypeNode => f.createTypeReferenceNode(name, args);
const prop = (name: string, type: TS.TypeNode, optional = false): TS.PropertySignature =>
  f.createPropertySignature(undefined, name, optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined, type);

/** `{ arrayBuffer(): Promise<ArrayBuffer> }`: any Blob or File. */
const blobLike = (): TS.TypeNode =>
  f.createTypeLiteralNode([f.createMethodSignature(undefined, 'arrayBuffer', undefined, undefined, [], ref('Promise', [ref('ArrayBuffer')]))]);

/** `Uint8Array | { data: string | Uint8Array | BlobLike; name?: string; type?: string }` */
export function fileDataType(): TS.TypeNode {
  const fileData = f.createTypeLiteralNode([
    prop('data', f.createUnionTypeNode([kw(ts.SyntaxKind.StringKeyword), ref('Uint8Array'), blobLike()])),
    prop('name', kw(ts.SyntaxKind.StringKeyword), true),
    prop('type', kw(ts.SyntaxKind.StringKeyword), true),
  ]);
  return f.createUnionTypeNode([ref('Uint8Array'), fileData]);
}

/** Marks the `deleted?: void` property added to objects that have a `deleted_<name>` twin. */
export const DELETED_MARKER = 'x-stripeCodegenAbsent';

/**
 * An object with a deleted twin (`customer` / `deleted_customer`) gets `deleted?: void`, as in
 * stripe-node, so `if (customer.deleted)` narrows `Customer | DeletedCustomer` without a cast.
 */
export function withDeletedProperty(schema: Record<string, unknown>): Record<string, unknown> {
  // A union schema (external_account = bank_account | card) would gain a third member, not a field.
  if (schema.anyOf || schema.oneOf || schema.allOf) return schema;
  const properties = (schema.properties as Record<string, unknown> | undefined) ?? {};
  if ('deleted' in properties) return schema;
  return { ...schema, properties: { ...properties, deleted: { type: 'boolean', [DELETED_MARKER]: true, description: 'Never set on a live object (see its Deleted twin): lets `if (x.deleted)` narrow.' } } };
}

/** openapi-typescript `transform` hook: binary strings become the file type, the deleted marker `void`; the rest prints as usual. */
export function transformSchema(schema: SchemaObject): TS.TypeNode | undefined {
  const s = schema as { type?: unknown; format?: unknown; [DELETED_MARKER]?: unknown };
  if (s[DELETED_MARKER] === true) return kw(ts.SyntaxKind.VoidKeyword);
  return s.type === 'string' && s.format === 'binary' ? fileDataType() : undefined;
}
