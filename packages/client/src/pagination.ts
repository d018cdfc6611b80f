// @nox-energy/client/pagination: walk a paginated list without writing the loop. Its own entry point, so a
// bundle that only creates link sessions does not carry it.
//
// Which operations are paginated, and where their items and tokens are, comes from the spec's
// `x-nox-pagination` markers (src/generated/pagination.ts). Every page is an ordinary `nox.GET`, so it is
// retried, timed out and scrubbed like any other call.
import type { paths, SuccessResponse } from '@nox-energy/types';
import type { FetchOptions } from 'openapi-fetch';
import type { NoxClient } from './client.js';
import { NoxConfigError, NoxError } from './errors.js';
import { paginated } from './generated/pagination.js';
import { orThrow } from './result.js';

/** The paths the spec marks as paginated, e.g. `/v1/devices`. */
export type PaginatedPath = keyof typeof paginated;

// Walks a tuple of property names (the generated JSON Pointer tokens) down a type.
type At<T, Keys> = Keys extends readonly [infer Head, ...infer Rest]
  ? Head extends keyof NonNullable<T>
    ? At<NonNullable<T>[Head], Rest>
    : never
  : T;

/** One page of a paginated path: the operation's 200 body. */
export type PageOf<Path extends PaginatedPath> = NonNullable<SuccessResponse<(typeof paginated)[Path]['operationId']>>;
/** The item type of a paginated path, e.g. `HeatPumpDevice` for `/v1/devices`. */
export type ItemOf<Path extends PaginatedPath> =
  At<PageOf<Path>, (typeof paginated)[Path]['items']> extends readonly (infer Item)[] ? Item : never;

/** The options of a walk: those of `nox.GET` on the path, and `maxPages`. */
export type PaginateInit<Path extends PaginatedPath> = FetchOptions<paths[Path]['get']> & {
  /** Stop with a `NoxPaginationError` rather than fetch more pages than this. Default 10 000. */
  maxPages?: number;
};
// The options are optional exactly when the operation requires no parameter, as with `nox.GET`.
type InitArgs<Path extends PaginatedPath> =
  object extends FetchOptions<paths[Path]['get']> ? [init?: PaginateInit<Path>] : [init: PaginateInit<Path>];

export const DEFAULT_MAX_PAGES = 10_000;

/** Why a walk stopped short. */
export type NoxPaginationErrorReason = 'repeated_token' | 'max_pages' | 'too_many_items' | 'malformed_page';

/** A walk through a paginated list could not finish as it should (the pages themselves were fine HTTP). */
export class NoxPaginationError extends NoxError {
  override name = 'NoxPaginationError';

  constructor(
    message: string,
    readonly reason: NoxPaginationErrorReason,
    /** The page (1-based) the walk was at. */
    readonly page: number,
  ) {
    super(message);
  }
}

/** A paginated list: `for await` gives its items; `pages()` its pages; `toArray({ max })` collects it. */
export interface Paginated<Item, Page> extends AsyncIterable<Item> {
  /** Every page, as the server sent it. Each iteration walks the list again from the start. */
  pages(): AsyncIterableIterator<Page>;
  /**
   * Every item in an array. Throws `NoxPaginationError` (`too_many_items`) as soon as the list turns out to
   * hold more than `max` items, rather than return a silently cut list; no page after that one is fetched.
   */
  toArray(options: { max: number }): Promise<Item[]>;
}

const at = (value: unknown, keys: readonly string[]): unknown =>
  keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | null | undefined)?.[key], value);

/**
 * Walks a paginated list: follows the next page's token until it is `null`, with the other query parameters
 * unchanged. The page size is your `limit`, else the spec's default.
 *
 * ```ts
 * for await (const device of paginate(nox, '/v1/devices', { params: { query: { user_id } } })) { ... }
 * const all = await paginate(nox, '/v1/devices').toArray({ max: 50_000 });
 * ```
 *
 * A `signal` in the options stops the walk: no page is fetched after it aborts. A server that sends a token
 * it sent before, or more than `maxPages` pages, ends the walk with a `NoxPaginationError`.
 */
