// StripeClient: holds configuration and the transport, and is the single entry
// point generated code calls (`_request`, `_requestList`, `_resource`). Work
// per call is: build path, encode params, build headers once, then hand off to
// the retrying executor in request.ts.
//
// Internal state lives in `#private` fields: never enumerable (the API key does
// not show up in console.log or a spread), and a minifier may shorten the names,
// which keeps a bundle that calls one endpoint small.

import { assertApiKey, assertPerCallKey } from './api-key.js';
import {
  DEFAULT_MAX_NETWORK_RETRIES,
  normalizeHeaderName,
  DEFAULT_TIMEOUT_MS,
  resolveOrigins,
  retriesOption,
  timeoutOption,
  type ClientDefaults,
  type RequestOptions,
  type StripeConfig,
} from './config.js';
import { encodeRequest, type EncodedRequest } from './encoding/index.js';
import { EventHub, type RequestListener, type ResponseListener } from './events.js';
import { makeListPromise, nextPageParams, type ListObject, type ListPromise, type PageObject, type V2ListObject } from './pagination.js';
import { assertRelativePath, buildPath } from './path.js';
import { defaultSleep, executeCall, executeRaw, type CallContext, type PreparedCall } from './request.js';
import type { Response } from './response.js';
import { StripeUsageError } from './errors.js';
import { defaultEncoding, type Encoding, type HostKind, type MethodSpec, type MethodSpecExtras } from './spec.js';
import type { Telemetry } from './telemetry.js';
import { FetchTransport } from './transport/fetch.js';
import type { FetchFn, Transport, TransportResponse } from './transport/types.js';
import { buildUserAgents, type UserAgents } from './user-agent.js';

type HttpMethod = 'GET' | 'POST' | 'DELETE';

const NO_OPTIONS: RequestOptions = Object.freeze({});
const DEFAULT_PACKAGE_VERSION = '0.1.0';

function uuid(): string {
  return globalThis.crypto.randomUUID();
}

function isTransport(x: unknown): x is Transport {
  return typeof (x as Transport | null)?.request === 'function';
}

export class StripeClient {
  readonly #apiKey: string;
  /** From the config: beats a MethodSpec's own version. */
  readonly #configApiVersion: string | undefined;
  /** The version the client was generated for: used when neither config nor spec names one. */
  readonly #defaultApiVersion: string | undefined;
  readonly #maxNetworkRetries: number;
  readonly #timeout: number;
  readonly #origins: Record<HostKind, string>;
  readonly #stripeAccount: string | undefined;
  readonly #stripeContext: string | undefined;
  readonly #userAgents: UserAgents;
  readonly #events = new EventHub();
  readonly #resources = new Map<string, unknown>();
  readonly #ctx: CallContext;
  readonly #telemetry: Telemetry | undefined;
  readonly #emitBodies: boolean;
  #transport: Transport | undefined;
  #transportLoading: Promise<Transport> | undefined;

