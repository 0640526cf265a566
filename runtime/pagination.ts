// Page objects and auto-pagination. A list call returns a ListPromise: a
// Promise of the first page that is also AsyncIterable over every item, with
// stripe-node's autoPagingEach / autoPagingToArray. Generated code only names
// the page kind in its MethodSpec; the walking rules live here.

import { StripeUsageError } from './errors.js';
import type { Response } from './response.js';
import type { PageKind } from './spec.js';

/** v1 list: `{object:'list', data, has_more, url}`. */
export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** v1 search: cursor in `next_page`. */
export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  total_count?: number;
}

/** v2 list: follow `next_page_url` (path + query) with GET. */
export interface V2ListObject<T> {
  data: T[];
  next_page_url: string | null;
  previous_page_url: string | null;
}

export type PageObject<T> = ListObject<T> | SearchResult<T> | V2ListObject<T>;

/**
 * The cursor and page-size params every v1 list method takes, as stripe-node names them. Generated
 * list params types extend it rather than repeat these three members and their docs (generator/pagination-params.ts).
 */
export interface PaginationParams {
  /** A cursor for use in pagination. `ending_before` is an object ID that defines your place in the list. For instance, if you make a list request and receive 100 objects, starting with `obj_bar`, your subsequent call can include `ending_before=obj_bar` in order to fetch the previous page of the list. */
  ending_before?: string;
  /** A limit on the number of objects to be returned. Limit can range between 1 and 100, and the default is 10. */
  limit?: number;
  /** A cursor for use in pagination. `starting_after` is an object ID that defines your place in the list. For instance, if you make a list request and receive 100 objects, ending with `obj_foo`, your subsequent call can include `starting_after=obj_foo` in order to fetch the next page of the list. */
  starting_after?: string;
}

/**
 * Return `false` (or a promise of it) to stop early; or take a second argument, `next`, and call
 * `next()` to continue or `next(false)` to stop (stripe-node's callback style).
 */
export type AutoPagingEachHandler<T> = (item: T) => boolean | void | Promise<boolean | void>;
export type AutoPagingEachNextHandler<T> = (item: T, next: (shouldContinue?: boolean | void) => void) => void;

/** Called once when the walk ends: with no argument, or with the error that ended it. */
export type AutoPagingDoneCallback = (err?: unknown) => void;

export interface AutoPaginationMethods<T> extends AsyncIterableIterator<T> {
  /**
   * Calls `handler` for every item, page by page. With `onDone`, the outcome goes to `onDone`
   * (and the returned promise then always resolves, so callback-style code has no unhandled rejection).
   */
  autoPagingEach(handler: AutoPagingEachHandler<T>, onDone?: AutoPagingDoneCallback): Promise<void>;
  autoPagingEach(handler: AutoPagingEachNextHandler<T>, onDone?: AutoPagingDoneCallback): Promise<void>;
  /** `limit` is required and at most 10 000. */
  autoPagingToArray(opts: { limit: number }, onDone?: (err: unknown, items?: T[]) => void): Promise<T[]>;
}

export type ListPromise<T, P extends PageObject<T> = ListObject<T>> = Promise<Response<P>> & AutoPaginationMethods<T>;
export type SearchPromise<T> = ListPromise<T, SearchResult<T>>;
export type V2ListPromise<T> = ListPromise<T, V2ListObject<T>>;

export const MAX_AUTO_PAGING_TO_ARRAY = 10_000;

/** How to fetch the page after `page`, or null when there is none. Supplied by the client. */
export type NextPageFetcher<T> = (page: PageObject<T>) => Promise<PageObject<T>> | null;

interface Identified {
  id?: unknown;
}

function idOf(item: unknown, where: string): string {
  const id = (item as Identified | null)?.id;
  if (typeof id !== 'string') throw new StripeUsageError({ message: `Cannot auto-paginate: the ${where} item of the page has no string \`id\`` });
  return id;
}

