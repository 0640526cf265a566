// `errors` (the object behind `Stripe.errors`) lists every error class the runtime exports, and
// nothing else: a class added to errors.ts or errors-v2.ts without adding it there fails here.
import { describe, expect, it } from 'vitest';
import * as runtime from '../../runtime/index.js';

const isErrorClass = (v: unknown): boolean => typeof v === 'function' && (v === runtime.StripeError || (v as { prototype: unknown }).prototype instanceof runtime.StripeError);

describe('runtime errors object', () => {
  it('holds exactly the StripeError classes the runtime exports, by their names', () => {
    const exported = Object.entries(runtime).filter(([, v]) => isErrorClass(v)).map(([k]) => k).sort();
    expect(Object.keys(runtime.errors).sort()).toEqual(exported);
    for (const name of exported) expect(runtime.errors[name as keyof typeof runtime.errors]).toBe(runtime[name as keyof typeof runtime]);
  });
});
