// Loads Stripe's example objects (fixtures3.json, read from ../shared at run
// time, never copied) and maps URL paths to object types for the mock server.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Fixture = Record<string, unknown>;

const DEFAULT_FIXTURES = fileURLToPath(new URL('../../../shared/spec/stripe/fixtures3.json', import.meta.url));

/** Object type → example object. Missing file gives an empty map (the server then answers generically). */
export function loadFixtures(path = process.env.STRIPE_FIXTURES ?? DEFAULT_FIXTURES): Map<string, Fixture> {
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as { resources?: Record<string, Fixture> };
    return new Map(Object.entries(json.resources ?? {}));
  } catch {
    return new Map();
  }
}

/** `payment_intents` → `payment_intent`, `entries` → `entry`. */
export function singular(word: string): string {
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Collection segments are lower-case words; anything else (digits, capitals, escapes) is an id. */
export function looksLikeId(segment: string): boolean {
  return !/^[a-z_]+$/.test(segment);
}

/** Object type for a path's collection segments: `checkout/sessions` → `checkout.session`, else the last word alone. */
export function typeFor(collections: readonly string[], fixtures: ReadonlyMap<string, Fixture>): string {
  if (collections.length === 0) return 'object';
  const last = singular(collections[collections.length - 1]);
  const dotted = [...collections.slice(0, -1), last].join('.');
  if (fixtures.has(dotted)) return dotted;
  if (fixtures.has(last)) return last;
  return collections.length > 1 && !looksLikeId(collections[0]) ? dotted : last;
}

/** `cus_QXg1o8` → `cus`; objects without an id prefix use `obj`. */
export function idPrefix(fixture: Fixture | undefined): string {
  const id = fixture?.id;
  return typeof id === 'string' && id.includes('_') ? id.slice(0, id.indexOf('_')) : 'obj';
}
