// Step 4: turn the merged OpenAPI document into the plain model the rest of the
// generator (and the templates) work from. Nothing after this step reads raw
// OpenAPI except the type printer, which is handed the schemas collected here.
import type { HostKind, PageKind } from '../runtime/spec.js';

/** How an operation's params travel; `multipart` becomes the runtime's `multipartEncoding` encoder. */
export type Encoding = 'form' | 'json' | 'multipart';
import { SpecError, escapePointer, type SpecIssue } from './errors.js';
import { collectStripeOperationHints, loadDefaultOverrides, nameOperations, type NamingInput, type NamingOverrides } from './naming.js';
import { loadQuirks, type Quirks } from './quirks.js';
import { resolvePointer } from './validate.js';

export type Json = Record<string, unknown>;

export interface ParamModel {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  readonly schema: Json;
}

export interface PathParamModel {
  readonly name: string;
  readonly description: string;
}

export interface OperationModel {
  /** "post /v1/customers/{customer}" */
  readonly key: string;
  readonly operationId: string;
  readonly httpMethod: 'get' | 'post' | 'delete';
  readonly path: string;
  /** JSON pointer of the operation in its source file. */
  readonly pointer: string;
  readonly sourceFile: string;
  readonly namespace: readonly string[];
  readonly methodName: string;
  readonly summary: string;
  readonly description: string;
  readonly deprecated: boolean;
  readonly host: HostKind;
  readonly encoding: Encoding;
  readonly page?: PageKind;
  readonly auth?: 'sessionToken';
  /** Set when the operation's source has another API version than the build's default. */
  readonly apiVersion?: string;
  readonly pathParams: readonly PathParamModel[];
  /** Query parameters plus (for POST and DELETE) body properties, in spec order. */
  readonly params: readonly ParamModel[];
  /** The request body schema when there is one with properties (typed as a whole). */
  readonly bodySchema?: Json;
  /** The body takes properties the spec does not name (`additionalProperties`): params stay open. */
  readonly openBody?: boolean;
  readonly paramsRequired: boolean;
  /** The success body is not JSON (a PDF): the call resolves to its bytes. */
  readonly binaryResponse?: boolean;
  /** The 2xx JSON response schema. */
  readonly responseSchema: Json;
  /** For list-like operations: the schema of one item. */
  readonly itemSchema?: Json;
  /** Fields of the response object that `expand` can turn from an id into an object. */
  readonly expandable: readonly string[];
}

export interface ResourceModel {
  readonly namespace: readonly string[];
  readonly operations: readonly OperationModel[];
  /** Names of child namespaces (e.g. `sessions` under `billingPortal`). */
  readonly children: readonly string[];
}

export interface SchemaModel {
  readonly name: string;
  readonly schema: Json;
  readonly stub: boolean;
}

export interface SourceInfo {
  readonly source: string;
  readonly file: string;
  readonly apiVersion: string;
  readonly contentSha256: string;
  readonly verified: boolean;
}

export interface ApiModel {
  readonly apiVersion: string;
  readonly sources: readonly SourceInfo[];
  readonly operations: readonly OperationModel[];
  readonly resources: readonly ResourceModel[];
  readonly schemas: readonly SchemaModel[];
  readonly doc: Json;
}

export interface ModelOptions {
  readonly overrides?: NamingOverrides;
  readonly quirks?: Quirks;
}

const HOSTS: Record<string, HostKind> = {
  'https://api.stripe.com/': 'api',
  'https://files.stripe.com/': 'files',
  'https://meter-events.stripe.com/': 'meterEvents',
};

