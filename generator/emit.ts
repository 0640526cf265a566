// Step 7: render every output file. Handlebars renders the code from view
// models built here (all decisions live in this file, none in templates);
// ts-morph assembles each file's imports and the barrels.
import { posix } from 'node:path';
import { Project, StructureKind, type ExportDeclarationStructure, type ImportDeclarationStructure } from 'ts-morph';
import type { MethodSpec } from '../runtime/spec.js';
import type { Encoding } from './model.js';
import type { ExpandImport } from './expand.js';
import type { Layout, ResourceLayout } from './layout.js';
import { identifierFor } from './layout.js';
import { compareKeys, type ApiModel, type OperationModel } from './model.js';
import { ERRORS_LOCAL, namespaceView } from './namespace.js';
import type { TemplateSet } from './templates.js';
import type { TypesOutput } from './types.js';

export interface EmitOptions {
  readonly generatorVersion: string;
  /** Import specifier of runtime/ as seen from the output folder's root, e.g. `../runtime`. */
  readonly runtimeFromOut: string;
}

/** Output files: path relative to the output folder -> contents. */
export type FileMap = Map<string, string>;

type Imports = Map<string, { names: Set<string>; types: Set<string> }>;

function addImport(imports: Imports, from: string, name: string, typeOnly: boolean): void {
  let entry = imports.get(from);
  if (!entry) imports.set(from, (entry = { names: new Set(), types: new Set() }));
  (typeOnly ? entry.types : entry.names).add(name);
}

/** `'errors as runtimeErrors'` (an import under another local name) or a plain name. */
function importSpecifier(name: string): { name: string; alias?: string } {
  const [imported, alias] = name.split(' as ');
  return alias ? { name: imported!, alias } : { name };
}

export function relImport(fromFile: string, toFileNoExt: string): string {
  // Both paths are relative to the output folder. posix.relative would resolve them against the
  // working directory, where a `..` in toFileNoExt (a runtime outside the folder) cancels a real
  // folder name: anchor both at a virtual root deep enough for every `..`.
  const ups = toFileNoExt.split('/').filter((s) => s === '..').length;
  const anchor = '/' + Array.from({ length: ups + 1 }, (_, i) => `_${i}`).join('/');
  let rel = posix.relative(posix.dirname(posix.join(anchor, fromFile)), posix.join(anchor, toFileNoExt));
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel + '.js';
}

