// The data each template receives: the contract between the generator and a team's templates.
// Type-only and self-contained (no imports), so template authors can use it from
// `stripe-codegen/templates` under any compiler settings. `stripe-codegen context <resource>` and
// `context --package` print real instances as JSON. emit.ts renders through
// TemplateSet.render(name, TemplateContexts[name]), so the compiler holds the generator to it.

/** Fields every template receives. */
export interface CommonContext {
  /** The generator's version, e.g. `0.1.0`. */
  readonly generatorVersion: string;
  /** Stripe API version of the (first) spec, e.g. `2023-08-16`. */
  readonly apiVersion: string;
  /** The specs this output came from, with short sha256s: `spec3.json (sha256 1a2b3c4d5e6f), ...`. */
  readonly specList: string;
}

/** `banner.hbs`: the first line(s) of every generated `.ts` file. */
export type BannerContext = CommonContext;

/** `index.ts.hbs`: the package entry. */
export type IndexContext = CommonContext;

/** `partials/doc.hbs` is called as `{{> doc lines=docLines}}`: one doc comment, one string per line. */
export interface DocPartialContext {
  readonly lines: readonly string[];
}

/** A sub-resource reached through a getter: `stripe.billing.meters` is child `meters` of `billing`. */
export interface ChildContext {
  /** Getter name on the parent: `meters`. */
  readonly property: string;
  /** Class name: `BillingMetersResource`. */
  readonly className: string;
  /** Dotted accessor from the client: `billing.meters`. */
  readonly key: string;
  /** Module path under the package root, without extension: `resources/billing/meters`. */
  readonly file: string;
}

/** One API method, as `resource.ts.hbs` (each `methods` item), `partials/method-body.hbs`, `partials/method-call.hbs` and `api.md.hbs` see it. */
export interface MethodContext {
  /** Method name: `create`, `listPaymentMethods`. */
  readonly name: string;
  /** Type parameters of the method: `<E extends string>` when it takes `expand` (typed expand), else empty. */
  readonly typeParams: string;
  /** Doc comment lines (plain text with markdown links), for `{{> doc lines=docLines}}`. */
  readonly docLines: readonly string[];
  /** Path parameters in path order, as method arguments: `[{ identifier: 'customer' }]`. */
  readonly pathParams: readonly { readonly identifier: string }[];
  /** Params type as written in the signature: `CustomerCreateParams`, or `WithExpand<...>` for a method that takes `expand`. */
  readonly paramsType: string;
  /** True when every param is optional (`params?`). */
  readonly paramsOptional: boolean;
  /** Type of the last argument: `RequestOptions` (or with a required `apiKey` for session-token calls). */
  readonly optionsType: string;
  readonly optionsOptional: boolean;
  /** TypeScript return type: `Promise<Response<Customer>>`, `ListPromise<Customer>`. */
  readonly returnType: string;
  /** Type arguments of the runtime call: `Customer`, or `Item, SearchResult<Item>`. */
  readonly callTypeArgs: string;
  /** Runtime method the body calls: `_request` or `_requestList`. */
  readonly call: string;
  /** Name of the module-level MethodSpec constant: `createSpec`. */
  readonly specConst: string;
  /** The MethodSpec as a TypeScript expression (`{ method: 'POST', path: '/v1/customers' }`). */
  readonly specLiteral: string;
  /** `GET`, `POST`, `DELETE`. */
  readonly httpMethod: string;
  /** Route template: `/v1/customers/{customer}`. */
  readonly path: string;
  /** One line for api.md: deprecation, host, page kind, session token, expandable fields. */
  readonly notes: string;
  /** `returnType` with `|` escaped for a Markdown table cell. */
  readonly returnTypeMd: string;
  /** The params type by name, without the typed-expand wrapper: `CustomerCreateParams`. */
  readonly paramsName: string;
  /** What the method resolves to, by name, for a reader (Markdown-escaped): `Customer`, or a paginated method's `ListPromise<Customer>`. */
  readonly returnsMd: string;
}

