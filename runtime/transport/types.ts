// The transport contract: send one HTTP request, return status, lower-cased
// headers and the whole body as text. Retries, encoding and error mapping live
// above this line, so a fake transport in tests exercises everything else.

export interface TransportRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `protocol://host[:port]`, no trailing slash. */
  readonly origin: string;
  /** Path plus query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Bytes are only valid until the returned promise settles: the meter-event
   * stream reuses a delivered body's buffer for a later batch, so a transport
   * that keeps the body (to log or replay it) must copy it.
   */
  readonly body: string | Uint8Array | undefined;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** Also return the body as bytes (MethodSpec.binary). */
  readonly binary?: boolean;
}

export interface TransportResponse {
  readonly statusCode: number;
  /** Names lower-cased; repeated headers joined with `, `. */
  readonly headers: Record<string, string>;
  readonly bodyText: string;
  /** Present when the request asked for `binary`. */
  readonly bodyBytes?: Uint8Array;
}

export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}

/** Thrown by transports when no complete response arrived; the client maps it to a typed error. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'connection' | 'timeout' | 'aborted',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportFailure';
  }
}

/** The subset of `fetch` the fetch transport needs (so edge runtimes and test doubles fit). */
export type FetchFn = (input: string, init: RequestInit) => Promise<globalThis.Response>;