/** Stripe's descriptions are HTML fragments; doc comments read better as plain text with markdown links. */
export function htmlToDoc(html: string): string {
  return html
    .replace(/<\/?p>/g, '')
    .replace(/<code>(.*?)<\/code>/g, '`$1`')
    .replace(/<a href="([^"]*)">(.*?)<\/a>/g, (_m, href: string, text: string) => `[${text}](${href.startsWith('/') ? 'https://stripe.com' + href : href})`)
    .replace(/<\/?(strong|em|b|i|ul|li|br)\s*\/?>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function docLines(...parts: (string | undefined)[]): string[] {
  const text = parts.filter(Boolean).join('\n\n').replace(/\*\//g, '*\\/').replace(/\r/g, '');
  return text ? text.split('\n').map((l) => l.trimEnd()) : [];
}

/**
 * The MethodSpec a generated method hands to the runtime, with the runtime's defaults left out
 * (path params come from the path, host `api`, encoding JSON under /v2/ and form otherwise):
 * every byte here is repeated in every bundle that uses the resource.
 */
export function specOf(op: OperationModel): Omit<MethodSpec, 'encoding'> & { encoding?: Encoding } {
  const defaultEncoding = op.path.startsWith('/v2/') ? 'json' : 'form';
  return {
    method: op.httpMethod.toUpperCase() as MethodSpec['method'],
    path: op.path,
    ...(op.host !== 'api' ? { host: op.host } : {}),
    ...(op.encoding !== defaultEncoding ? { encoding: op.encoding } : {}),
    ...(op.page ? { page: op.page } : {}),
    ...(op.apiVersion ? { apiVersion: op.apiVersion } : {}),
    ...(op.auth ? { auth: op.auth } : {}),
    ...(op.binaryResponse ? { binary: true } : {}),
  };
}

/** The MethodSpec as TypeScript: JSON, except that multipart names the runtime's encoder (imported by the resource file). */
function specLiteral(op: OperationModel): string {
  return JSON.stringify(specOf(op)).replace('"encoding":"multipart"', '"encoding":multipartEncoding');
}

/** The runtime's awaitable-and-iterable page type for each pagination kind. */
const PAGE_PROMISE = { list: 'ListPromise', search: 'SearchPromise', v2list: 'V2ListPromise' } as const;
/** The page object type `_requestList` is told about, when it is not the default v1 list. */
const PAGE_OBJECT = { search: 'SearchResult', v2list: 'V2ListObject' } as const;

function methodView(op: OperationModel, layout: Layout, types: TypesOutput) {
  const names = layout.operations.get(op.key)!;
  const t = types.operations.get(op.key)!;
  const sessionToken = op.auth === 'sessionToken';
  const ex = expandView(op, types);
  const item = ex?.item ?? t.responseType;
  const returnType = op.page ? `${PAGE_PROMISE[op.page]}<${item}>` : `Promise<Response<${item}>>`;
  const notes = [op.deprecated ? 'deprecated' : '', op.host !== 'api' ? `host: ${op.host}` : '', op.page ? `pages: ${op.page}` : '', sessionToken ? 'needs a meter-event session token as `apiKey`' : '', op.expandable.length ? `expandable: ${op.expandable.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
  return {
    name: op.methodName,
    docLines: docLines(
      htmlToDoc(op.description || op.summary),
      sessionToken ? 'Authenticate with a meter-event session token: pass it as `options.apiKey`.' : undefined,
      `\`${op.httpMethod.toUpperCase()} ${op.path}\``,
      op.deprecated ? '@deprecated This operation is deprecated by Stripe.' : undefined,
    ),
    pathParams: op.pathParams.map((p) => ({ identifier: identifierFor(p.name) })),
    // No default: without literal paths E is `string`, which gives today's types.
    typeParams: ex ? '<E extends string>' : '',
    paramsType: ex ? `WithExpand<${names.paramsType}, ${ex.paths}, E>` : names.paramsType,
    paramsOptional: !op.paramsRequired,
    optionsType: sessionToken ? 'RequestOptions & { apiKey: string }' : 'RequestOptions',
    optionsOptional: !sessionToken,
    returnType,
    callTypeArgs: op.page && op.page !== 'list' ? `${item}, ${PAGE_OBJECT[op.page]}<${item}>` : item,
    call: op.page ? '_requestList' : '_request',
    specConst: `${op.methodName}Spec`,
    specLiteral: specLiteral(op),
    httpMethod: op.httpMethod.toUpperCase(),
    path: op.path,
    notes,
    returnTypeMd: returnType.replace(/\|/g, '\\|'),
    paramsName: names.paramsType,
    returnsMd: (op.page ? `${PAGE_PROMISE[op.page]}<${t.responseType}>` : t.responseType).replace(/\|/g, '\\|'),
  };
}

/** Typed `expand` (generator/expand.ts): the generic a method gets when its response has a map. */
function expandView(op: OperationModel, types: TypesOutput): { item: string; paths: string } | undefined {
  const ex = types.expand.operations.get(op.key);
  if (!ex) return undefined;
  const t = types.operations.get(op.key)!;
  return op.page
    ? { item: `ExpandedItem<${t.responseType}, ${ex.map}, E>`, paths: `ListExpandable<${ex.map}>` }
    : { item: `Expanded<${t.responseType}, ${ex.map}, E>`, paths: ex.map };
}

export function emit(model: ApiModel, layout: Layout, types: TypesOutput, templates: TemplateSet, options: EmitOptions): FileMap {
  const files: FileMap = new Map();
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  // Spec names only: the sha256s are in manifest.json, so a spec change rewrites only the files it affects (incremental generation).
  const specList = model.sources.map((s) => s.source).join(', ');
  const common = { generatorVersion: options.generatorVersion, apiVersion: model.apiVersion, specList };
  const banner = templates.render('banner', common).trimEnd();
  const schemaOfType = new Map([...layout.schemaTypes].map(([schema, type]) => [type, schema]));
  const runtime = (file: string) => relImport(file, posix.join(options.runtimeFromOut, 'index'));

  const printStatements = (path: string, statements: (ImportDeclarationStructure | ExportDeclarationStructure)[]): string => {
    // Type files only import types from other type files: one line each, no need for ts-morph there.
    if (path.startsWith('types/schemas/') || path.startsWith('types/params/')) {
      return statements
        .map((s) => `import type { ${'namedImports' in s ? (s.namedImports as string[]).join(', ') : ''} } from '${s.moduleSpecifier}';`)
        .join('\n');
    }
    const sf = project.createSourceFile(path, { statements }, { overwrite: true });
    const text = sf.getFullText().trim();
    project.removeSourceFile(sf);
    return text;
  };

  // ts-morph prints only the import/export statements; bodies are appended as text, which keeps
  // assembly cheap (no re-parsing of hundreds of kilobytes of printed types).
  const finish = (path: string, body: string, imports: Imports, exports?: { from: string; names?: string[]; typeOnly?: boolean }[]) => {
    const statements: (ImportDeclarationStructure | ExportDeclarationStructure)[] = [...imports.entries()]
      .sort(([a], [b]) => compareKeys(a, b))
      .map(([from, { names, types: typeNames }]) => {
        const values = [...names].sort(compareKeys);
        const onlyTypes = [...typeNames].filter((n) => !names.has(n)).sort(compareKeys);
        return values.length
          ? { kind: StructureKind.ImportDeclaration, moduleSpecifier: from, namedImports: [...values.map(importSpecifier), ...onlyTypes.map((name) => ({ name, isTypeOnly: true }))] }
          : { kind: StructureKind.ImportDeclaration, moduleSpecifier: from, isTypeOnly: true, namedImports: onlyTypes };
      });
    for (const e of exports ?? []) {
      statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: e.from, isTypeOnly: e.typeOnly ?? false, ...(e.names ? { namedExports: e.names } : {}) });
    }
    const head = statements.length ? printStatements(path, statements) : '';
    files.set(path, [banner, head, body.trim()].filter(Boolean).join('\n\n') + '\n');
  };

  // Schema types: one file each, importing only what they reference.
  for (const s of model.schemas) {
    const file = layout.schemaFile(s.name) + '.ts';
    const block = types.schemas.get(s.name)!;
    const imports: Imports = new Map();
    for (const ref of block.refs) if (ref !== s.name) addImport(imports, relImport(file, layout.schemaFile(ref)), layout.schemaTypes.get(ref)!, true);
    const expandMap = types.expand.schemas.get(s.name);
    if (expandMap) addExpandImports(imports, file, expandMap.imports, layout, options);
    finish(file, expandMap ? `${block.code.trimEnd()}\n\n${expandMap.code}` : block.code, imports);
  }
  finish(
    'types/index.ts',
    '',
    new Map(),
    [
      ...model.schemas.map((s) => ({ from: relImport('types/index.ts', layout.schemaFile(s.name)), names: [...(types.schemas.get(s.name)!.exports ?? [layout.schemaTypes.get(s.name)!])], typeOnly: true })),
      // Params types (and the response aliases beside them) are named exports too: `import type { CustomerCreateParams }`.
      ...layout.resources
        .filter((r) => r.resource.operations.length)
        .map((r) => ({ from: relImport('types/index.ts', r.paramsFile), names: r.resource.operations.flatMap((op) => paramsFileExports(op, layout, types)), typeOnly: true })),
    ],
  );

  // One view per method, shared by its resource file and api.md.
  const views = new Map(model.operations.map((op) => [op.key, methodView(op, layout, types)]));

  // Resources: params types in types/params/, classes in resources/.
  for (const r of layout.resources) {
    const paramsFile = r.paramsFile + '.ts';
    const resourceFile = r.file + '.ts';
    const pImports: Imports = new Map();
    const rImports: Imports = new Map();
    const ops = [...r.resource.operations];
    const paramsCode: string[] = [];
    for (const op of ops) {
      const t = types.operations.get(op.key)!;
      paramsCode.push(t.params.code);
      for (const ref of t.params.refs) addImport(pImports, relImport(paramsFile, layout.schemaFile(ref)), layout.schemaTypes.get(ref)!, true);
      for (const r of t.params.runtimeRefs ?? []) addImport(pImports, relImport(paramsFile, posix.join(options.runtimeFromOut, r.module)), r.name, true);
      addImport(rImports, relImport(resourceFile, r.paramsFile), layout.operations.get(op.key)!.paramsType, true);
      const schema = schemaOfType.get(t.responseType);
      const ex = types.expand.operations.get(op.key);
      if (ex) {
        addExpandImports(rImports, resourceFile, ex.imports, layout, options);
        for (const name of op.page ? ['ExpandedItem', 'ListExpandable', 'WithExpand'] : ['Expanded', 'WithExpand']) addImport(rImports, runtime(resourceFile), name, true);
      }
      if (op.binaryResponse) addImport(rImports, runtime(resourceFile), 'BinaryResponse', true);
      else if (schema) addImport(rImports, relImport(resourceFile, layout.schemaFile(schema)), t.responseType, true);
      else addImport(rImports, relImport(resourceFile, r.paramsFile), t.responseType, true);
    }
    if (ops.length) finish(paramsFile, paramsCode.join('\n\n'), pImports);

    const children = r.resource.children.map((c) => childView(layout, [...r.resource.namespace, c]));
    for (const c of children) addImport(rImports, relImport(resourceFile, c.file), c.className, false);
    addImport(rImports, runtime(resourceFile), 'StripeResource', false);
    if (ops.length) {
      addImport(rImports, runtime(resourceFile), 'MethodSpec', true);
      addImport(rImports, runtime(resourceFile), 'RequestOptions', true);
      for (const op of ops) {
        if (op.page) addImport(rImports, runtime(resourceFile), PAGE_PROMISE[op.page], true);
        if (op.page && op.page !== 'list') addImport(rImports, runtime(resourceFile), PAGE_OBJECT[op.page], true);
      }
      if (ops.some((o) => !o.page)) addImport(rImports, runtime(resourceFile), 'Response', true);
      if (ops.some((o) => o.encoding === 'multipart')) addImport(rImports, runtime(resourceFile), 'multipartEncoding', false);
    }
    const body = templates.render('resource.ts', {
      ...common,
      key: r.resource.namespace.join('.'),
      property: r.property,
      className: r.className,
      file: r.file,
      fileName: posix.basename(r.file),
      rootDir: posix.relative(posix.dirname(r.file), '.') || '.',
      banner,
      docLines: docLines(`\`stripe.${r.resource.namespace.join('.')}\``),
      children,
      methods: ops.map((op) => views.get(op.key)!),
      hasMethods: ops.length > 0,
    });
    finish(resourceFile, body, rImports);
  }

  // The client and the package entry.
  const roots = layout.resources.filter((r) => r.resource.namespace.length === 1);
  const clientImports: Imports = new Map();
  addImport(clientImports, runtime('client.ts'), 'StripeBase', false);
  // Webhooks return the generated Event union when the spec has one (events.ts), else the runtime's WebhookEvent.
  const eventSchema = types.schemas.get('event')?.exports?.length ? 'event' : undefined;
  const eventType = eventSchema ? layout.schemaTypes.get(eventSchema)! : 'WebhookEvent';
  if (eventSchema) addImport(clientImports, relImport('client.ts', layout.schemaFile(eventSchema)), eventType, true);
  else addImport(clientImports, runtime('client.ts'), 'WebhookEvent', true);
  addImport(clientImports, runtime('client.ts'), 'StripeConfig', true);
  addImport(clientImports, runtime('client.ts'), 'Webhooks', false);
  const rootViews = roots.map((r) => childView(layout, [...r.resource.namespace]));
  for (const c of rootViews) addImport(clientImports, relImport('client.ts', c.file), c.className, false);
  const session = model.operations.find((o) => o.key === 'post /v2/billing/meter_event_session');
  const stream = model.operations.find((o) => o.key === 'post /v2/billing/meter_event_stream');
  const meterEvents =
    session && stream ? { sessionAccessor: [...session.namespace].join('.'), streamSpecLiteral: specLiteral(stream) } : false;
  if (meterEvents) {
    addImport(clientImports, relImport('client.ts', posix.join(options.runtimeFromOut, 'meter-events', 'index')), 'MeterEvents', false);
    addImport(clientImports, relImport('client.ts', posix.join(options.runtimeFromOut, 'meter-events', 'index')), 'meterEventTransport', false);
    addImport(clientImports, runtime('client.ts'), 'RequestOptions', true);
  }
  // The `Stripe` type namespace merges with the class, so it is printed into the same file.
  addImport(clientImports, runtime('client.ts'), `errors as ${ERRORS_LOCAL}`, false);
  const namespace = templates.render('namespace.ts', { ...common, ...namespaceView(model, layout, types, 'client.ts', posix.join(options.runtimeFromOut, 'index')) });
  finish('client.ts', templates.render('client.ts', { ...common, children: rootViews, meterEvents, eventType }) + '\n' + namespace, clientImports);
  finish('index.ts', templates.render('index.ts', common), new Map(), [
    { from: relImport('index.ts', posix.join(options.runtimeFromOut, 'index')) },
    { from: './types/index.js', typeOnly: true },
  ]);

  files.set(
    'api.md',
    templates.render('api.md', {
      ...common,
      operationCount: model.operations.length,
      resourceCount: layout.resources.filter((r) => r.resource.operations.length).length,
      resources: layout.resources
        .filter((r) => r.resource.operations.length)
        .map((r) => ({ accessor: r.resource.namespace.join('.'), methods: r.resource.operations.map((op) => ({ ...views.get(op.key)!, returnType: views.get(op.key)!.returnTypeMd })) })),
    }),
  );
  return files;
}

/** The names an operation's params file declares: its params type, and its response or item alias when it has one. */
function paramsFileExports(op: OperationModel, layout: Layout, types: TypesOutput): string[] {
  const names = layout.operations.get(op.key)!;
  const responseType = types.operations.get(op.key)!.responseType;
  return [names.paramsType, ...(responseType === names.responseAlias || responseType === names.itemAlias ? [responseType] : [])];
}

/** Imports of expand maps: other schemas' maps from their files, helpers from runtime/expand-types (type-only, tiny). */
function addExpandImports(imports: Imports, file: string, list: readonly ExpandImport[], layout: Layout, options: EmitOptions): void {
  for (const i of list) {
    const from = i.schema ? relImport(file, layout.schemaFile(i.schema)) : relImport(file, posix.join(options.runtimeFromOut, 'expand-types'));
    addImport(imports, from, i.name, true);
  }
}

function childView(layout: Layout, ns: string[]): { property: string; className: string; key: string; file: string } {
  const c: ResourceLayout = layout.resourceByNs.get(ns.join('.'))!;
  return { property: c.property, className: c.className, key: ns.join('.'), file: c.file };
}
