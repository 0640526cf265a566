// Turns params into a query string and/or body for one request, picking the
// encoding the MethodSpec names. GET and DELETE always carry params in the
// query (v1 form style, or v2 style for JSON endpoints); POST carries a body.

import type { BodyEncoder } from '../spec.js';
import { encodeForm } from './form.js';
import { encodeJson } from './json.js';
import { encodeMultipart } from './multipart.js';
import { encodeV2Query } from './v2-query.js';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const JSON_CONTENT_TYPE = 'application/json';

export interface EncodedRequest {
  /** Query string without `?`; empty when there is none. */
  query: string;
  body: string | Uint8Array | undefined;
  contentType: string | undefined;
}

/** Synchronous encodings (everything but a multipart POST). */
export function encodeRequest(method: 'GET' | 'POST' | 'DELETE', encoding: 'form' | 'json', params: object | undefined): EncodedRequest {
  if (method !== 'POST') {
    return { query: encoding === 'json' ? encodeV2Query(params) : encodeForm(params), body: undefined, contentType: undefined };
  }
  if (encoding === 'json') return { query: '', body: encodeJson(params), contentType: JSON_CONTENT_TYPE };
  return { query: '', body: encodeForm(params), contentType: FORM_CONTENT_TYPE };
}

/** A multipart POST body; async because Blob contents are read asynchronously. */
export async function encodeMultipartRequest(params: object | undefined, boundary: string): Promise<EncodedRequest> {
  return { query: '', body: await encodeMultipart(params, boundary), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The encoding of file-upload operations (MethodSpec.encoding), with a fresh boundary per call. */
export const multipartEncoding: BodyEncoder = (params) =>
  encodeMultipartRequest(params, `----StripeCodegenBoundary${globalThis.crypto.randomUUID().replace(/-/g, '')}`);

export { encodeForm, encodeFormComponent } from './form.js';
export { encodeJson, PreEncodedJson } from './json.js';
export { encodeMultipart, type MultipartFile } from './multipart.js';
export { encodeV2Query } from './v2-query.js';