/** Next-page params for v1 list and search; `undefined` when the walk is done. */
export function nextPageParams(kind: PageKind, params: Record<string, unknown>, page: PageObject<unknown>): Record<string, unknown> | undefined {
  if (kind === 'v2list') return undefined;
  const p = page as ListObject<unknown> | SearchResult<unknown>;
  if (!p.has_more || p.data.length === 0) return undefined;
  if (kind === 'search') {
    const next = (p as SearchResult<unknown>).next_page;
    if (!next) return undefined;
    return { ...params, page: next };
  }
  if (params.ending_before !== undefined) return { ...params, ending_before: idOf(p.data[0], 'first') };
  return { ...params, starting_after: idOf(p.data[p.data.length - 1], 'last') };
}

/** Walks every item, page by page; backward v1 walks yield each page reversed (newest-first order preserved), like stripe-node. */
async function* walk<T>(first: Promise<PageObject<T>>, reverse: boolean, next: NextPageFetcher<T>): AsyncGenerator<T, void, undefined> {
  let page: PageObject<T> | null = await first;
  while (page) {
    const data = page.data;
    if (!Array.isArray(data)) throw new StripeUsageError({ message: 'Cannot auto-paginate: the response has no `data` array' });
    if (reverse) {
      for (let i = data.length - 1; i >= 0; i--) yield data[i];
    } else {
      for (const item of data) yield item;
    }
    const pending = next(page);
    page = pending ? await pending : null;
  }
}

type AnyHandler<T> = AutoPagingEachHandler<T> | AutoPagingEachNextHandler<T>;

/** With `onDone`, the outcome goes there and the promise resolves (callback-style code gets no unhandled rejection). */
const settle = <R>(p: Promise<R>, onDone: ((err?: unknown, value?: R) => void) | undefined, withValue: boolean): Promise<R | undefined> =>
  onDone
    ? p.then(
        (v) => (withValue ? onDone(null, v) : onDone(), v),
        (err: unknown) => void onDone(err),
      )
    : p;

/**
 * Decorates the first-page promise with iteration. Each `for await` starts a fresh walk from the
 * first page; `.next()` / `.return()` drive one shared walk, as stripe-node's list promise does.
 * Bad arguments reject (never a synchronous throw), so callers handle one failure channel.
 */
export function makeListPromise<T, P extends PageObject<T>>(first: Promise<Response<P>>, reverse: boolean, next: NextPageFetcher<T>): ListPromise<T, P> {
  const iterate = (): AsyncGenerator<T, void, undefined> => walk(first as Promise<PageObject<T>>, reverse, next);
  let shared: AsyncGenerator<T, void, undefined> | undefined;
  /** Feeds items to `take` until it returns false. */
  const each = async (take: (item: T) => unknown): Promise<void> => {
    for await (const item of iterate()) if ((await take(item)) === false) break;
  };
  const autoPagingEach = async (handler: AnyHandler<T>, onDone?: AutoPagingDoneCallback): Promise<void> => {
    if (typeof handler !== 'function') throw new StripeUsageError({ message: 'autoPagingEach needs a function' });
    // `(item, next)`: stripe-node's callback style, where next(false) stops.
    const take = handler.length >= 2 ? (item: T) => new Promise((go) => (handler as AutoPagingEachNextHandler<T>)(item, go)) : (handler as AutoPagingEachHandler<T>);
    await settle(each(take), onDone, false);
  };
  const autoPagingToArray = async (opts: { limit: number }, onDone?: (err: unknown, items?: T[]) => void): Promise<T[]> => {
    const limit = opts?.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUTO_PAGING_TO_ARRAY) {
      throw new StripeUsageError({ message: 'autoPagingToArray needs a `limit` from 1 to 10,000', param: 'limit' });
    }
    const items: T[] = [];
    const done = each((item) => items.push(item) < limit).then(() => items);
    return (await settle(done, onDone as ((err?: unknown, v?: T[]) => void) | undefined, true)) ?? items;
  };
  return Object.assign(first, {
    autoPagingEach,
    autoPagingToArray,
    next: () => (shared ??= iterate()).next(),
    return: () => (shared ??= iterate()).return(undefined),
    [Symbol.asyncIterator]: iterate,
  }) as unknown as ListPromise<T, P>;
}