  constructor(apiKey: string, config: StripeConfig = {}, defaults?: ClientDefaults) {
    assertApiKey(apiKey);
    // Never ignored: behind a proxy, a dropped agent would bypass it (the Stripe class honours it).
    if (config.httpAgent) throw new StripeUsageError({ message: 'Use httpAgent with the Stripe class', param: 'httpAgent' });
    this.#apiKey = apiKey;
    this.#configApiVersion = config.apiVersion;
    this.#defaultApiVersion = defaults?.apiVersion;
    this.#maxNetworkRetries = retriesOption(config.maxNetworkRetries, DEFAULT_MAX_NETWORK_RETRIES, 'maxNetworkRetries');
    this.#timeout = timeoutOption(config.timeout, DEFAULT_TIMEOUT_MS, 'timeout');
    this.#origins = resolveOrigins(config);
    this.#stripeAccount = config.stripeAccount;
    this.#stripeContext = config.stripeContext;
    this.#userAgents = buildUserAgents(defaults?.packageVersion ?? DEFAULT_PACKAGE_VERSION, config.appInfo);
    this.#telemetry = defaults?.telemetry;
    this.#emitBodies = config.emitEventBodies === true;
    const injected = config.httpClient ?? (config.fetch ? { fetch: config.fetch } : undefined);
    if (injected) {
      // A wrong shape fails here, never as a misleading connection error on the first call.
      const f = (injected as { fetch?: unknown }).fetch;
      if (!isTransport(injected) && typeof f !== 'function') throw new StripeUsageError({ message: 'httpClient must be a Transport or { fetch }', param: 'httpClient' });
      this.#transport = isTransport(injected) ? injected : new FetchTransport(f as FetchFn);
    }
    this.#ctx = {
      transport: () => this.#transport ?? this.#loadTransport(),
      events: this.#events,
      sleep: config.sleep ?? defaultSleep,
      random: config.random ?? Math.random,
      telemetry: this.#telemetry,
      emitBodies: this.#emitBodies,
    };
  }

  /** Loads undici only when the first request goes out, so importing the runtime stays cheap. */
  #loadTransport(): Promise<Transport> {
    return (this.#transportLoading ??= import('./transport/undici.js').then((m) => (this.#transport ??= new m.UndiciTransport())));
  }

  /**
   * Calls one endpoint described by a generated MethodSpec. `pathParams`, `host` and `encoding` may be
   * left out: placeholders are named by the path, the host is `api`, v2 paths are JSON and the rest form.
   */
  async _request<T>(spec: MethodSpec, pathArgs: readonly string[], params: object | undefined, options: RequestOptions | undefined): Promise<Response<T>> {
    const path = buildPath(spec.path, spec.pathParams, pathArgs);
    return this.#send<T>(spec.method, spec.host, spec.encoding ?? defaultEncoding(spec.path), path, params, options, spec);
  }

  /** Calls a list/search endpoint; the result is the first page and an async iterable over every item. */
  _requestList<T, P extends PageObject<T> = ListObject<T>>(
    spec: MethodSpec,
    pathArgs: readonly string[],
    params: object | undefined,
    options: RequestOptions | undefined,
  ): ListPromise<T, P> {
    const kind = spec.page ?? 'list';
    const baseParams: Record<string, unknown> = { ...(params as Record<string, unknown> | undefined) };
    const first = this._request<P>(spec, pathArgs, params, options);
    const reverse = kind === 'list' && baseParams.ending_before !== undefined;
    const next = (page: PageObject<T>): Promise<PageObject<T>> | null => {
      if (kind === 'v2list') {
        const url = (page as V2ListObject<T>).next_page_url;
        if (!url) return null;
        return Promise.resolve().then(() => {
          assertRelativePath(url);
          return this.#send<PageObject<T>>('GET', spec.host, spec.encoding ?? defaultEncoding(spec.path), url, undefined, options, spec);
        });
      }
      const np = nextPageParams(kind, baseParams, page);
      return np ? this._request<PageObject<T>>(spec, pathArgs, np, options) : null;
    };
    return makeListPromise<T, P>(first, reverse, next);
  }

  /** Lazily creates and caches a resource or namespace object. */
  _resource<R>(key: string, create: (client: this) => R): R {
    let r = this.#resources.get(key) as R | undefined;
    if (r === undefined) {
      r = create(this);
      this.#resources.set(key, r);
    }
    return r;
  }

  /** Calls any endpoint by path (which may include a query). v2 paths are sent as JSON, v1 as form. */
  rawRequest(method: HttpMethod, path: string, params?: object | null, options?: RequestOptions): Promise<Response<Record<string, unknown>>> {
    return this._rawRequest(method, 'api', path, params, options);
  }

  /** rawRequest to another host (the Stripe class maps stripe-node's `apiBase` onto this). */
  protected async _rawRequest(method: HttpMethod, host: HostKind, path: string, params: object | null | undefined, options: RequestOptions | undefined): Promise<Response<Record<string, unknown>>> {
    assertRelativePath(path);
    return this.#send<Record<string, unknown>>(method, host, defaultEncoding(path), path, params ?? undefined, options);
  }

  on(event: 'request', listener: RequestListener): this;
  on(event: 'response', listener: ResponseListener): this;
  on(event: 'request' | 'response', listener: RequestListener | ResponseListener): this {
    this.#events.on(event, listener);
    return this;
  }

  off(event: 'request', listener: RequestListener): this;
  off(event: 'response', listener: ResponseListener): this;
  off(event: 'request' | 'response', listener: RequestListener | ResponseListener): this {
    this.#events.off(event, listener);
    return this;
  }

  /** Destroys pooled connections. The client can still be used afterwards (pools are recreated). */
  async close(): Promise<void> {
    if (this.#transportLoading) await this.#transportLoading;
    const t = this.#transport;
    if (t) await t.close();
  }

  /**
   * The call `_request` would make, without sending it: for a caller that sends
   * the same shape many times (the meter-event stream) and varies only the body.
   * `params` encode as usual (`undefined` for a body set per send).
   */
  _prepare(spec: MethodSpec, pathArgs: readonly string[], params: object | undefined, options: RequestOptions | undefined): PreparedCall {
    const encoding = spec.encoding ?? defaultEncoding(spec.path);
    // (A body encoder is async: a prepared call's body is set per send instead.)
    const enc = encodeRequest(spec.method, typeof encoding === 'function' ? 'form' : encoding, params);
    return this.#prepare(spec.method, spec.host, buildPath(spec.path, spec.pathParams, pathArgs), enc, options, spec);
  }

  /** Runs a prepared call (retrying per its maxRetries) and resolves to the raw 2xx response; errors are mapped as for any call. */
  _sendPrepared(call: PreparedCall): Promise<TransportResponse> {
    return executeRaw(this.#ctx, call);
  }

  /** Encodes and runs the retrying call. `path` is already escaped and may carry a query. */
  async #send<T>(
    method: HttpMethod,
    host: HostKind | undefined,
    encoding: Encoding,
    path: string,
    params: object | undefined,
    options: RequestOptions | undefined,
    extras?: MethodSpecExtras,
  ): Promise<Response<T>> {
    const enc: EncodedRequest =
      typeof encoding !== 'function' ? encodeRequest(method, encoding, params) : method === 'POST' ? await encoding(params) : encodeRequest(method, 'form', params);
    return executeCall<T>(this.#ctx, this.#prepare(method, host, path, enc, options, extras, params));
  }

  /** Validates per-call options and builds headers once: every attempt of the call sends the same ones. */
  #prepare(
    method: HttpMethod,
    host: HostKind | undefined,
    path: string,
    enc: EncodedRequest,
    options: RequestOptions | undefined,
    extras: MethodSpecExtras | undefined,
    params?: object,
  ): PreparedCall {
    const o = options ?? NO_OPTIONS;
    if (o.apiKey !== undefined) assertPerCallKey(o.apiKey);
    else if (extras?.auth === 'sessionToken') {
      // Never fall back to the secret key here: the endpoint wants a short-lived session token.
      throw new StripeUsageError({
        message: `${method} ${path} needs a meter-event session token passed as the per-call apiKey option`,
        param: 'apiKey',
        code: 'session_token_required',
      });
    }
    const isV2 = path.startsWith('/v2/');
    const fullPath = enc.query ? `${path}${path.includes('?') ? '&' : '?'}${enc.query}` : path;

    const apiVersion = o.apiVersion ?? this.#configApiVersion ?? extras?.apiVersion ?? this.#defaultApiVersion;
    const stripeAccount = o.stripeAccount ?? this.#stripeAccount;
    const stripeContext = o.stripeContext ?? this.#stripeContext;
    const idempotencyKey = o.idempotencyKey ?? (method === 'POST' || (isV2 && method === 'DELETE') ? `stripe-codegen-retry-${uuid()}` : undefined);

    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${o.apiKey ?? this.#apiKey}`,
      'User-Agent': isV2 ? this.#userAgents.v2 : this.#userAgents.v1,
      'X-Stripe-Client-User-Agent': this.#userAgents.client,
    };
    if (apiVersion) headers['Stripe-Version'] = apiVersion;
    if (enc.contentType) headers['Content-Type'] = enc.contentType;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (stripeAccount) headers['Stripe-Account'] = stripeAccount;
    if (stripeContext) headers['Stripe-Context'] = stripeContext;
    const telemetry = this.#telemetry?.next();
    if (telemetry) headers['X-Stripe-Client-Telemetry'] = telemetry;
    if (o.headers) for (const k of Object.keys(o.headers)) headers[normalizeHeaderName(k)] = o.headers[k];

    return {
      method,
      origin: this.#origins[host ?? 'api'],
      path: fullPath,
      headers,
      body: enc.body,
      timeoutMs: timeoutOption(o.timeout, this.#timeout, 'timeout'),
      signal: o.signal,
      // Only POSTs have a body (GET and DELETE params are the query, already in `path`), as in stripe-node.
      eventBody: this.#emitBodies && method === 'POST' ? params : undefined,
      apiMode: isV2 ? 'v2' : 'v1',
      maxRetries: retriesOption(o.maxNetworkRetries, this.#maxNetworkRetries, 'maxNetworkRetries'),
      idempotencyKey,
      apiVersion,
      stripeAccount,
      binary: extras?.binary === true,
    };
  }
}