/** `resource.ts.hbs` and every `per-resource/*.hbs`: one resource class (a namespace with its methods and children). */
export interface ResourceContext extends CommonContext {
  /** Dotted accessor from the client: `customers`, `checkout.sessions`, `v2.billing.meterEvents`. */
  readonly key: string;
  /** Getter name on the parent: `sessions`. */
  readonly property: string;
  /** Class name: `CustomersResource`. */
  readonly className: string;
  /** Module path under the package root, without extension: `resources/checkout/sessions`. */
  readonly file: string;
  /** The module's file name without extension: `sessions`. Per-resource output lands beside it. */
  readonly fileName: string;
  /** Relative path from the module's folder to the package root: `..`, `../..`. */
  readonly rootDir: string;
  /** The rendered banner (a `//` comment), to start an extra `.ts` file with. */
  readonly banner: string;
  readonly docLines: readonly string[];
  readonly children: readonly ChildContext[];
  readonly methods: readonly MethodContext[];
  /** False for namespace-only resources (`v2`, `testHelpers`). */
  readonly hasMethods: boolean;
}

/** `client.ts.hbs`: the `Stripe` class with one getter per top-level resource. */
export interface ClientContext extends CommonContext {
  readonly children: readonly ChildContext[];
  /** The type `webhooks.constructEvent` returns: the generated `Event` union, or the runtime's `WebhookEvent` when the spec has no events. */
  readonly eventType: string;
  /** Present when the spec has the v2 meter-event session and stream endpoints. */
  readonly meterEvents:
    | false
    | {
        /** Accessor of the session resource: `v2.billing.meterEventSession`. */
        readonly sessionAccessor: string;
        /** MethodSpec literal of the stream endpoint. */
        readonly streamSpecLiteral: string;
      };
}

/** `api.md.hbs`: the method reference. Each method's `returnType` is Markdown-escaped there. */
export interface ApiMdContext extends CommonContext {
  readonly operationCount: number;
  /** Resources with at least one method. */
  readonly resourceCount: number;
  readonly resources: readonly { readonly accessor: string; readonly methods: readonly MethodContext[] }[];
}

/** Every `per-package/*.hbs`: the whole package at once. */
export interface PackageContext extends CommonContext {
  readonly banner: string;
  readonly operationCount: number;
  /** Resources with at least one method. */
  readonly resourceCount: number;
  /** Every resource, as its `resource.ts.hbs` saw it (namespace-only ones included; check `hasMethods`). */
  readonly resources: readonly ResourceContext[];
}

// The namespace's view lives here, not in namespace.ts, so this module pulls in no generator code.
/** One `export type Name<T> = Target;` line of the namespace. */
export interface NamespaceMember {
  /** Name inside its namespace block: `SessionCreateParams`. */
  readonly name: string;
  /** `<T>` for generic members, else empty. */
  readonly typeParams: string;
  /** What the alias stands for: `import('./types/params/checkout/sessions.js').CheckoutSessionCreateParams`. */
  readonly target: string;
}

export interface NamespaceBlock {
  /** `Checkout`, `V2`. */
  readonly name: string;
  readonly members: readonly NamespaceMember[];
  /** Namespaces nested in this one (`Billing` in `V2`). Nested, not dotted (`V2.Billing`): esbuild would emit objects for those. */
  readonly blocks: readonly NamespaceBlock[];
}

export interface NamespaceView {
  /** Local name client.ts imports the runtime's error-class object under (`Stripe.errors`). */
  readonly errorsLocal: string;
  /** Members directly on `Stripe`. */
  readonly root: readonly NamespaceMember[];
  /** Nested namespaces (`Stripe.Checkout`), sorted by name. */
  readonly blocks: readonly NamespaceBlock[];
}

/** `namespace.ts.hbs`: the common fields plus the namespace's members and nested blocks. */
export interface NamespaceContext extends CommonContext, NamespaceView {}

/** Built-in template name -> the context it is rendered with. */
export interface TemplateContexts {
  readonly banner: BannerContext;
  readonly 'resource.ts': ResourceContext;
  readonly 'client.ts': ClientContext;
  /** `namespace.ts.hbs`: the `Stripe` type namespace, printed after the class in client.ts (see generator/namespace.ts). */
  readonly 'namespace.ts': NamespaceContext;
  readonly 'index.ts': IndexContext;
  readonly 'api.md': ApiMdContext;
}
