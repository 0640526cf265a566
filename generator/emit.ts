// Step 7: render every output file. Handlebars renders the code from view
// models built here (all decisions live in this file, none in templates);
// ts-morph assembles each file's imports and the barrels.
import { posix } from 'node:path';
import { Project, StructureKind, type ExportDeclarationStructure, type ImportDeclarationStructure } from 'ts-morph';
import type { MethodSpec } from '../runtime/spec.js';
import type { Encoding } from './model.js';
import type { Layout, ResourceLayout } from './layout.js';
import { identifierFor } from './layout.js';
import { compareKeys, type ApiModel, type OperationModel } from './model.js';
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
  const returnType = op.page ? `${PAGE_PROMISE[op.page]}<${t.responseType}>` : `Promise<Response<${t.responseType}>>`;
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
    paramsType: names.paramsType,
    paramsOptional: !op.paramsRequired,
    optionsType: sessionToken ? 'RequestOptions & { apiKey: string }' : 'RequestOptions',
    optionsOptional: !sessionToken,
    returnType,
    callTypeArgs: op.page && op.page !== 'list' ? `${t.responseType}, ${PAGE_OBJECT[op.page]}<${t.responseType}>` : t.responseType,
    call: op.page ? '_requestList' : '_request',
    specConst: `${op.methodName}Spec`,
    specLiteral: specLiteral(op),
    httpMethod: op.httpMethod.toUpperCase(),
    path: op.path,
    notes,
    returnTypeMd: returnType.replace(/\|/g, '\\|'),
  };
}

export function emit(model: ApiModel, layout: Layout, types: TypesOutput, templates: TemplateSet, options: EmitOptions): FileMap {
  const files: FileMap = new Map();
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const specList = model.sources.map((s) => `${s.source} (sha256 ${s.contentSha256.slice(0, 12)})`).join(', ');
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
          ? { kind: StructureKind.ImportDeclaration, moduleSpecifier: from, namedImports: [...values.map((name) => ({ name })), ...onlyTypes.map((name) => ({ name, isTypeOnly: true }))] }
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
    finish(file, block.code, imports);
  }
  finish(
    'types/index.ts',
    '',
    new Map(),
    model.schemas.map((s) => ({ from: relImport('types/index.ts', layout.schemaFile(s.name)), names: [layout.schemaTypes.get(s.name)!], typeOnly: true })),
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
      addImport(rImports, relImport(resourceFile, r.paramsFile), layout.operations.get(op.key)!.paramsType, true);
      const schema = schemaOfType.get(t.responseType);
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
      className: r.className,
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
  addImport(clientImports, runtime('client.ts'), 'StripeClient', false);
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
  finish('client.ts', templates.render('client.ts', { ...common, children: rootViews, meterEvents }), clientImports);
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

function childView(layout: Layout, ns: string[]): { property: string; className: string; key: string; file: string } {
  const c: ResourceLayout = layout.resourceByNs.get(ns.join('.'))!;
  return { property: c.property, className: c.className, key: ns.join('.'), file: c.file };
}