export function paginate<Path extends PaginatedPath>(
  nox: NoxClient,
  path: Path,
  ...[init]: InitArgs<Path>
): Paginated<ItemOf<Path>, PageOf<Path>> {
  const found = (paginated as Record<string, (typeof paginated)[PaginatedPath] | undefined>)[path];
  if (!found) {
    throw new NoxConfigError(`${path} is not a paginated path of the NOX API.`);
  }
  const spec = found;
  const { maxPages = DEFAULT_MAX_PAGES, ...options } = (init ?? {}) as PaginateInit<Path>;
  if (!Number.isInteger(maxPages) || maxPages < 1) {
    throw new NoxConfigError(`maxPages must be an integer >= 1, got ${String(maxPages)}`);
  }
  const params = (options as { params?: { query?: Record<string, unknown> } }).params;
  const query: Record<string, unknown> = { ...params?.query };
  if (query[spec.limitParameter] === undefined && spec.defaultLimit !== null) {
    query[spec.limitParameter] = spec.defaultLimit;
  }
  const get = nox.GET as unknown as (path: string, init: object) => Promise<{ data: unknown; response: Response }>;

  async function* pages(): AsyncGenerator<PageOf<Path>, void, undefined> {
    const { signal } = options;
    // A token you start from counts as seen "at page 0": a server that sends it back would loop.
    let token = query[spec.tokenParameter];
    const seen = new Map<unknown, number>(token === undefined ? [] : [[token, 0]]);
    for (let page = 1; ; page++) {
      if (page > maxPages) {
        throw new NoxPaginationError(
          `${path}: stopped after maxPages (${maxPages}) pages; the server still had a next page.`,
          'max_pages',
          page,
        );
      }
      signal?.throwIfAborted();
      const body = await orThrow(
        get(path, { ...options, params: { ...params, query: { ...query, [spec.tokenParameter]: token } } }),
      );
      const next = at(body, spec.nextToken);
      if (!Array.isArray(at(body, spec.items)) || !(next === null || (typeof next === 'string' && next !== ''))) {
        throw new NoxPaginationError(
          `${path}: page ${page} has no /${spec.items.join('/')} array or no /${spec.nextToken.join('/')} string or null.`,
          'malformed_page',
          page,
        );
      }
      yield body as PageOf<Path>;
      if (next === null) {
        return;
      }
      const first = seen.get(next);
      if (first !== undefined) {
        throw new NoxPaginationError(
          `${path}: page ${page} returned the ${spec.tokenParameter} ${first ? `already seen at page ${first}` : 'the walk started from'}; stopped rather than loop.`,
          'repeated_token',
          page,
        );
      }
      seen.set(next, page);
      token = next;
    }
  }

  // The items, from a buffer of the page in hand: an iterator of its own rather than an async generator, whose
  // per-item queueing costs more than the loop a user would write (see the paginate bench).
  function items(): AsyncIterableIterator<ItemOf<Path>> {
    const source = pages();
    let buffer: ItemOf<Path>[] = [];
    let index = 0;
    let done = false;
    let fetching: Promise<IteratorResult<ItemOf<Path>>> | undefined;
    const iterator: AsyncIterableIterator<ItemOf<Path>> = {
      [Symbol.asyncIterator]: () => iterator,
      next() {
        if (fetching) {
          // A next() called while a page is on its way waits for it.
          return fetching.then(() => iterator.next());
        }
        if (options.signal?.aborted) {
          // An abort stops the walk at once, not at the end of the page in hand.
          done = true;
          void source.return(undefined);
          return Promise.reject(options.signal.reason);
        }
        if (index < buffer.length) {
          return Promise.resolve({ value: buffer[index++] as ItemOf<Path>, done: false });
        }
        if (done) {
          return Promise.resolve({ value: undefined, done: true });
        }
        fetching = source.next().then(
          (result) => {
            fetching = undefined;
            done = result.done === true;
            buffer = done ? [] : (at(result.value, spec.items) as ItemOf<Path>[]);
            index = 0;
            return iterator.next();
          },
          (error: unknown) => {
            fetching = undefined;
            done = true;
            throw error;
          },
        );
        return fetching;
      },
      async return(value?: unknown) {
        done = true;
        buffer = [];
        await source.return(undefined);
        return { value: value as ItemOf<Path>, done: true };
      },
    };
    return iterator;
  }

  return {
    [Symbol.asyncIterator]: items,
    pages,
    async toArray({ max }) {
      if (!Number.isInteger(max) || max < 0) {
        throw new NoxConfigError(`toArray: max must be an integer >= 0, got ${String(max)}`);
      }
      const all: ItemOf<Path>[] = [];
      let page = 0;
      for await (const body of pages()) {
        page++;
        for (const item of at(body, spec.items) as ItemOf<Path>[]) {
          if (all.length === max) {
            throw new NoxPaginationError(
              `${path}: the list holds more than max (${max}) items (found at page ${page}).`,
              'too_many_items',
              page,
            );
          }
          all.push(item);
        }
      }
      return all;
    },
  };
}
