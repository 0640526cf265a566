// The contract between generated resource code and the runtime: a generated
// method describes its endpoint with a MethodSpec and hands it to the client.
// Nothing here knows about any particular Stripe resource.

/** Which base address an operation is served from (chosen per operation by the spec's `servers`). */
export type HostKind = 'api' | 'files' | 'meterEvents';

/** How params travel: v1 form encoding, v2 JSON, or multipart (file uploads). */
export type Encoding = 'form' | 'json' | 'multipart';

/** Which pagination protocol a list-like operation follows. */
export type PageKind = 'list' | 'search' | 'v2list';

export interface MethodSpec {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path template, e.g. `/v1/customers/{customer}/sources/{id}`. */
  readonly path: string;
  /** Names of the `{placeholders}` in `path`, in order. */
  readonly pathParams: readonly string[];
  readonly host: HostKind;
  readonly encoding: Encoding;
  readonly page?: PageKind;
}
