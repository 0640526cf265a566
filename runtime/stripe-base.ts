// The base of the generated `Stripe` class: StripeClient plus the parts of
// stripe-node's surface that are not endpoints (static `Stripe.webhooks`,
// `Stripe.errors`, `createFetchHttpClient` / `createNodeHttpClient` /
// crypto providers, `httpAgent`, `stripe.oauth`, thin event notifications).
// Kept out of StripeClient so a bundle built from `core` + one resource
// carries none of it.

import { StripeClient } from './client.js';
import { assertConfigKeys, resolveOrigins, type ClientDefaults, type RawRequestOptions, type StripeConfig } from './config.js';
import type { RequestEvent, RequestListener, ResponseEvent, ResponseListener } from './events.js';
import type { Response } from './response.js';
import type { HostKind } from './spec.js';
import { createNodeCryptoProvider, createSubtleCryptoProvider, type CryptoProvider } from './crypto.js';
import { errors } from './error-classes.js';
import { StripeUsageError } from './errors.js';
import { buildEventNotification, type EventNotification } from './event-notifications.js';
import { OAuth } from './oauth.js';
import { Telemetry } from './telemetry.js';
import { ForeignHttpClientTransport, isStripeNodeHttpClient } from './transport/foreign.js';
import { FetchTransport } from './transport/fetch.js';
import { NodeHttpTransport } from './transport/node-http.js';
import type { FetchFn } from './transport/types.js';
import { DEFAULT_TOLERANCE_SECONDS, signature, unwrapEnvelope, Webhooks, type WebhookEvent } from './webhooks.js';

type Payload = string | Uint8Array;

/** rawRequest's `apiBase` (stripe-node's names) → host kind. */
const API_BASES: Record<string, HostKind> = { api: 'api', files: 'files', connect: 'connect', meter_events: 'meterEvents' };

/** Turns stripe-node-style transport options into a Transport; nothing is ignored. */
function adaptConfig(config: StripeConfig | undefined): StripeConfig {
  if (config === undefined) return {};
  assertConfigKeys(config);
  const { httpAgent, ...rest } = config;
  if (httpAgent !== undefined) {
    if (rest.httpClient !== undefined || rest.fetch !== undefined) {
      throw new StripeUsageError({ message: 'Pass either httpAgent or httpClient/fetch, not both: the agent would not be used', param: 'httpAgent' });
    }
    if (typeof httpAgent !== 'object' || httpAgent === null) {
      throw new StripeUsageError({ message: 'httpAgent must be a node:http(s) Agent', param: 'httpAgent' });
    }
    return { ...rest, httpClient: new NodeHttpTransport(httpAgent) };
  }
  if (isStripeNodeHttpClient(rest.httpClient)) return { ...rest, httpClient: new ForeignHttpClientTransport(rest.httpClient) };
  return config;
}

/** `E`: the event type `webhooks.constructEvent` returns (the generated `Event` union). */
export class StripeBase<E = WebhookEvent> extends StripeClient {
  /** Every error class (`Stripe.errors.StripeCardError`). */
  static readonly errors = errors;
  static readonly DEFAULT_TOLERANCE = DEFAULT_TOLERANCE_SECONDS;
  /** stripe-node's `Stripe.createFetchHttpClient(fetch?)`: send through a fetch function (default: the global one). */
  static createFetchHttpClient(fetchFn?: FetchFn): FetchTransport & { getClientName(): string } {
    const f = fetchFn ?? ((input, init) => globalThis.fetch(input, init));
    return Object.assign(new FetchTransport(f), { getClientName: () => 'fetch' });
  }
  /** stripe-node's `Stripe.createNodeHttpClient(agent?)`: send through node:http(s), with `agent` when given. */
  static createNodeHttpClient(agent?: object): NodeHttpTransport {
    return new NodeHttpTransport(agent);
  }
  static createNodeCryptoProvider(): CryptoProvider {
    return createNodeCryptoProvider();
  }
  static createSubtleCryptoProvider(subtle?: Parameters<typeof createSubtleCryptoProvider>[0]): CryptoProvider {
    return createSubtleCryptoProvider(subtle);
  }

  /** Same as the static `Stripe.errors`, as stripe-node has both. */
  readonly errors = errors;
  readonly #connectOrigin: string;
  #clientId: string | undefined;

