// Webhook signature verification with stripe-node's surface: `constructEvent(payload,
// header, secret, tolerance, cryptoProvider, receivedAt)`, `constructEventAsync`,
// `constructEventWithoutVerification`, `signature.verifyHeader(Async)`,
// `generateTestHeaderString(Async)`. Stripe-Signature is `t=<ts>,v1=<hex>[,v1=...]`,
// the HMAC-SHA256 of `${t}.${payload}` with the endpoint secret. Secrets never
// appear in error messages. A thin event notification (`v2.core.event`) is
// refused, as stripe-node refuses it: those go to `parseEventNotification`.

import { createNodeCryptoProvider, createSubtleCryptoProvider, CryptoProviderOnlySupportsAsyncError, type CryptoProvider } from './crypto.js';
import { StripeSignatureVerificationError, StripeUsageError } from './errors.js';

export const DEFAULT_TOLERANCE_SECONDS = 300;
const SCHEME = 'v1';

/** The event type when the client was generated without one (the generated client uses its `Event` union). */
export interface WebhookEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface TestHeaderOptions {
  payload: string;
  secret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Use this signature instead of computing one (to test failures). */
  signature?: string;
  scheme?: string;
  cryptoProvider?: CryptoProvider;
}

type Payload = string | Uint8Array;
type Header = string | Uint8Array | undefined;

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

const decoder = /* @__PURE__ */ new TextDecoder('utf-8');
const toText = (p: Payload): string => (typeof p === 'string' ? p : decoder.decode(p));

/** `t=...,v1=...` → timestamp and every v1 signature; other schemes (v0) are ignored. */
export function parseSignatureHeader(header: string): ParsedHeader | null {
  let timestamp = -1;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const k = item.slice(0, eq).trim();
    const v = item.slice(eq + 1).trim();
    if (k === 't') timestamp = /^\d+$/.test(v) ? Number(v) : -1;
    else if (k === SCHEME && v) signatures.push(v);
  }
  if (timestamp < 0) return null;
  return { timestamp, signatures };
}

/** Constant-time for equal lengths; a length mismatch is not secret (signatures are fixed-size hex). */
function safeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

let defaultProvider: CryptoProvider | undefined;
const nodeProvider = (): CryptoProvider => (defaultProvider ??= createNodeCryptoProvider());
let subtleProvider: CryptoProvider | undefined;

/** stripe-node's check for raw events: the event object, or a cloud envelope (EventBridge `detail`, Event Grid `data`) around one. */
export function unwrapEnvelope(payload: Payload): Record<string, unknown> {
  const parsed = parseJson(payload);
  if ('detail' in parsed) return parsed.detail as Record<string, unknown>;
  if ('specversion' in parsed && 'data' in parsed) return parsed.data as Record<string, unknown>;
  if (parsed.object === 'event' || parsed.object === 'v2.core.event') return parsed;
  throw new StripeUsageError({
    message: 'Unrecognized event format. The payload must be an AWS EventBridge/Azure Event Grid event envelope or a Stripe webhook (thin event notification or snapshot).',
    code: 'event_format_unrecognized',
  });
}

function parseJson(payload: Payload): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(toText(payload));
  } catch (e) {
    throw new StripeUsageError({ message: 'Webhook payload is not valid JSON', code: 'payload_not_json', cause: e });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new StripeUsageError({ message: 'Webhook payload is not a JSON object', code: 'payload_not_json' });
  return v as Record<string, unknown>;
}

function refuseThin<E>(event: Record<string, unknown>): E {
  if (event.object === 'v2.core.event') {
    throw new StripeUsageError({
      message: 'You passed a thin event notification to a function that expects a webhook. Use the corresponding EventNotification method instead.',
      code: 'thin_event_notification',
    });
  }
  return event as E;
}

export interface WebhookSignature {
  readonly EXPECTED_SCHEME: 'v1';
  /** Throws StripeSignatureVerificationError unless `header` signs `payload` with `secret` within `tolerance` seconds (0: no age check). */
  verifyHeader(payload: Payload, header: Header, secret: string, tolerance?: number, cryptoProvider?: CryptoProvider, receivedAt?: number): true;
  verifyHeaderAsync(payload: Payload, header: Header, secret: string, tolerance?: number, cryptoProvider?: CryptoProvider, receivedAt?: number): Promise<true>;
}

function prepare(payload: Payload, header: Header, secret: string): { text: string; headerText: string; parsed: ParsedHeader } {
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
    throw new StripeSignatureVerificationError(undefined, undefined, {
      message: 'Webhook payload must be the raw request body as a string or Buffer, not a parsed object: signatures cover the exact bytes Stripe sent',
      code: 'payload_not_raw',
    });
  }
  if (Array.isArray(header)) {
    throw new StripeSignatureVerificationError(undefined, undefined, { message: 'An array was passed as the stripe-signature header; pass the single header value', code: 'header_array' });
  }
  const text = toText(payload);
  if (!text) throw new StripeSignatureVerificationError(undefined, text, { message: 'No webhook payload was provided', code: 'payload_missing' });
  const headerText = header === undefined || header === null ? '' : typeof header === 'string' ? header : decoder.decode(header);
  if (!headerText) throw new StripeSignatureVerificationError(headerText, text, { message: 'No stripe-signature header value was provided', code: 'header_missing' });
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new StripeSignatureVerificationError(headerText, text, { message: 'No webhook secret was provided; it should start with whsec_', code: 'secret_missing' });
  }
  const parsed = parseSignatureHeader(headerText);
  if (!parsed) {
    throw new StripeSignatureVerificationError(headerText, text, { message: 'Unable to extract timestamp and signatures from header', code: 'header_malformed' });
  }
  if (parsed.signatures.length === 0) {
    throw new StripeSignatureVerificationError(headerText, text, { message: 'No signatures found with expected scheme v1', code: 'header_no_v1' });
  }
  return { text, headerText, parsed };
}

