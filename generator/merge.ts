// Step 3: merge several validated specs into one. A later source adds or
// replaces operations and schemas; a schema marked `x-sliceStub` (a slice's
// placeholder) never replaces a real one; anything else that cannot be merged
// cleanly is an error naming both places.
import { SpecError, escapePointer, type SpecIssue } from './errors.js';
import { HTTP_METHODS } from './validate.js';

export interface MergeInput {
  readonly file: string;
  readonly doc: Record<string, unknown>;
}

export interface MergeReport {
  /** "post /v1/x" replaced by a later file. Every list names each entry once, sorted. */
  readonly replacedOperations: string[];
  readonly replacedSchemas: string[];
  /** Stubs that were kept out because a real schema exists. */
  readonly ignoredStubs: string[];
  /** Stubs with no real schema anywhere: typed as free-form objects. */
  readonly unresolvedStubs: string[];
}

export interface MergedSpec {
  readonly doc: Record<string, unknown>;
  /** For each operation key ("post /v1/customers"), the file it came from. */
  readonly operationSource: ReadonlyMap<string, string>;
  readonly report: MergeReport;
}

type Obj = Record<string, unknown>;
const isStub = (s: unknown) => Boolean(s && typeof s === 'object' && (s as Obj)['x-sliceStub'] === true);

export function mergeSpecs(inputs: readonly MergeInput[]): MergedSpec {
  if (inputs.length === 0) throw new SpecError([{ file: '(none)', pointer: '', message: 'no spec to merge' }]);
  const first = inputs[0]!;
  const paths: Obj = {};
  const schemas: Obj = {};
  const securitySchemes: Obj = {};
  const operationSource = new Map<string, string>();
  const operationIds = new Map<string, { key: string; file: string }>();
  const schemaSource = new Map<string, string>();
  const report: MergeReport = { replacedOperations: [], replacedSchemas: [], ignoredStubs: [], unresolvedStubs: [] };
  const issues: SpecIssue[] = [];

  for (const { file, doc } of inputs) {
    for (const [path, rawItem] of Object.entries((doc.paths ?? {}) as Obj)) {
      const item = rawItem as Obj;
      const target = (paths[path] ??= {}) as Obj;
      for (const [k, v] of Object.entries(item)) {
        if (!(HTTP_METHODS as readonly string[]).includes(k)) {
          // Path-level fields (parameters, servers): identical or conflicting.
          if (k in target && JSON.stringify(target[k]) !== JSON.stringify(v)) {
            issues.push({ file, pointer: `/paths/${escapePointer(path)}/${k}`, message: `conflicts with the same path-level field in ${operationSourceOfPath(path, operationSource) ?? 'an earlier file'}` });
          }
          target[k] = v;
          continue;
        }
        const key = `${k} ${path}`;
        const op = v as Obj;
        const opId = typeof op.operationId === 'string' ? op.operationId : undefined;
        if (opId) {
          const prev = operationIds.get(opId);
          if (prev && prev.key !== key) {
            issues.push({ file, pointer: `/paths/${escapePointer(path)}/${k}/operationId`, message: `operationId ${opId} is already used by ${prev.key} in ${prev.file}` });
          }
          operationIds.set(opId, { key, file });
        }
        if (k in target) report.replacedOperations.push(key);
        target[k] = v;
        operationSource.set(key, file);
      }
    }
    const comps = (doc.components ?? {}) as Obj;
    for (const [name, schema] of Object.entries((comps.schemas ?? {}) as Obj)) {
      const existing = schemas[name];
      if (existing !== undefined) {
        if (isStub(schema)) {
          if (!isStub(existing)) report.ignoredStubs.push(name);
          continue;
        }
        if (!isStub(existing)) report.replacedSchemas.push(name);
      }
      schemas[name] = schema;
      schemaSource.set(name, file);
    }
    Object.assign(securitySchemes, comps.securitySchemes ?? {});
  }
  if (issues.length) throw new SpecError(issues);
  for (const [name, s] of Object.entries(schemas)) if (isStub(s)) report.unresolvedStubs.push(name);
  // A name replaced by two later files (or a stub ignored twice) is still one name.
  for (const list of [report.replacedOperations, report.replacedSchemas, report.ignoredStubs, report.unresolvedStubs]) {
    list.splice(0, list.length, ...[...new Set(list)].sort());
  }

  const doc: Obj = {
    ...first.doc,
    paths,
    components: { ...((first.doc.components ?? {}) as Obj), schemas, securitySchemes },
  };
  return { doc, operationSource, report };
}

function operationSourceOfPath(path: string, sources: ReadonlyMap<string, string>): string | undefined {
  for (const [key, file] of sources) if (key.endsWith(' ' + path)) return file;
  return undefined;
}
