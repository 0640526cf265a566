// Webhook signature verification (Stripe-Signature: `t=<ts>,v1=<hex>[,v1=...]`),
// HMAC-SHA256 of `${t}.${payload}` with the endpoint secret. Sync via
// node:crypto, async via Web Crypto for edge runtimes. Secrets never appear in
// error messages.
//
// node:crypto is looked up on first use, not imported: loading it takes ~6 ms,
// more than compiling and running the rest of the runtime bundle.

import { createRequire } from 'node:module';
import { StripeSignatureVerificationError } from './errors.js';

type NodeCrypto = typeof import('node:crypto');
let nodeCryptoModule: NodeCrypto | undefined;
function nodeCrypto(): NodeCrypto {
  // process.getBuiltinModule: Node >= 20.16; createRequire for older 20.x.
  return (nodeCryptoModule ??= process.getBuiltinModule?.('node:crypto') ?? (createRequire(import.meta.url)('node:crypto') as NodeCrypto));
}

export const DEFAULT_TOLERANCE_SECONDS = 300;
const SCHEME = 'v1';

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
}

type Payload = string | Uint8Array;

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

function hmacHexSync(secret: string, content: string): string {
  return nodeCrypto().createHmac('sha256', secret).update(content, 'utf8').digest('hex');
}

async function hmacHexAsync(secret: string, content: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: { name: 'SHA-256' } }, false, ['sign']);
  const sig = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, enc.encode(content)));
  let hex = '';
  for (const b of sig) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export class Webhooks {
  readonly DEFAULT_TOLERANCE = DEFAULT_TOLERANCE_SECONDS;

  /**
   * Verifies the signature and returns the parsed event.
   * `tolerance` is in seconds (0 disables the age check); `receivedAt` (ms) defaults to now.
   */
  constructEvent<E = WebhookEvent>(payload: Payload, header: string | Uint8Array | undefined, secret: string, tolerance = DEFAULT_TOLERANCE_SECONDS, receivedAt?: number): E {
    const { text, headerText, parsed } = this.prepare(payload, header, secret);
    const expected = hmacHexSync(secret, `${parsed.timestamp}.${text}`);
    // node's timingSafeEqual on the hex bytes when lengths match, per signature.
    const { timingSafeEqual } = nodeCrypto();
    const ok = parsed.signatures.some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), Buffer.from(expected)));
    return this.finish<E>(ok, text, headerText, parsed, tolerance, receivedAt);
  }

  /** Same as constructEvent, computing the HMAC with Web Crypto (`globalThis.crypto.subtle`). */
  async constructEventAsync<E = WebhookEvent>(payload: Payload, header: string | Uint8Array | undefined, secret: string, tolerance = DEFAULT_TOLERANCE_SECONDS, receivedAt?: number): Promise<E> {
    const { text, headerText, parsed } = this.prepare(payload, header, secret);
    const expected = await hmacHexAsync(secret, `${parsed.timestamp}.${text}`);
    const ok = parsed.signatures.some((s) => safeEqualHex(s, expected));
    return this.finish<E>(ok, text, headerText, parsed, tolerance, receivedAt);
  }

  /** A valid Stripe-Signature header for `payload`, for tests. */
  generateTestHeaderString(opts: TestHeaderOptions): string {
    const timestamp = Math.floor(opts.timestamp ?? Date.now() / 1000);
    const sig = opts.signature ?? hmacHexSync(opts.secret, `${timestamp}.${opts.payload}`);
    return `t=${timestamp},${SCHEME}=${sig}`;
  }

  /** Web Crypto variant of generateTestHeaderString. */
  async generateTestHeaderStringAsync(opts: TestHeaderOptions): Promise<string> {
    const timestamp = Math.floor(opts.timestamp ?? Date.now() / 1000);
    const sig = opts.signature ?? (await hmacHexAsync(opts.secret, `${timestamp}.${opts.payload}`));
    return `t=${timestamp},${SCHEME}=${sig}`;
  }

  private prepare(payload: Payload, header: string | Uint8Array | undefined, secret: string): { text: string; headerText: string; parsed: ParsedHeader } {
    if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
      throw new StripeSignatureVerificationError(undefined, undefined, {
        message: 'Webhook payload must be the raw request body as a string or Buffer, not a parsed object: signatures cover the exact bytes Stripe sent',
        code: 'payload_not_raw',
      });
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

  private finish<E>(ok: boolean, text: string, headerText: string, parsed: ParsedHeader, tolerance: number, receivedAt: number | undefined): E {
    if (!ok) {
      throw new StripeSignatureVerificationError(headerText, text, {
        message:
          'No signatures found matching the expected signature for payload. Are you passing the raw request body you received from Stripe (not re-serialised JSON), and the signing secret of this endpoint?',
        code: 'signature_mismatch',
      });
    }
    const age = Math.floor((receivedAt ?? Date.now()) / 1000) - parsed.timestamp;
    if (tolerance > 0 && age > tolerance) {
      throw new StripeSignatureVerificationError(headerText, text, { message: `Timestamp outside the tolerance zone (${age}s old, tolerance ${tolerance}s)`, code: 'timestamp_outside_tolerance' });
    }
    try {
      return JSON.parse(text) as E;
    } catch (e) {
      throw new StripeSignatureVerificationError(headerText, text, { message: 'Webhook payload is not valid JSON', code: 'payload_not_json', cause: e });
    }
  }
}