  constructor(apiKey: string, config?: StripeConfig, defaults?: ClientDefaults) {
    const adapted = adaptConfig(config);
    super(apiKey, adapted, defaults && { ...defaults, telemetry: adapted.telemetry === false ? undefined : new Telemetry() });
    this.#connectOrigin = resolveOrigins(adapted).connect;
  }

  /**
   * Calls any endpoint by path. `apiBase` picks the host (`api`, `files`, `connect`, `meter_events`),
   * `additionalHeaders` are sent as given (stripe-node's RawRequestOptions).
   */
  override rawRequest(method: 'GET' | 'POST' | 'DELETE', path: string, params?: object | null, options?: RawRequestOptions): Promise<Response<Record<string, unknown>>> {
    const base = options?.apiBase ?? 'api';
    const host = Object.hasOwn(API_BASES, base) ? API_BASES[base] : undefined;
    if (!host) return Promise.reject(new StripeUsageError({ message: `apiBase must be 'api', 'files', 'connect' or 'meter_events', got ${JSON.stringify(base)}`, param: 'apiBase' }));
    const { apiBase: _b, additionalHeaders, ...rest } = options ?? {};
    return this._rawRequest(method, host, path, params, additionalHeaders ? { ...rest, headers: { ...rest.headers, ...additionalHeaders } } : rest);
  }

  /** Like `on`, for one event only (`off(listener)` removes it before it fires). */
  once(event: 'request', listener: RequestListener): this;
  once(event: 'response', listener: ResponseListener): this;
  once(event: 'request' | 'response', listener: RequestListener | ResponseListener): this {
    type Any = (e: RequestEvent & ResponseEvent) => void;
    const wrapper: Any = Object.assign((e: RequestEvent & ResponseEvent): void => {
      this.off(event as 'request', wrapper as RequestListener);
      (listener as Any)(e);
    }, { listener });
    return this.on(event as 'request', wrapper as RequestListener);
  }

  /** Webhook signature verification: `stripe.webhooks.constructEvent(payload, header, secret)`. */
  get webhooks(): Webhooks<E> {
    return this._resource('webhooks', () => new Webhooks<E>());
  }

  /** Connect OAuth on connect.stripe.com: `authorizeUrl`, `token`, `deauthorize`. */
  get oauth(): OAuth {
    return this._resource('oauth', () => new OAuth({ client: this, connectOrigin: this.#connectOrigin, getClientId: () => this.#clientId }));
  }

  /** The Connect client id `oauth.authorizeUrl` and `oauth.deauthorize` use when params name none. */
  setClientId(clientId: string): void {
    this.#clientId = clientId;
  }

  getClientId(): string | undefined {
    return this.#clientId;
  }

  /** Verifies and parses a thin event notification (v2 event destinations). */
  parseEventNotification(payload: Payload, header: string | Uint8Array | undefined, secret: string, tolerance?: number, cryptoProvider?: CryptoProvider, receivedAt?: number): EventNotification {
    // `||`, not `??`: as in stripe-node, a tolerance of 0 means the default here.
    signature.verifyHeader(payload, header, secret, tolerance || DEFAULT_TOLERANCE_SECONDS, cryptoProvider, receivedAt);
    return buildEventNotification(this, parseObject(payload));
  }

  async parseEventNotificationAsync(
    payload: Payload,
    header: string | Uint8Array | undefined,
    secret: string,
    tolerance?: number,
    cryptoProvider?: CryptoProvider,
    receivedAt?: number,
  ): Promise<EventNotification> {
    await signature.verifyHeaderAsync(payload, header, secret, tolerance || DEFAULT_TOLERANCE_SECONDS, cryptoProvider, receivedAt);
    return buildEventNotification(this, parseObject(payload));
  }

  /** Parses a notification verified elsewhere, or from an EventBridge / Event Grid envelope. */
  parseEventNotificationWithoutVerification(payload: Payload): EventNotification {
    return buildEventNotification(this, unwrapEnvelope(payload));
  }
}

function parseObject(payload: Payload): Record<string, unknown> {
  const text = typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
  const v: unknown = JSON.parse(text);
  if (v === null || typeof v !== 'object') throw new StripeUsageError({ message: 'Event notification payload is not a JSON object', code: 'payload_not_json' });
  return v as Record<string, unknown>;
}