export function buildModel(
  doc: Json,
  sources: readonly SourceInfo[],
  operationSource: ReadonlyMap<string, string>,
  options: ModelOptions = {},
): ApiModel {
  const issues: SpecIssue[] = [];
  const deref = (node: unknown): Json => {
    let cur = node as Json;
    for (let i = 0; i < 32 && cur && typeof cur.$ref === 'string'; i++) cur = resolvePointer(doc, cur.$ref) as Json;
    return cur ?? {};
  };
  const defaultVersion = sources[0]?.apiVersion ?? String((doc.info as Json | undefined)?.version ?? '');
  const versionOfFile = new Map(sources.map((s) => [s.file, s.apiVersion]));
  const quirks = options.quirks ?? loadQuirks();
  const docServers = (doc.servers as { url: string }[] | undefined) ?? [];

  interface Draft extends Omit<OperationModel, 'namespace' | 'methodName'> {}
  const drafts: Draft[] = [];
  const namingInputs: NamingInput[] = [];
  const hints = collectStripeOperationHints(doc);

  for (const [path, rawItem] of Object.entries((doc.paths ?? {}) as Json)) {
    const item = rawItem as Json;
    const pathLevelParams = (item.parameters as unknown[] | undefined) ?? [];
    for (const httpMethod of ['get', 'post', 'delete'] as const) {
      const op = item[httpMethod] as Json | undefined;
      if (!op) continue;
      const key = `${httpMethod} ${path}`;
      const sourceFile = operationSource.get(key) ?? sources[0]?.file ?? '(spec)';
      const pointer = `/paths/${escapePointer(path)}/${httpMethod}`;
      const fail = (message: string) => issues.push({ file: sourceFile, pointer, message });

      const servers = (op.servers as { url: string }[] | undefined) ?? (item.servers as { url: string }[] | undefined) ?? docServers;
      const serverUrl = servers[0]?.url ?? 'https://api.stripe.com/';
      const host = HOSTS[serverUrl.endsWith('/') ? serverUrl : serverUrl + '/'];
      if (!host) fail(`unsupported server ${serverUrl} (known: ${Object.keys(HOSTS).join(', ')})`);

      const allParams = [...pathLevelParams, ...((op.parameters as unknown[] | undefined) ?? [])].map(deref);
      const pathParamNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const pathParams = pathParamNames.map((name) => {
        const p = allParams.find((x) => x.in === 'path' && x.name === name);
        if (!p) fail(`path parameter {${name}} is not declared in parameters`);
        return { name, description: String(p?.description ?? '') };
      });
      const params: ParamModel[] = allParams
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: String(p.name), required: p.required === true, description: String(p.description ?? ''), schema: (p.schema as Json) ?? {} }));

      const content = (deref(op.requestBody).content ?? {}) as Json;
      const contentType = Object.keys(content)[0];
      const isV2 = path.startsWith('/v2/');
      let encoding: Encoding = isV2 ? 'json' : 'form';
      if (contentType === 'multipart/form-data') encoding = 'multipart';
      else if (contentType === 'application/json') encoding = 'json';
      else if (contentType === 'application/x-www-form-urlencoded') encoding = 'form';
      else if (contentType !== undefined) fail(`unsupported request content type ${contentType}`);

      // Stripe's spec gives GETs an empty form body; only POST and DELETE bodies carry params.
      let bodySchema: Json | undefined;
      let openBody = false;
      if (httpMethod !== 'get' && contentType) {
        const raw = (content[contentType] as Json).schema as Json | undefined;
        const resolved = deref(raw);
        openBody = resolved.additionalProperties !== undefined && resolved.additionalProperties !== false;
        const props = (resolved.properties ?? {}) as Json;
        if (Object.keys(props).length) {
          bodySchema = raw;
          const required = new Set((resolved.required as string[] | undefined) ?? []);
          for (const [name, schema] of Object.entries(props)) {
            params.push({ name, required: required.has(name), description: String((schema as Json).description ?? ''), schema: schema as Json });
          }
        }
      }

      const responses = (op.responses ?? {}) as Json;
      const okCode = Object.keys(responses).find((c) => /^2\d\d$/.test(c)) ?? ('default' in responses ? 'default' : undefined);
      const ok = okCode ? deref(responses[okCode]) : undefined;
      const okContent = (ok?.content ?? {}) as Json;
      // A non-JSON success body (the quote PDF) is handed back as bytes.
      const binary = !okContent['application/json'] && Object.keys(okContent).length > 0;
      const responseSchema = binary ? { type: 'string', format: 'binary' } : ((okContent['application/json'] as Json | undefined)?.schema as Json | undefined);
      if (!responseSchema) fail('no 2xx response with a JSON or binary body');
      const resolvedResponse = deref(responseSchema);
      const props = (resolvedResponse.properties ?? {}) as Json;
      const objectEnum = (deref(props.object).enum as unknown[] | undefined) ?? [];
      let page: PageKind | undefined;
      if (httpMethod === 'get' && props.data) {
        if (objectEnum.includes('list')) page = 'list';
        else if (objectEnum.includes('search_result')) page = 'search';
        else if ('next_page_url' in props) page = 'v2list';
      }
      const itemSchema = page ? (((deref(props.data).items as Json | undefined) ?? {}) as Json) : undefined;
      const objectProps = (deref(itemSchema ?? responseSchema).properties ?? {}) as Json;
      const expandable = Object.entries(objectProps)
        .filter(([, s]) => Boolean((s as Json)['x-expansionResources']))
        .map(([n]) => n);

      const q = quirks.operations[key];
      const version = versionOfFile.get(sourceFile);
      drafts.push({
        key,
        operationId: String(op.operationId ?? key),
        httpMethod,
        path,
        pointer,
        sourceFile,
        summary: String(op.summary ?? ''),
        description: String(op.description ?? ''),
        deprecated: op.deprecated === true,
        host: host ?? 'api',
        encoding,
        ...(page ? { page } : {}),
        ...(q?.auth ? { auth: q.auth } : {}),
        ...(binary ? { binaryResponse: true } : {}),
        ...(version && version !== defaultVersion ? { apiVersion: version } : {}),
        pathParams,
        params,
        ...(bodySchema ? { bodySchema } : {}),
        ...(openBody ? { openBody } : {}),
        paramsRequired: params.some((p) => p.required),
        responseSchema: responseSchema ?? {},
        ...(itemSchema ? { itemSchema } : {}),
        expandable,
      });
      namingInputs.push({ key, httpMethod, path, operationId: String(op.operationId ?? key), ...(page ? { pageKind: page } : {}), ...(hints.get(key) ? { hint: hints.get(key)! } : {}) });
    }
  }
  if (issues.length) throw new SpecError(issues);

  const names = nameOperations(namingInputs, options.overrides ?? loadDefaultOverrides());
  const operations: OperationModel[] = drafts.map((d) => {
    const n = names.get(d.key)!;
    return { ...d, namespace: [...n.namespace], methodName: n.method };
  });
  operations.sort((a, b) => compareKeys(nsKey(a.namespace), nsKey(b.namespace)) || compareKeys(a.methodName, b.methodName));

  const schemas: SchemaModel[] = Object.entries(((doc.components as Json | undefined)?.schemas ?? {}) as Json).map(([name, schema]) => ({
    name,
    schema: schema as Json,
    stub: (schema as Json)['x-sliceStub'] === true,
  }));
  schemas.sort((a, b) => compareKeys(a.name, b.name));

  return { apiVersion: defaultVersion, sources, operations, resources: buildResourceTree(operations), schemas, doc };
}

const nsKey = (ns: readonly string[]) => ns.join('.');

/** Plain code-unit comparison: locale-independent, so output never depends on the machine. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildResourceTree(operations: readonly OperationModel[]): ResourceModel[] {
  const nodes = new Map<string, { namespace: string[]; operations: OperationModel[]; children: Set<string> }>();
  const node = (ns: string[]) => {
    const k = nsKey(ns);
    let n = nodes.get(k);
    if (!n) {
      n = { namespace: ns, operations: [], children: new Set() };
      nodes.set(k, n);
      if (ns.length > 1) node(ns.slice(0, -1)).children.add(ns[ns.length - 1]!);
    }
    return n;
  };
  for (const op of operations) node([...op.namespace]).operations.push(op);
  return [...nodes.values()]
    .map((n) => ({ namespace: n.namespace, operations: n.operations, children: [...n.children].sort(compareKeys) }))
    .sort((a, b) => compareKeys(nsKey(a.namespace), nsKey(b.namespace)));
}
