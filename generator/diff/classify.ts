// Every kind of change the diff reports, and whether it breaks a TypeScript consumer's
// build or behaviour. The README's "Diffing specs" section explains each rule; keep both in step.
import { splitUnion } from './snapshot.js';

export const CHANGE_KINDS = {
  api_version_changed: 'the Stripe-Version the client sends changed (the types below say what that changes)',
  resource_added: 'a new resource namespace (`stripe.tax.registrations`)',
  resource_removed: 'a namespace is gone: every call through it stops compiling',
  method_added: 'a new method',
  method_removed: 'a method is gone: calls to it stop compiling',
  method_deprecated: 'a method is marked deprecated (it still works)',
  route_changed: 'the HTTP verb or path behind a method changed; breaking only when its path arguments changed',
  host_changed: 'the method is sent to another host; the generated client follows',
  encoding_changed: 'the request body encoding changed; the generated client follows',
  response_type_changed: 'the method resolves to a different type',
  param_added: 'a new parameter; breaking when it is required',
  param_removed: 'a parameter is gone: passing it stops compiling (excess property)',
  param_required: 'an optional parameter became required: calls without it stop compiling',
  param_optional: 'a required parameter became optional',
  param_type_changed: 'a parameter type changed; non-breaking only when the new type accepts every old value (widened)',
  param_enum_value_added: 'a parameter accepts a new enum value (widened)',
  param_enum_value_removed: 'a parameter no longer accepts an enum value (narrowed): passing it stops compiling',
  param_deprecated: 'a parameter is marked deprecated',
  field_added: 'a response object has a new field',
  field_removed: 'a response field is gone: reading it stops compiling',
  field_type_changed: 'a response field has another type (also: became nullable)',
  field_required: 'a response field is now always present',
  field_optional: 'a response field may now be absent: strict code reading it stops compiling',
  field_enum_value_added: 'a response field may hold a new enum value (widened; exhaustive switches will notice)',
  field_enum_value_removed: 'a response field no longer holds an enum value: comparing with it stops compiling (TS2367)',
  field_deprecated: 'a response field is marked deprecated',
  schema_added: 'a new exported type (`Stripe.Climate.Order`)',
  schema_removed: 'an exported type is gone: code naming it stops compiling',
} as const;

export type ChangeKind = keyof typeof CHANGE_KINDS;

/** One change, in the shape `diff --json` prints (fields that do not apply are absent). */
export interface Change {
  readonly kind: ChangeKind;
  readonly breaking: boolean;
  readonly method?: string;
  readonly param?: string;
  readonly field?: string;
  readonly schema?: string;
  readonly value?: string;
  readonly message: string;
  /** The client namespace the change belongs to (`checkout.sessions`), for grouping; not part of the JSON output. */
  readonly resource?: string;
}

const ALWAYS_BREAKING: ReadonlySet<ChangeKind> = new Set<ChangeKind>([
  'resource_removed',
  'method_removed',
  'response_type_changed',
  'param_removed',
  'param_required',
  'param_enum_value_removed',
  'field_removed',
  'field_type_changed',
  'field_optional',
  'field_enum_value_removed',
  'schema_removed',
]);

/** Facts a rule needs beyond the kind itself. */
export interface ClassifyFacts {
  /** param_added: the new param is required. */
  readonly required?: boolean;
  /** param_type_changed: the new type's union includes every old member. */
  readonly widened?: boolean;
  /** route_changed: the path arguments (count or order) changed. */
  readonly pathArgsChanged?: boolean;
}

export function isBreaking(kind: ChangeKind, facts: ClassifyFacts = {}): boolean {
  if (ALWAYS_BREAKING.has(kind)) return true;
  if (kind === 'param_added') return facts.required === true;
  if (kind === 'param_type_changed') return facts.widened !== true;
  if (kind === 'route_changed') return facts.pathArgsChanged === true;
  return false;
}

/**
 * True when every value of type `from` is also a value of `to`: `a | b` -> `a | b | c`,
 * `string[]` -> `("" | string)[]`. Works on the snapshot's rendering of types.
 */
export function isWidening(from: string, to: string): boolean {
  const next = splitUnion(to);
  return splitUnion(from).every((t) => next.some((u) => u === t || arrayWidens(t, u)));
}

function arrayWidens(from: string, to: string): boolean {
  if (!from.endsWith('[]') || !to.endsWith('[]')) return false;
  const inner = (t: string) => t.slice(0, -2).replace(/^\((.*)\)$/, '$1');
  return isWidening(inner(from), inner(to));
}
