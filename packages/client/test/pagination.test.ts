// paginate() against a real local HTTP server that pages through 10,000 items the way the spec describes
// (`x-nox-pagination`: items, next token, token and limit parameters come from the generated file).
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { paginated } from '../src/generated/pagination.js';
import { createNoxClient, NoxApiError, NoxConfigError, NoxValidationError } from '../src/index.js';
import { DEFAULT_MAX_PAGES, NoxPaginationError, paginate } from '../src/pagination.js';
import { caught, json, startServer, type TestServer } from './helpers.js';

const PATH = '/v1/devices';
const spec = paginated[PATH];
const TOTAL = 10_000;
const items = Array.from({ length: TOTAL }, (_, i) => ({
  device_id: `d-${String(i).padStart(5, '0')}`,
  user_id: 'user_4',
  brand: 'nibe',
  model: 'model_g',
  device_type: 'heat_pump',
}));

/** The page body the spec describes: the items at `items`, the token at `nextToken`. */
function pageBody(data: unknown[], next: string | null): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const place = (keys: readonly string[], value: unknown) => {
    let node = body;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1) as string] = value;
  };
  place(spec.items, data);
  place(spec.nextToken, next);
  return body;
}

type Override = (query: URLSearchParams, res: ServerResponse) => boolean;
let server: TestServer;
let override: Override | undefined;
const queries = () => server.requests.map((r) => new URL(r.url, server.url).searchParams);

