// Binary request fields (`format: binary`, the `file` of POST /v1/files) are
// typed as what the runtime's multipart encoder accepts, not as the spec's
// `string`: a Buffer/Uint8Array, or stripe-node's FileData `{ data, name, type }`
// whose `data` may also be a Blob. Printed inline (structural Blob) so the type
// files need no import and no DOM or Node types.
import type { SchemaObject } from 'openapi-typescript';
import ts from 'typescript';

const f = ts.factory;
const kw = (k: ts.KeywordTypeSyntaxKind): ts.TypeNode => f.createKeywordTypeNode(k);
const ref = (name: string, args?: ts.TypeNode[]): ts.TypeNode => f.createTypeReferenceNode(name, args);
const prop = (name: string, type: ts.TypeNode, optional = false): ts.PropertySignature =>
  f.createPropertySignature(undefined, name, optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined, type);

/** `{ arrayBuffer(): Promise<ArrayBuffer> }`: any Blob or File. */
const blobLike = (): ts.TypeNode =>
  f.createTypeLiteralNode([f.createMethodSignature(undefined, 'arrayBuffer', undefined, undefined, [], ref('Promise', [ref('ArrayBuffer')]))]);

/** `Uint8Array | { data: string | Uint8Array | BlobLike; name?: string; type?: string }` */
export function fileDataType(): ts.TypeNode {
  const fileData = f.createTypeLiteralNode([
    prop('data', f.createUnionTypeNode([kw(ts.SyntaxKind.StringKeyword), ref('Uint8Array'), blobLike()])),
    prop('name', kw(ts.SyntaxKind.StringKeyword), true),
    prop('type', kw(ts.SyntaxKind.StringKeyword), true),
  ]);
  return f.createUnionTypeNode([ref('Uint8Array'), fileData]);
}

/** openapi-typescript `transform` hook: binary strings become the file type; everything else is printed as usual. */
export function transformBinary(schema: SchemaObject): ts.TypeNode | undefined {
  const s = schema as { type?: unknown; format?: unknown };
  return s.type === 'string' && s.format === 'binary' ? fileDataType() : undefined;
}
