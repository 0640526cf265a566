// Client configuration and per-call options (stripe-node's names), plus the
// pure helpers that resolve them: defaults, validation, and base addresses.

import { StripeUsageError } from './errors.js';
import type { HostKind } from './spec.js';
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
  /** `{ fetch }` to send through a fetch function (edge runtimes), or a full Transport. */
  httpClient?: { fetch: FetchFn } | Transport;
  /** Shorthand for `httpClient: { fetch }`. */
  fetch?: FetchFn;
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
}

/** Values generated code passes about itself. */
export interface ClientDefaults {
  apiVersion: string;
  packageVersion?: string;
}

export const DEFAULT_MAX_NETWORK_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 80_000;

export const DEFAULT_HOSTS: Readonly<Record<HostKind, string>> = {
  api: 'api.stripe.com',
  files: 'files.stripe.com',
  meterEvents: 'meter-events.stripe.com',
};

/** Base address per host kind; `host`/`port`/`protocol` override all of them at once. */
export function resolveOrigins(config: Pick<StripeConfig, 'host' | 'port' | 'protocol'>): Record<HostKind, string> {
  const protocol = config.protocol ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') {
    throw new StripeUsageError({ message: `protocol must be 'http' or 'https', got ${JSON.stringify(protocol)}`, param: 'protocol' });
  }
  const defaultPort = protocol === 'https' ? '443' : '80';
  const port = config.port === undefined || String(config.port) === defaultPort ? '' : `:${config.port}`;
  const origin = (kind: HostKind): string => `${protocol}://${config.host ?? DEFAULT_HOSTS[kind]}${port}`;
  return { api: origin('api'), files: origin('files'), meterEvents: origin('meterEvents') };
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
