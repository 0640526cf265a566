// Client configuration and per-call options (stripe-node's names), plus the
// pure helpers that resolve them: defaults, validation, and base addresses.

import { StripeUsageError } from './errors.js';
import type { HostKind } from './spec.js';
import type { Telemetry } from './telemetry.js';
import type { StripeNodeHttpClient } from './transport/foreign.js';
import type { FetchFn, Transport } from './transport/types.js';

export interface AppInfo {
  name: string;
  version?: string;
  url?: string;
}

export interface StripeConfig {
  /** Stripe-Version to send; defaults to the API version the client was generated for. */
  apiVersion?: string;
  /** Retries per call after the first attempt (default 2; 0 disables retries). */
  maxNetworkRetries?: number;
  /** Per-attempt timeout in milliseconds (default 80 000). */
  timeout?: number;
  /** Overrides the host of every base address (api, files, meter-events): for tests and proxies. */
  host?: string;
  port?: number | string;
  protocol?: 'http' | 'https';
  /** Connected account to act as (Stripe-Account) on every call. */
  stripeAccount?: string;
  /** Stripe-Context on every call. */
  stripeContext?: string;
  /** Identifies your app in User-Agent and X-Stripe-Client-User-Agent. */
  appInfo?: AppInfo;
  /**
   * `{ fetch }` to send through a fetch function (edge runtimes), a Transport (`Stripe.createFetchHttpClient()`,
   * `Stripe.createNodeHttpClient(agent)`), or an httpClient written for stripe-node (adapted by the generated Stripe class).
   */
  httpClient?: { fetch: FetchFn } | Transport | StripeNodeHttpClient;
  /** Shorthand for `httpClient: { fetch }`. */
  fetch?: FetchFn;
  /**
   * A node:http(s) Agent (a proxy agent, say). Honoured by the generated `Stripe` class, which sends
   * through node:http with it (`createNodeHttpClient(agent)`); the bare StripeClient refuses it.
   */
  httpAgent?: object;
  /**
   * The Stripe class sends `X-Stripe-Client-Telemetry` (the previous request's id and duration), as
   * stripe-node does, unless this is false. A bare StripeClient sends none (it stays small).
   */
  telemetry?: boolean;
  /** Put request params and parsed response bodies on `request`/`response` events as `body`; default false. */
  emitEventBodies?: boolean;
  /** Accepted for stripe-node compatibility; has no effect (the client is typed either way). */
  typescript?: boolean;
  /** Test hook: replaces the backoff sleep (receives the delay in ms and the call's signal). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Test hook: source of jitter in [0, 1). */
  random?: () => number;
}

export interface RequestOptions {
  /** Reused across every retry of this call; generated when omitted on POSTs (and v2 DELETEs). */
  idempotencyKey?: string;
  stripeAccount?: string;
  stripeContext?: string;
  apiVersion?: string;
  /** Another API key, or a meter-event session token, for this call only. */
  apiKey?: string;
  timeout?: number;
  maxNetworkRetries?: number;
  /** Aborting rejects the call with StripeAbortError and stops any retries. */
  signal?: AbortSignal;
  /** Extra request headers; they win over the client's own (`idempotency-key` and `Idempotency-Key` are one header). */
  headers?: Record<string, string>;
}

/** Options of `rawRequest`: stripe-node's RawRequestOptions. */
export interface RawRequestOptions extends RequestOptions {
  /** Same as `headers`, merged after them. */
  additionalHeaders?: Record<string, string>;
  /** Which base address to send to (default `api`). */
  apiBase?: 'api' | 'files' | 'connect' | 'meter_events';
}

/** Values generated code passes about itself. */
export interface ClientDefaults {
  apiVersion: string;
  packageVersion?: string;
  /** Set by the Stripe class (telemetry lives there, out of a bare client's bundle). */
  telemetry?: Telemetry;
}

export const DEFAULT_MAX_NETWORK_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 80_000;

export const DEFAULT_HOSTS: Readonly<Record<HostKind, string>> = {
  api: 'api.stripe.com',
  files: 'files.stripe.com',
  meterEvents: 'meter-events.stripe.com',
  connect: 'connect.stripe.com',
};

/** stripe-node's config keys plus this runtime's own; anything else throws in the Stripe class, as in stripe-node. */
const CONFIG_KEYS = /* @__PURE__ */ 'apiVersion maxNetworkRetries timeout host port protocol stripeAccount stripeContext appInfo httpClient httpAgent telemetry emitEventBodies typescript fetch sleep random'.split(' ');

/** Throws on a key the client would otherwise ignore: a typo, or `authenticator` (not supported). */
export function assertConfigKeys(config: object): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new StripeUsageError({ message: 'Config must be an object', param: 'config' });
  for (const k of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(k)) {
      const hint = k === 'authenticator' ? ' (pass the API key, or a per-call apiKey)' : '';
      throw new StripeUsageError({ message: `Config option "${k}" is not supported${hint}. Allowed: ${CONFIG_KEYS.join(', ')}`, param: k });
    }
  }
}

/** `idempotency-key` → `Idempotency-Key`, so a user's header replaces ours instead of doubling it (as stripe-node does). */
export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)[a-z]/g, (c) => c.toUpperCase());
}

/** Base address per host kind; `host`/`port`/`protocol` override all of them at once. */
export function resolveOrigins(config: Pick<StripeConfig, 'host' | 'port' | 'protocol'>): Record<HostKind, string> {
  const protocol = config.protocol ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') {
    throw new StripeUsageError({ message: `protocol must be 'http' or 'https', got ${JSON.stringify(protocol)}`, param: 'protocol' });
  }
  const defaultPort = protocol === 'https' ? '443' : '80';
  const port = config.port === undefined || String(config.port) === defaultPort ? '' : `:${config.port}`;
  const origin = (kind: HostKind): string => `${protocol}://${config.host ?? DEFAULT_HOSTS[kind]}${port}`;
  return { api: origin('api'), files: origin('files'), meterEvents: origin('meterEvents'), connect: origin('connect') };
}

/** A non-negative integer option, or the fallback when unset. */
export function retriesOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new StripeUsageError({ message: `${name} must be a non-negative integer, got ${String(value)}`, param: name });
  }
  return value;
}

/** A positive finite millisecond count, or the fallback when unset. */
export function timeoutOption(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StripeUsageError({ message: `${name} must be a positive number of milliseconds, got ${String(value)}`, param: name });
  }
  return value;
}
