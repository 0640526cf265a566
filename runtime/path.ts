// The one place path parameters are put into a path template; each is escaped
// with encodeURIComponent (`cus_ä/1` → `cus_%C3%A4%2F1`), as stripe-node does.

import { StripeUsageError } from './errors.js';

/** Splits `/v1/customers/{customer}` once per template; generated specs are module constants, so this stays small. */
const compiled = new Map<string, readonly string[]>();

function segments(template: string): readonly string[] {
  let s = compiled.get(template);
  if (!s) {
    // Odd indices are placeholder names.
    s = template.split(/\{([^}]+)\}/);
    compiled.set(template, s);
  }
  return s;
}

export function escapePathParam(value: string): string {
  return encodeURIComponent(value);
}

/**
 * Fills `{name}` placeholders in order from `args`; a missing or empty argument names the parameter
 * (from `names` when given, else from the template, whose split is cached).
 */
export function buildPath(template: string, names: readonly string[] | undefined, args: readonly string[]): string {
  const parts = segments(template);
  if (parts.length === 1) return template;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const idx = (i - 1) / 2;
    const name = names?.[idx] ?? parts[i];
    const value: unknown = args[idx];
    if (typeof value !== 'string' || value.length === 0) {
      throw new StripeUsageError({
        message: `Missing path parameter '${name}' for ${template} (got ${value === '' ? 'an empty string' : typeof value})`,
        param: name,
        code: 'missing_path_param',
      });
    }
    out += escapePathParam(value) + parts[i + 1];
  }
  return out;
}

/** Guards paths that arrive from data (v2 `next_page_url`, rawRequest): must start with exactly one `/` so the host cannot change. */
export function assertRelativePath(path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    throw new StripeUsageError({ message: `Request path must start with a single "/", got ${JSON.stringify(path)}`, param: 'path' });
  }
}
