// v2 query strings as Stripe documents them: `key=value`, arrays repeated
// (`ids=a&ids=b`), no indices. Nested objects (rare in v2 GETs) fall back to
// bracketed keys. Values escaped like the form encoding.

import { encodeFormComponent, scalarToString } from './form.js';

export function encodeV2Query(data: object | undefined): string {
  if (!data) return '';
  const parts: string[] = [];
  const walk = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      for (const v of value) walk(key, v);
    } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const k of Object.keys(value)) walk(`${key}[${k}]`, (value as Record<string, unknown>)[k]);
    } else {
      const s = value instanceof Date ? value.toISOString() : scalarToString(value);
      parts.push(encodeFormComponent(key) + '=' + encodeFormComponent(s));
    }
  };
  for (const k of Object.keys(data)) walk(k, (data as Record<string, unknown>)[k]);
  return parts.join('&');
}