beforeAll(async () => {
  server = await startServer((req, res) => {
    const query = new URL(req.url ?? '', 'http://x').searchParams;
    if (override?.(query, res)) {
      return;
    }
    const limit = Number(query.get(spec.limitParameter));
    const offset = Number(query.get(spec.tokenParameter)?.replace('offset-', '') ?? 0);
    const end = Math.min(offset + limit, TOTAL);
    json(res, 200, pageBody(items.slice(offset, end), end < TOTAL ? `offset-${end}` : null));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  override = undefined;
});

const client = (options: { maxRetries?: number } = {}) =>
  createNoxClient({ apiKey: 'sk_test_pages', baseUrls: { package: server.url }, ...options });

describe('paginate', () => {
  it('walks 10,000 items in pages of 1,000: each once, in order, with the other query parameters unchanged', async () => {
    const seen: string[] = [];
    for await (const device of paginate(client(), PATH, { params: { query: { user_id: 'user_4', limit: 1000 } } })) {
      seen.push(device.device_id);
    }
    expect(seen).toEqual(items.map((item) => item.device_id));
    expect(server.requests).toHaveLength(10);
    const sent = queries();
    expect(sent.map((q) => q.get('user_id'))).toEqual(Array(10).fill('user_4'));
    expect(sent.map((q) => q.get(spec.limitParameter))).toEqual(Array(10).fill('1000'));
    expect(sent[0]?.has(spec.tokenParameter)).toBe(false);
    expect(sent.slice(1).map((q) => q.get(spec.tokenParameter))).toEqual(
      Array.from({ length: 9 }, (_, i) => `offset-${(i + 1) * 1000}`),
    );
    expect(server.requests.every((r) => r.method === 'GET' && r.url.startsWith(`${PATH}?`))).toBe(true);
  });

  it("sends the spec's default page size when no limit is given, and yours when given", async () => {
    expect(spec.defaultLimit).toBeGreaterThan(0);
    await paginate(client(), PATH).toArray({ max: TOTAL });
    expect(queries().map((q) => q.get(spec.limitParameter))).toEqual(
      Array(Math.ceil(TOTAL / spec.defaultLimit)).fill(String(spec.defaultLimit)),
    );
    server.requests.length = 0;
    const all = await paginate(client(), PATH, { params: { query: { limit: 2500 } } }).toArray({ max: TOTAL });
    expect(all).toHaveLength(TOTAL);
    expect(server.requests).toHaveLength(4);
  });

  it('next() calls made at once still get each item once, in order', async () => {
    const iterator = paginate(client(), PATH)[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 2500 }, () => iterator.next()));
    expect(results.map((r) => r.value?.device_id)).toEqual(items.slice(0, 2500).map((item) => item.device_id));
    await iterator.return?.();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(server.requests).toHaveLength(3);
  });

  it('pages() yields each page as sent', async () => {
    const sizes: number[] = [];
    for await (const page of paginate(client(), PATH).pages()) {
      sizes.push(page.data.length);
    }
    expect(sizes).toEqual(Array(10).fill(1000));
  });

  it('stops a server that repeats a token, naming the pages', async () => {
    // Page 3 sends page 1's token again: without the guard this loops forever.
    override = (query, res) => {
      if (query.get(spec.tokenParameter) === 'offset-2000') {
        json(res, 200, pageBody(items.slice(2000, 3000), 'offset-1000'));
        return true;
      }
      return false;
    };
    const error = await caught(paginate(client(), PATH).toArray({ max: TOTAL }));
    expect(error).toBeInstanceOf(NoxPaginationError);
    expect((error as NoxPaginationError).reason).toBe('repeated_token');
    expect((error as NoxPaginationError).page).toBe(3);
    expect((error as Error).message).toContain(`page 3 returned the ${spec.tokenParameter} already seen at page 1`);
    expect(server.requests).toHaveLength(3);
  });

  it('a token you start from counts as seen', async () => {
    override = (query, res) => {
      json(res, 200, pageBody(items.slice(0, 10), query.get(spec.tokenParameter)));
      return true;
    };
    const error = await caught(
      paginate(client(), PATH, { params: { query: { next_token: 'resume-here' } } }).toArray({ max: TOTAL }),
    );
    expect((error as Error).message).toContain(`page 1 returned the ${spec.tokenParameter} the walk started from`);
    expect(server.requests).toHaveLength(1);
  });

  it('stops after maxPages (default 10,000)', async () => {
    expect(DEFAULT_MAX_PAGES).toBe(10_000);
    const error = await caught(paginate(client(), PATH, { maxPages: 3 }).toArray({ max: TOTAL }));
    expect((error as NoxPaginationError).reason).toBe('max_pages');
    expect(server.requests).toHaveLength(3);
  });

  it('an aborted walk fetches nothing more; a break stops it too', async () => {
    const controller = new AbortController();
    let count = 0;
    const error = await caught(
      (async () => {
        for await (const _ of paginate(client(), PATH, { signal: controller.signal })) {
          count++;
          if (count === 2500) {
            controller.abort(new Error('enough'));
          }
        }
      })(),
    );
    expect((error as Error).message).toBe('enough');
    expect(count).toBe(2500);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    for await (const _ of paginate(client(), PATH)) {
      break;
    }
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    const aborted = new AbortController();
    aborted.abort(new Error('before'));
    await expect(paginate(client(), PATH, { signal: aborted.signal }).toArray({ max: 1 })).rejects.toThrow('before');
    expect(server.requests).toHaveLength(0);
  });

  it('retries a 429 on page 7 like any GET, and the walk completes', async () => {
    let refused = 0;
    override = (query, res) => {
      if (query.get(spec.tokenParameter) === 'offset-6000' && refused++ === 0) {
        json(res, 429, { detail: 'Too many requests' }, { 'retry-after': '0' });
        return true;
      }
      return false;
    };
    const all = await paginate(client(), PATH).toArray({ max: TOTAL });
    expect(all.map((item) => item.device_id)).toEqual(items.map((item) => item.device_id));
    expect(refused).toBe(2);
    expect(server.requests).toHaveLength(11);
  });

  it('toArray({ max }) refuses a list longer than max, fetching no page after the one that tells', async () => {
    expect(await paginate(client(), PATH).toArray({ max: TOTAL })).toHaveLength(TOTAL);
    server.requests.length = 0;
    const error = await caught(paginate(client(), PATH).toArray({ max: 2500 }));
    expect((error as NoxPaginationError).reason).toBe('too_many_items');
    expect((error as Error).message).toContain('more than max (2500) items');
    expect(server.requests).toHaveLength(3);
    await expect(paginate(client(), PATH).toArray({ max: -1 })).rejects.toThrow(NoxConfigError);
  });

  it('an error page ends the walk with the error orThrow gives; a malformed page with malformed_page', async () => {
    override = (query, res) => {
      if (query.get(spec.tokenParameter) === 'offset-1000') {
        json(res, 422, { detail: [{ loc: ['query', 'limit'], msg: 'too big', type: 'less_than_equal' }] });
        return true;
      }
      return false;
    };
    expect(await caught(paginate(client(), PATH).toArray({ max: TOTAL }))).toBeInstanceOf(NoxValidationError);
    override = (_query, res) => {
      json(res, 500, { detail: 'boom' });
      return true;
    };
    expect(await caught(paginate(client({ maxRetries: 0 }), PATH).toArray({ max: 1 }))).toBeInstanceOf(NoxApiError);
    override = (_query, res) => {
      json(res, 200, { data: 'not a list', meta: { next_token: null } });
      return true;
    };
    const malformed = await caught(paginate(client(), PATH).toArray({ max: 1 }));
    expect((malformed as NoxPaginationError).reason).toBe('malformed_page');
  });

  it('refuses a path the spec does not mark as paginated', () => {
    expect(() => paginate(client(), '/v1/devices/settings' as typeof PATH)).toThrow(NoxConfigError);
  });
});
