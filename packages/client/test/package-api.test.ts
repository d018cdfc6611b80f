// The Package API through the client: environments per API (sandbox), its 422 validation errors read field
// by field, and the PATCH settings' 204. Hosts and paths come from the generated spec data, not from here.
import { describe, expect, it } from 'vitest';
import { pathApis, servers, validationErrorStatuses } from '../src/generated/spec.js';
import {
  createNoxClient,
  type NoxApi,
  NoxApiError,
  NoxConfigError,
  NoxValidationError,
  orThrow,
} from '../src/index.js';
import { caught, json, startServer } from './helpers.js';

const API_KEY = 'sk_test_SECRET_0123456789abcdef';
const apis = Object.keys(servers) as NoxApi[];
const environmentsOf = (api: NoxApi) => Object.keys(servers[api]);
const pathOf = (api: NoxApi) => Object.entries(pathApis).find(([, of]) => of === api)?.[0] as string;

/** A client whose fetch records the URLs and answers 200 `{}`. */
function recording(options: Omit<Parameters<typeof createNoxClient>[0], 'apiKey' | 'fetch'>) {
  const urls: string[] = [];
  const nox = createNoxClient({
    apiKey: API_KEY,
    ...options,
    fetch: async (request) => {
      urls.push(request.url);
      return Response.json({ data: [], meta: { next_token: null } });
    },
  });
  return { nox, urls };
}
type AnyGet = (path: string, init?: object) => Promise<unknown>;

describe('environments per API', () => {
  it('resolves every API at construction: its server in that environment, or null', () => {
    for (const environment of ['production', 'sandbox'] as const) {
      const { nox } = recording({ environment });
      expect(nox.environment).toBe(environment);
      expect(Object.keys(nox.baseUrls).sort()).toEqual([...apis].sort());
      for (const api of apis) {
        expect(nox.baseUrls[api]).toBe((servers[api] as Record<string, string>)[environment] ?? null);
      }
      expect(Object.isFrozen(nox.baseUrls)).toBe(true);
    }
    // Production has a server for every API (existing behaviour kept).
    expect(Object.values(recording({}).nox.baseUrls)).not.toContain(null);
  });

  it('sandbox sends Package API calls to the sandbox host', async () => {
    const { nox, urls } = recording({ environment: 'sandbox' });
    await (nox.GET as unknown as AnyGet)('/v1/devices', { params: { query: { user_id: 'user_4' } } });
    expect(urls).toEqual([`${servers.package.sandbox}/v1/devices?user_id=user_4`]);
  });

  it('a call to an API without that environment throws NoxConfigError naming the API and its environments, and sends nothing', async () => {
    const { nox, urls } = recording({ environment: 'sandbox' });
    const without = apis.filter((api) => !environmentsOf(api).includes('sandbox'));
    expect(without).toContain('authenticator');
    for (const api of without) {
      const error = await caught(
        (nox.request as unknown as (m: string, p: string) => Promise<unknown>)('POST', pathOf(api)),
      );
      expect(error).toBeInstanceOf(NoxConfigError);
      const message = (error as Error).message;
      expect(message).toContain(`The ${api} API has no sandbox server`);
      for (const environment of environmentsOf(api)) {
        expect(message).toContain(environment);
      }
      expect(message).toContain(`baseUrls.${api}`);
    }
    expect(urls).toEqual([]);
  });

  it('baseUrls fills in an API the environment lacks (e.g. the mock), and overrides the others', async () => {
    const { nox, urls } = recording({
      environment: 'sandbox',
      baseUrls: { authenticator: 'http://127.0.0.1:4010/v2/', package: 'http://127.0.0.1:4010' },
    });
    expect(nox.baseUrls.authenticator).toBe('http://127.0.0.1:4010/v2');
    expect(nox.baseUrls.package).toBe('http://127.0.0.1:4010');
    await (nox.GET as unknown as AnyGet)('/v1/devices');
    expect(urls).toEqual(['http://127.0.0.1:4010/v1/devices']);
  });
});

describe('validation errors (422 detail[])', () => {
  const detail = [
    {
      loc: ['body', 'room', 'preferred_temperature'],
      msg: 'Input should be less than or equal to 35',
      type: 'less_than_equal',
    },
    { loc: ['body', 'user_id'], msg: 'Field required', type: 'missing' },
  ];

  it('orThrow throws a NoxValidationError with each issue; the PATCH 204 gives undefined', async () => {
    const [status] = validationErrorStatuses;
    const server = await startServer((_req, res, body) => {
      if (JSON.parse(body).user_id) {
        res.writeHead(204);
        res.end();
      } else {
        json(res, status, { detail }, { 'x-request-id': 'req-422' });
      }
    });
    try {
      const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { package: server.url } });
      const error = await caught(
        orThrow(nox.PATCH('/v1/devices/settings', { body: { room: { preferred_temperature: 40 } } as never })),
      );
      expect(error).toBeInstanceOf(NoxValidationError);
      expect(error).toBeInstanceOf(NoxApiError);
      const e = error as NoxValidationError;
      expect(e.status).toBe(status);
      expect(e.requestId).toBe('req-422');
      expect(e.issues).toEqual(detail);
      expect(e.issues.map((issue) => issue.loc.join('.'))).toEqual(['body.room.preferred_temperature', 'body.user_id']);
      expect(e.message).toContain('body.user_id: Field required');
      expect(e.message).not.toContain(API_KEY);

      const done = await orThrow(nox.PATCH('/v1/devices/settings', { body: { user_id: 'user_4' } }));
      expect(done).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('an odd detail item (loc not a list) still gives a readable NoxValidationError', async () => {
    const body = { detail: [{ loc: 'body', msg: 'Invalid JSON', type: 'json_invalid' }, null] };
    const nox = createNoxClient({
      apiKey: API_KEY,
      fetch: async () => Response.json(body, { status: validationErrorStatuses[0] }),
    });
    const error = await caught(orThrow(nox.PATCH('/v1/devices/settings', { body: { user_id: 'u' } })));
    expect(error).toBeInstanceOf(NoxValidationError);
    expect((error as Error).message).toContain('body: Invalid JSON');
  });

  it('a 422 without detail[] and the Package API`s other errors stay a plain NoxApiError', async () => {
    const answers = [
      [validationErrorStatuses[0], { detail: 'not a list' }],
      [401, { detail: 'Missing or unknown API key' }],
    ] as const;
    for (const [status, body] of answers) {
      const nox = createNoxClient({ apiKey: API_KEY, fetch: async () => Response.json(body, { status }) });
      const error = await caught(orThrow(nox.PATCH('/v1/devices/settings', { body: { user_id: 'u' } })));
      expect(error).toBeInstanceOf(NoxApiError);
      expect(error).not.toBeInstanceOf(NoxValidationError);
      expect((error as Error).message).toContain(body.detail);
    }
  });
});
