// v1 form encoding (`application/x-www-form-urlencoded`), byte for byte what
// stripe-node 23 sends; used for v1 bodies and every v1 query string.
//
// Rules: nested keys as `a[b][c]`, arrays indexed `a[0]`, brackets left
// unencoded, spaces `%20`, `null` and `''` both become `key=` (Stripe's
// "unset"), `undefined` skipped, empty arrays and objects emit nothing,
// `Date` becomes unix seconds, booleans `true`/`false`.

/** encodeURIComponent plus the characters qs escapes (`!*()'`), with brackets put back for readability. */
export function encodeFormComponent(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']');
}

/** The string a scalar is sent as. */
export function scalarToString(value: unknown): string {
  if (value === null) return '';
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  return String(value);
}

function isPlainNested(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !(value instanceof Date);
}

/**
 * Calls `emit(key, value)` for every leaf, keys already bracketed (not yet
 * escaped). Shared by the form and multipart encoders so both flatten alike.
 * Leaves that are objects are passed through when `isLeaf` says so (file parts).
 */
export function flatten(
  data: object | undefined,
  emit: (key: string, value: unknown) => void,
  isLeaf: (value: object) => boolean = () => false,
): void {
  if (!data) return;
  const walk = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (!isPlainNested(value) || isLeaf(value)) {
      emit(key, value);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(`${key}[${i}]`, value[i]);
    } else {
      for (const k of Object.keys(value)) walk(`${key}[${k}]`, (value as Record<string, unknown>)[k]);
    }
  };
  for (const k of Object.keys(data)) walk(k, (data as Record<string, unknown>)[k]);
}

/** Encodes params as a form body / query string (without a leading `?`). */
export function encodeForm(data: object | undefined): string {
  let out = '';
  flatten(data, (key, value) => {
    if (out.length > 0) out += '&';
    out += encodeFormComponent(key) + '=' + encodeFormComponent(scalarToString(value));
  });
  return out;
}
