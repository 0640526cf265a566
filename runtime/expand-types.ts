// Typed `expand` (types only: this module has no runtime code). The generator writes, next to each
// schema type, a map `<Type>Expandable` from each field an `expand` path can name to `Expands<map>`
// (the id becomes an object; `map` is that object's own map, for deeper paths) or `Holds<map>` (a
// nested object or list that holds expandable fields). A call's literal paths are checked and applied
// against those precomputed maps segment by segment, so the compiler only walks the paths a caller
// wrote, never the schema graph.

/**
 * A field whose id `expand` turns into an object; `Map` is that object's own map (for deeper paths;
 * an intersection when the field can expand to several kinds of object). `Many`: an array of ids.
 */
export interface Expands<Map, Many extends boolean = false> {
  readonly map: Map;
  readonly many: Many;
  readonly expandable: true;
}

/** A field that is not expandable itself but holds expandable fields: paths pass through it. */
export interface Holds<Map, Many extends boolean = false> {
  readonly map: Map;
  readonly many: Many;
  readonly expandable: false;
}

/** The map of an object with nothing to expand. */
export interface NoExpand {}

/** The map of a list or search page: paths start with `data.`. */
export interface ListExpandable<ItemMap> {
  readonly data: Holds<ItemMap, true>;
}

type Nullish = null | undefined;
type Head<K extends string> = K extends `${infer H}.${string}` ? H : K;
type Rest<K extends string, H extends PropertyKey> = K extends `${H & string}.${infer R}` ? R : never;

type NextMap<D> = D extends { readonly map: infer XM } ? XM : never;
// Written out (no helper alias), so error messages list the field names themselves.
type Suggest<M> = M extends unknown
  ? { [P in keyof M & string]: M[P] extends { readonly expandable: true } ? P : `${P}.` }[keyof M & string]
  : never;

/**
 * Follows `K` segment by segment: `true` when it ends on an expandable field, otherwise where it went
 * wrong, as [the valid prefix, the map there] (a segment past an object with nothing to expand counts
 * as wrong one level up, so the message lists that level's values rather than nothing).
 */
type Walk<M, K extends string, P extends string> = K extends `${infer H}.${infer R}`
  ? H extends keyof M
    ? [keyof NextMap<M[H]>] extends [never]
      ? [P, M]
      : Walk<NextMap<M[H]>, R, `${P}${H}.`>
    : [P, M]
  : K extends keyof M
    ? M[K] extends { readonly expandable: true }
      ? true
      : [P, M]
    : [P, M];
type Suggestions<W> = W extends [infer P extends string, infer FM]
  ? [Suggest<FM>] extends [never]
    ? '(this object has no field that expand can name)'
    : `${P}${Suggest<FM>}`
  : never;

/**
 * What one entry of `expand` may be, given the literal `K` the caller wrote: `K` itself when it names
 * expandable fields all the way down, otherwise the valid continuations at the first wrong segment
 * (which is what the error message lists and what an editor completes). A plain `string` passes.
 *
 * Compile speed (measured with bench/typecheck-expand): the conditional distributes over `K` first, so
 * the constraint TypeScript takes of a literal's contextual type is `string`, not a walk through every
 * map; `E` is inferred from the naked `K` of the valid branch; the suggestions are built from what
 * `Walk` found, never from a generic `K`.
 */
export type ExpandPath<M, K extends string> = K extends unknown
  ? string extends K
    ? string
    : Walk<M, K, ''> extends true
      ? K
      : Suggestions<Walk<M, K, ''>>
  : never;

/** `P` with its `expand` narrowed to the paths `M` allows; `E` is inferred from the literals passed. */
export type WithExpand<P, M, E extends string> = Omit<P, 'expand'> & {
  /** Specifies which fields in the response should be expanded. */
  expand?: readonly ExpandPath<M, E>[];
};

type Elem<V> = V extends readonly (infer E)[] ? E : never;
type Objects<V, Expanding> = Exclude<V, Nullish | (Expanding extends true ? string : never)>;

// A conditional (not a plain union alias), so hovers and messages show the resulting union itself.
type Replace<V, XM, R extends string, Expanding, Many> = Many extends true
  ? Expanded<Objects<Elem<Exclude<V, Nullish>>, Expanding>, XM, R>[] | Extract<V, Nullish>
  : Expanded<Objects<V, Expanding>, XM, R> | Extract<V, Nullish>;

/** An expandable field loses its `string`; a nested one changes only when a path goes on inside it. */
type Field<V, D, R extends string> = D extends { readonly map: infer XM; readonly many: infer Many; readonly expandable: infer X }
  ? X extends true
    ? Replace<V, XM, R, true, Many>
    : [R] extends [never]
      ? V
      : Replace<V, XM, R, false, Many>
  : V;

/** `T` with the fields that `K`'s first segments name replaced; named so hovers read `ExpandedObject<Charge, ChargeExpandable, "customer">`. */
export type ExpandedObject<T, M, K extends string> = { [P in keyof T]: P extends Head<K> & keyof M ? Field<T[P], M[P], Rest<K, P>> : T[P] };

/**
 * `T` as returned when `expand` held the paths `K` (per the map `M`): each named field's id becomes
 * the object(s) the spec says it expands to; `null` stays where the field is nullable. No paths, or a
 * plain `string`, give `T` unchanged.
 */
export type Expanded<T, M, K extends string> = [K] extends [never] ? T : string extends K ? T : ExpandedObject<T, M, K>;

/** One item of a list or search call made with `expand: ['data.…']`. */
export type ExpandedItem<T, M, K extends string> = Expanded<T, M, Rest<K, 'data'>>;
