// The contract between generated resource code and the runtime: a generated
// method describes its endpoint with a MethodSpec and hands it to the client.
// Nothing here knows about any particular Stripe resource.

/** Which base address an operation is served from (chosen per operation by the spec's `servers`). */
export type HostKind = 'api' | 'files' | 'meterEvents' | 'connect';

/** A POST body built asynchronously (file uploads read Blobs): resolves to the query, body and content type. */
export type BodyEncoder = (params: object | undefined) => Promise<{ query: string; body: string | Uint8Array | undefined; contentType: string | undefined }>;

/**
 * How params travel: v1 form encoding, v2 JSON, or an encoder for the body
 * (`multipartEncoding` for file uploads). The encoder is passed as a value so
 * bundles that never upload a file leave it out.
 */
export type Encoding = 'form' | 'json' | BodyEncoder;

/** Which pagination protocol a list-like operation follows. */
export type PageKind = 'list' | 'search' | 'v2list';

export interface MethodSpec extends MethodSpecExtras {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path template, e.g. `/v1/customers/{customer}/sources/{id}`. */
  readonly path: string;
  /** Names of the `{placeholders}` in `path`, in order; default: read from `path`. */
  readonly pathParams?: readonly string[];
  /** Default `api`. */
  readonly host?: HostKind;
  /** Default: `json` for `/v2/` paths, else `form` (see defaultEncoding). */
  readonly encoding?: Encoding;
  readonly page?: PageKind;
}

/** The encoding of a path whose MethodSpec names none (and of rawRequest): v2 is JSON, v1 is form. */
export function defaultEncoding(path: string): 'form' | 'json' {
  return path.startsWith('/v2/') ? 'json' : 'form';
}

export interface MethodSpecExtras {
  /**
   * The API version the operation was described in, when it differs from the
   * client's default (a merged build mixes sources). An explicit `apiVersion`
   * in the config or the call still wins.
   */
  readonly apiVersion?: string;
  /**
   * `sessionToken`: the call must carry a per-call `apiKey` (a meter-event
   * session token) instead of the secret key. The spec itself does not say so.
   */
  readonly auth?: 'sessionToken';
  /** The success body is not JSON (e.g. a PDF): the call resolves to its bytes. */
  readonly binary?: boolean;
}

/** What a call with a non-JSON success body (MethodSpec.binary) resolves to. */
export interface BinaryResponse {
  readonly data: Uint8Array;
  readonly contentType: string;
}