function check(expected: string, text: string, headerText: string, parsed: ParsedHeader, tolerance: number | undefined, receivedAt: number | undefined): true {
  if (!parsed.signatures.some((s) => safeEqualHex(s, expected))) {
    throw new StripeSignatureVerificationError(headerText, text, {
      message:
        'No signatures found matching the expected signature for payload. Are you passing the raw request body you received from Stripe (not re-serialised JSON), and the signing secret of this endpoint?',
      code: 'signature_mismatch',
    });
  }
  const tol = tolerance ?? DEFAULT_TOLERANCE_SECONDS;
  const age = Math.floor((receivedAt ?? Date.now()) / 1000) - parsed.timestamp;
  if (tol > 0 && age > tol) {
    throw new StripeSignatureVerificationError(headerText, text, { message: `Timestamp outside the tolerance zone (${age}s old, tolerance ${tol}s)`, code: 'timestamp_outside_tolerance' });
  }
  return true;
}

function syncSign(provider: CryptoProvider, content: string, secret: string, asyncName: string): string {
  try {
    return provider.computeHMACSignature(content, secret);
  } catch (e) {
    if (e instanceof CryptoProviderOnlySupportsAsyncError) e.message += `\nUse \`await ${asyncName}(...)\` instead.`;
    throw e;
  }
}

export const signature: WebhookSignature = {
  EXPECTED_SCHEME: SCHEME,
  verifyHeader(payload, header, secret, tolerance, cryptoProvider, receivedAt) {
    const { text, headerText, parsed } = prepare(payload, header, secret);
    const expected = syncSign(cryptoProvider ?? nodeProvider(), `${parsed.timestamp}.${text}`, secret, 'verifyHeaderAsync');
    return check(expected, text, headerText, parsed, tolerance, receivedAt);
  },
  async verifyHeaderAsync(payload, header, secret, tolerance, cryptoProvider, receivedAt) {
    const { text, headerText, parsed } = prepare(payload, header, secret);
    const provider = cryptoProvider ?? (subtleProvider ??= createSubtleCryptoProvider());
    const expected = await provider.computeHMACSignatureAsync(`${parsed.timestamp}.${text}`, secret);
    return check(expected, text, headerText, parsed, tolerance, receivedAt);
  },
};

/** `stripe.webhooks` / `Stripe.webhooks`. `E` is the event type constructEvent returns (the generated `Event` union). */
export class Webhooks<E = WebhookEvent> {
  readonly DEFAULT_TOLERANCE = DEFAULT_TOLERANCE_SECONDS;
  readonly signature: WebhookSignature = signature;

  /**
   * Verifies the signature and returns the parsed event. `tolerance` is in seconds (default 300,
   * 0 disables the age check); `cryptoProvider` defaults to node:crypto; `receivedAt` (ms) to now.
   */
  constructEvent(payload: Payload, header: Header, secret: string, tolerance?: number, cryptoProvider?: CryptoProvider, receivedAt?: number): E {
    signature.verifyHeader(payload, header, secret, tolerance, cryptoProvider, receivedAt);
    return refuseThin<E>(parseJson(payload));
  }

  /** Same as constructEvent, signing asynchronously (Web Crypto by default). */
  async constructEventAsync(payload: Payload, header: Header, secret: string, tolerance?: number, cryptoProvider?: CryptoProvider, receivedAt?: number): Promise<E> {
    await signature.verifyHeaderAsync(payload, header, secret, tolerance, cryptoProvider, receivedAt);
    return refuseThin<E>(parseJson(payload));
  }

  /** Parses an event already verified elsewhere (or from EventBridge / Event Grid, whose envelope is removed). */
  constructEventWithoutVerification(payload: Payload): E {
    return refuseThin<E>(unwrapEnvelope(payload));
  }

  /** A valid Stripe-Signature header for `payload`, for tests. */
  generateTestHeaderString(opts: TestHeaderOptions): string {
    const timestamp = Math.floor(opts.timestamp ?? Date.now() / 1000);
    const sig = opts.signature ?? syncSign(opts.cryptoProvider ?? nodeProvider(), `${timestamp}.${opts.payload}`, opts.secret, 'generateTestHeaderStringAsync');
    return `t=${timestamp},${opts.scheme ?? SCHEME}=${sig}`;
  }

  async generateTestHeaderStringAsync(opts: TestHeaderOptions): Promise<string> {
    const timestamp = Math.floor(opts.timestamp ?? Date.now() / 1000);
    const provider = opts.cryptoProvider ?? (subtleProvider ??= createSubtleCryptoProvider());
    const sig = opts.signature ?? (await provider.computeHMACSignatureAsync(`${timestamp}.${opts.payload}`, opts.secret));
    return `t=${timestamp},${opts.scheme ?? SCHEME}=${sig}`;
  }
}
