import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.js';
import { loadSpecFile, parseSpecText } from '../../generator/load.js';
import { mergeSpecs } from '../../generator/merge.js';
import { resolvePointer, validateSpec } from '../../generator/validate.js';
import { fixtures, scratch, tinySpec } from '../support/paths.js';

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).issues;
  }
  throw new Error('expected a SpecError');
};

describe('load', () => {
  it('gives JSON and YAML twins the same content hash', () => {
    const dir = scratch('load');
    const yamlPath = join(dir, 'tiny.yaml');
    writeFileSync(yamlPath, 'openapi: 3.0.0\ninfo:\n  title: T\n  version: "2023-08-16"\npaths: {}\n');
    const jsonPath = join(dir, 'tiny.json');
    writeFileSync(jsonPath, JSON.stringify({ openapi: '3.0.0', info: { title: 'T', version: '2023-08-16' }, paths: {} }, null, 2));
    const a = loadSpecFile(yamlPath);
    const b = loadSpecFile(jsonPath);
    expect(a.contentSha256).toBe(b.contentSha256);
    expect(a.fileSha256).not.toBe(b.fileSha256);
    expect(a.doc).toEqual(b.doc);
  });

  it('keeps YAML dates as strings, as JSON has them', () => {
    expect(parseSpecText('version: 2023-08-16\n', 'x.yaml', '.yaml')).toEqual({ version: '2023-08-16' });
  });

  it('reports invalid YAML with file, line and column', () => {
    const issues = issuesOf(() => loadSpecFile(join(fixtures, 'bad', 'invalid.yaml')));
    expect(issues[0]!.file).toBe('invalid.yaml');
    expect(issues[0]!.message).toMatch(/^invalid YAML \(line 8, column 1\)/);
  });

  it('reports invalid JSON and non-object documents', () => {
    expect(issuesOf(() => parseSpecText('{', 'a.json', '.json'))[0]!.message).toMatch(/^invalid JSON/);
    expect(issuesOf(() => parseSpecText('[1]', 'a.json', '.json'))[0]!.message).toBe('the document is not an object');
  });
});

describe('validate', () => {
  it('accepts the tiny spec', () => {
    expect(() => validateSpec(loadSpecFile(tinySpec).doc, 'tiny.json')).not.toThrow();
  });

  it('names the file and JSON pointer of a broken $ref', () => {
    const { doc } = loadSpecFile(join(fixtures, 'bad', 'broken-ref.json'));
    const issues = issuesOf(() => validateSpec(doc, 'broken-ref.json'));
    expect(issues).toEqual([{ file: 'broken-ref.json', pointer: '/paths/~1v1~1widgets/post/requestBody', message: '$ref #/components/schemas/nope does not resolve' }]);
    expect(new SpecError(issues).message).toBe('broken-ref.json#/paths/~1v1~1widgets/post/requestBody: $ref #/components/schemas/nope does not resolve');
  });

  it('names an operation without responses', () => {
    const { doc } = loadSpecFile(join(fixtures, 'bad', 'missing-responses.json'));
    expect(issuesOf(() => validateSpec(doc, 'm.json'))).toEqual([{ file: 'm.json', pointer: '/paths/~1v1~1widgets~1{widget}~1polish/post', message: 'operation has no responses' }]);
  });

  it('collects every problem and rejects external refs', () => {
    const doc = { openapi: '2.0', paths: { '/a': { get: { responses: {} } } }, x: { $ref: 'other.json#/a' } };
    const issues = issuesOf(() => validateSpec(doc, 'd.json'));
    expect(issues.map((i) => i.pointer)).toEqual(['/openapi', '/paths/~1a/get', '/x']);
    expect(issues[2]!.message).toMatch(/points outside this file/);
  });

  it('resolves escaped pointers', () => {
    expect(resolvePointer({ a: { 'b/c': { '~d': 1 } } }, '#/a/b~1c/~0d')).toBe(1);
    expect(resolvePointer({ a: {} }, '#/a/missing')).toBeUndefined();
  });
});

const spec = (paths: object, schemas: object) => ({ openapi: '3.0.0', info: { version: 'v' }, paths, components: { schemas } });
const op = (id: string) => ({ operationId: id, responses: { '200': { description: 'ok' } } });

describe('merge', () => {
  it('adds and replaces operations and schemas, later file wins', () => {
    const a = spec({ '/v1/a': { get: op('GetA') } }, { a: { type: 'object', properties: { x: {} } }, b: { type: 'string' } });
    const b = spec({ '/v1/a': { get: op('GetA') }, '/v1/b': { post: op('PostB') } }, { a: { type: 'object', properties: { y: {} } } });
    const m = mergeSpecs([{ file: 'a.json', doc: a }, { file: 'b.json', doc: b }]);
    expect(Object.keys(m.doc.paths as object)).toEqual(['/v1/a', '/v1/b']);
    expect((m.doc.components as { schemas: Record<string, unknown> }).schemas.a).toEqual({ type: 'object', properties: { y: {} } });
    expect(m.report.replacedOperations).toEqual(['get /v1/a']);
    expect(m.report.replacedSchemas).toEqual(['a']);
    expect(m.operationSource.get('post /v1/b')).toBe('b.json');
  });

  it('never lets a slice stub replace a real schema, but a real schema replaces a stub', () => {
    const real = { type: 'object', properties: { id: { type: 'string' } } };
    const stub = { type: 'object', 'x-sliceStub': true };
    const m1 = mergeSpecs([{ file: 'a', doc: spec({}, { customer: real }) }, { file: 'b', doc: spec({}, { customer: stub, lonely: stub }) }]);
    expect((m1.doc.components as { schemas: Record<string, unknown> }).schemas.customer).toEqual(real);
    expect(m1.report.ignoredStubs).toEqual(['customer']);
    expect(m1.report.unresolvedStubs).toEqual(['lonely']);
    const m2 = mergeSpecs([{ file: 'a', doc: spec({}, { customer: stub }) }, { file: 'b', doc: spec({}, { customer: real }) }]);
    expect((m2.doc.components as { schemas: Record<string, unknown> }).schemas.customer).toEqual(real);
  });

  it('reports an operationId reused for another operation, naming both', () => {
    const a = spec({ '/v1/a': { get: op('Same') } }, {});
    const b = spec({ '/v1/b': { get: op('Same') } }, {});
    const issues = issuesOf(() => mergeSpecs([{ file: 'a.json', doc: a }, { file: 'b.json', doc: b }]));
    expect(issues).toEqual([{ file: 'b.json', pointer: '/paths/~1v1~1b/get/operationId', message: 'operationId Same is already used by get /v1/a in a.json' }]);
  });

  it('reports conflicting path-level fields', () => {
    const a = spec({ '/v1/a': { parameters: [{ name: 'x', in: 'path' }], get: op('GetA') } }, {});
    const b = spec({ '/v1/a': { parameters: [{ name: 'y', in: 'path' }], post: op('PostA') } }, {});
    const issues = issuesOf(() => mergeSpecs([{ file: 'a.json', doc: a }, { file: 'b.json', doc: b }]));
    expect(issues[0]!.pointer).toBe('/paths/~1v1~1a/parameters');
    expect(issues[0]!.message).toMatch(/conflicts with the same path-level field in a.json/);
  });
});
