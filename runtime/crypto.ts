// HMAC-SHA256 providers for webhook signatures, with stripe-node's interface
// (`computeHMACSignature` / `computeHMACSignatureAsync`), so a provider made by
// stripe-node's `Stripe.createSubtleCryptoProvider()` works here too.
//
// node:crypto is looked up on first use, not imported: loading it takes ~6 ms,
// more than compiling and running the rest of the runtime bundle.

import { createRequire } from 'node:module';

export interface CryptoProvider {
  /** Hex HMAC-SHA256 of `payload` with `secret`; a provider that is async-only throws CryptoProviderOnlySupportsAsyncError. */
  computeHMACSignature(payload: string, secret: string): string;
  computeHMACSignatureAsync(payload: string, secret: string): Promise<string>;
  /** SHA-256 of `data` (stripe-node's providers have it; kept so each side's providers fit the other). */
  computeSHA256Async(data: Uint8Array): Promise<Uint8Array>;
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(data)));
}

/** Thrown by a provider that cannot sign synchronously (Web Crypto); use the `...Async` method instead. */
export class CryptoProviderOnlySupportsAsyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoProviderOnlySupportsAsyncError';
  }
}

type NodeCrypto = typeof import('node:crypto');
let nodeCryptoModule: NodeCrypto | undefined;
function nodeCrypto(): NodeCrypto {
  // process.getBuiltinModule: Node >= 20.16; createRequire for older 20.x.
  return (nodeCryptoModule ??= process.getBuiltinModule?.('node:crypto') ?? (createRequire(import.meta.url)('node:crypto') as NodeCrypto));
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** node:crypto: signs synchronously and asynchronously. */
export function createNodeCryptoProvider(): CryptoProvider {
  const sign = (payload: string, secret: string): string => nodeCrypto().createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
  return { computeHMACSignature: sign, computeHMACSignatureAsync: async (p, s) => sign(p, s), computeSHA256Async: sha256 };
}

/** What the provider uses of Web Crypto's SubtleCrypto (declared here so the types need no DOM lib). */
export interface SubtleCryptoLike {
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: string; hash: { name: string } }, extractable: boolean, keyUsages: string[]): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

/** Web Crypto (`crypto.subtle`, edge runtimes): async only, as in stripe-node. */
export function createSubtleCryptoProvider(subtle?: SubtleCryptoLike): CryptoProvider {
  return {
    computeHMACSignature(): string {
      throw new CryptoProviderOnlySupportsAsyncError('SubtleCryptoProvider cannot be used in a synchronous context.');
    },
    async computeHMACSignatureAsync(payload: string, secret: string): Promise<string> {
      const enc = new TextEncoder();
      const s = subtle ?? (globalThis.crypto.subtle as unknown as SubtleCryptoLike);
      const key = await s.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: { name: 'SHA-256' } }, false, ['sign']);
      return toHex(new Uint8Array(await s.sign('HMAC', key, enc.encode(payload))));
    },
    computeSHA256Async: sha256,
  };
}
