// multipart/form-data for file uploads (POST /v1/files on files.stripe.com).
// Keys flatten exactly like the form encoding (`file_link_data[create]`);
// file values may be a Buffer/Uint8Array, a Blob/File, or `{data, name, type}`.

import { flatten, scalarToString } from './form.js';

/** A file part described explicitly. */
export interface MultipartFile {
  data: Uint8Array | Blob | string;
  name?: string;
  type?: string;
}

function isFileLike(v: object): boolean {
  return v instanceof Uint8Array || (typeof Blob !== 'undefined' && v instanceof Blob) || (!Array.isArray(v) && Object.hasOwn(v, 'data'));
}

const quote = (s: string): string => `"${s.replace(/"/g, '%22').replace(/\r\n|\r|\n/g, ' ')}"`;
const oneLine = (s: string): string => s.replace(/\r\n|\r|\n/g, ' ');

async function toBytes(data: Uint8Array | Blob | string): Promise<Uint8Array> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(await data.arrayBuffer());
}

/** Builds the whole body; `boundary` is passed in so tests can fix it. */
export async function encodeMultipart(data: object | undefined, boundary: string): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const pending: Array<{ key: string; value: unknown }> = [];
  flatten(data, (key, value) => pending.push({ key, value }), isFileLike);
  for (const { key, value } of pending) {
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const file: MultipartFile =
        value instanceof Uint8Array || (typeof Blob !== 'undefined' && value instanceof Blob)
          ? { data: value, name: (value as { name?: unknown }).name as string | undefined, type: (value as { type?: unknown }).type as string | undefined }
          : (value as MultipartFile);
      chunks.push(
        enc.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name=${quote(key)}; filename=${quote(file.name || 'blob')}\r\n` +
            `Content-Type: ${oneLine(file.type || 'application/octet-stream')}\r\n\r\n`,
        ),
        await toBytes(file.data),
        enc.encode('\r\n'),
      );
    } else {
      chunks.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name=${quote(key)}\r\n\r\n${scalarToString(value)}\r\n`));
    }
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
