// The Package API checks: pagination, stateful links, 204/422 semantics, deprecated operations, and safety on a
// live host. Run against an in-memory Package API built from the spec (test/fixtures/package-api.ts): correct,
// it passes every check; each defect fails exactly the checks it concerns.
import { networkInterfaces } from 'node:os';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { checkResponse } from '../src/checks/response.js';
import { parseCliArgs } from '../src/cli/args.js';
import type { Exchange, HttpRequest } from '../src/http/transport.js';
import {
  type ContractReport,
  type ContractSuiteOptions,
  formatJson,
  formatJunit,
  formatText,
  listOperations,
  loadBundledSpec,
  type OpenApiDocument,
  parseConfig,
  runContractSuite,
} from '../src/index.js';
import { runPaginationPhase } from '../src/run/pagination-phase.js';
import { MAX_PAGES, planOperation } from '../src/run/plan.js';
import { OperationTally } from '../src/run/tally.js';
import { createValidator } from '../src/schema/validator.js';
import { assertBuilt, runCli } from './fixtures/cli.js';
import {
  PACKAGE_OPERATIONS,
  type PackageApiFixture,
  type PackageDefect,
  startPackageApiFixture,
} from './fixtures/package-api.js';

const doc = loadBundledSpec();
const operations = listOperations(doc).filter((op) => PACKAGE_OPERATIONS.includes(op.operationId));
const current = operations.filter((op) => !op.deprecated).map((op) => op.operationId);
const paginated = operations.filter((op) => op.pagination && !op.deprecated).map((op) => op.operationId);
const linked = operations
  .filter((op) => !op.deprecated && op.responses.some((r) => r.links.length > 0))
  .map((op) => op.operationId);
const patches = operations.filter((op) => op.method === 'patch').map((op) => op.operationId);
/** Ids the spec documents as examples, so they fit its schemas. */
const SCOPE = { user_id: ['user_4'], device_id: ['01a5c222-5b76-4531-b587-5deeb81a3db3'] };

let server: PackageApiFixture | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function check(defect?: PackageDefect, extra: Partial<ContractSuiteOptions> = {}): Promise<ContractReport> {
  server = await startPackageApiFixture(defect);
  return runContractSuite({
    baseUrls: { package: server.baseUrl },
    apiKeys: server.keys,
    operations: PACKAGE_OPERATIONS,
    seed: 1,
    numRuns: 3,
    ...extra,
  });
}

function failed(report: ContractReport): string[] {
  return report.operations
    .flatMap((op) => op.checks.filter((c) => c.status === 'failed').map((c) => `${op.operationId} ${c.check}`))
    .sort();
}

const each = (ids: string[], ...checks: string[]) => ids.flatMap((id) => checks.map((c) => `${id} ${c}`)).sort();

test('the spec has what these tests rely on', () => {
  expect(paginated.length).toBeGreaterThan(0);
  expect(linked.length).toBeGreaterThan(0);
  expect(operations.some((op) => op.deprecated)).toBe(true);
});

test('a correct Package API passes every check of every operation; deprecated ones are skipped as such', async () => {
  const report = await check();
  expect(failed(report)).toEqual([]);
  expect(report.ok).toBe(true);
  const byId = Object.fromEntries(report.operations.map((op) => [op.operationId, op]));
  for (const op of operations) {
    const result = byId[op.operationId];
    if (op.deprecated) {
      expect(result?.deprecated).toBe(true);
      expect(result?.skipped).toMatch(/^deprecated/);
      expect(result?.checks.every((c) => c.status === 'skipped')).toBe(true);
    } else {
      expect(result?.notImplemented).toBeUndefined();
      expect(result?.checks.find((c) => c.check === 'positive_data_acceptance')?.status).toBe('passed');
    }
  }
  for (const id of paginated) {
    expect(byId[id]?.checks.find((c) => c.check === 'pagination')?.status, id).toBe('passed');
  }
  for (const id of linked) {
    expect(byId[id]?.checks.find((c) => c.check === 'stateful_links')?.status, id).toBe('passed');
  }
  // Reads with query parameters get negative data too.
  expect(byId.listDevices?.checks.find((c) => c.check === 'negative_data_rejection')?.status).toBe('passed');
  expect(formatText(report)).toMatch(
    /^Plan \(before the first request\)\n- listDevices GET \/v1\/devices \[read\]: sends GET/,
  );
});

test('with includeDeprecated a deprecated operation is checked and marked deprecated', async () => {
  const deprecated = operations.find((op) => op.deprecated)?.operationId as string;
  const report = await check(undefined, { operations: [deprecated], includeDeprecated: true });
  expect(report.operations[0]?.deprecated).toBe(true);
  expect(report.operations[0]?.skipped).toBeUndefined();
  expect(report.ok).toBe(true);
  expect(formatText(report)).toContain(`${deprecated}: POST`);
  expect(formatText(report)).toMatch(/\[deprecated\]/);
  expect(formatJunit(report)).toContain('<property name="deprecated" value="true"/>');
  expect(JSON.parse(formatJson(report)).operations[0].deprecated).toBe(true);
});

test('a long list is walked with a limit that ends the walk within the page cap', async () => {
  server = await startPackageApiFixture(undefined, { listSize: 60 });
  const report = await runContractSuite({
    baseUrls: { package: server.baseUrl },
    apiKeys: server.keys,
    operations: ['listDevices'],
    seed: 1,
    numRuns: 1,
  });
  expect(failed(report)).toEqual([]);
  const walk = server.calls().filter((c) => c.method === 'GET' && /[?&]limit=3(&|$)/.test(c.url));
  // 60 items (the fixture keeps fewer when the schema's values repeat), 3 a page: well under MAX_PAGES.
  expect(walk.length).toBeGreaterThan(5);
  expect(walk.length).toBeLessThanOrEqual(MAX_PAGES + 3);
});

test('the plan is out before the first request; a walk takes required filters from the config', async () => {
  const list = operations.find((op) => op.pagination && op.parameters.some((p) => p.in === 'query' && p.required));
  if (!list) {
    throw new Error('no paginated list with a required query parameter');
  }
  const required = list.parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  const values = { start_time: ['2026-04-17T00:00:00Z'], end_time: ['2026-04-18T00:00:00Z'] };
  expect(required.sort()).toEqual(Object.keys(values).sort());
  server = await startPackageApiFixture();
  const fixture = server;
  let before: number | undefined;
  const report = await runContractSuite({
    baseUrls: { package: fixture.baseUrl },
    apiKeys: fixture.keys,
    operations: [list.operationId],
    seed: 2,
    numRuns: 1,
    values,
    onPlan: () => {
      before = fixture.calls().length;
    },
  });
  expect(before).toBe(0);
  expect(failed(report)).toEqual([]);
  // Only the pagination check sends a token: every page after the first, and the forged and truncated ones.
  const walk = fixture.calls().filter((c) => /[?&]next_token=/.test(c.url));
  expect(walk.length).toBeGreaterThan(0);
  for (const call of walk) {
    const query = new URL(call.url, 'http://x').searchParams;
    expect(query.get('start_time')).toBe(values.start_time[0]);
    expect(query.get('end_time')).toBe(values.end_time[0]);
  }
});

test('a walk that reaches the page cap stops there, and its finding says so', async () => {
  const list = operations.find((op) => op.operationId === 'listDevices');
  if (!list?.pagination) {
    throw new Error('no listDevices');
  }
  const { limitParameter, tokenParameter } = list.pagination;
  let sent = 0;
  // A server whose pages never end: each token leads to two new items; one large page has ten, then null.
  const send = async (request: HttpRequest): Promise<Exchange> => {
    sent += 1;
    const query = new URL(request.url).searchParams;
    const limit = Number(query.get(limitParameter));
    const token = query.get(tokenParameter);
    const json = (status: number, body: unknown): Exchange => ({
      request,
      response: { status, statusText: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      durationMs: 1,
    });
    if (!(limit >= 1 && limit <= 4000) || (token !== null && !/^t\d+x$/.test(token))) {
      return json(422, { detail: [{ loc: ['query', limitParameter], msg: 'invalid', type: 'value_error' }] });
    }
    if (limit > 10) {
      return json(200, { data: Array.from({ length: 10 }, (_, n) => ({ n })), meta: { next_token: null } });
    }
    const offset = Number(token?.slice(1, -1) ?? 0);
    return json(200, { data: [{ n: offset }, { n: offset + 1 }], meta: { next_token: `t${offset + 2}x` } });
  };
  const tally = new OperationTally({ keyHeaders: [], secrets: [] });
  await runPaginationPhase({
    doc,
    validator: createValidator(doc),
    send,
    values: {},
    seed: 1,
    numRuns: 1,
    keys: {},
    counters: { generatedCases: 0 },
    operation: list,
    baseUrl: 'http://127.0.0.1:1',
    auth: undefined,
    tally,
    baseInputs: [{ path: {}, query: {}, headers: {} }],
    scope: undefined,
    live: false,
  });
  const pagination = tally.results().find((r) => r.check === 'pagination');
  expect(pagination?.status).toBe('failed');
  expect(pagination?.findings.map((f) => f.message)).toEqual([
    `after all 10 items the next token is still not null (the walk stopped at the cap of ${MAX_PAGES} pages)`,
  ]);
  // One large page, the capped walk, then limits out of bounds, a forged and a truncated token.
  expect(sent).toBe(1 + MAX_PAGES + 4);
});

test('a 204 with a body and a 422 without detail fail the checks of the documented response', () => {
  const patch = operations.find((op) => op.operationId === 'updateDeviceSettings');
  if (!patch) {
    throw new Error('no updateDeviceSettings');
  }
  const ctx = { doc, validator: createValidator(doc) };
  const exchange = (status: number, body: string): Exchange => {
    const headers: Record<string, string> = body ? { 'content-type': 'application/json' } : {};
    return {
      request: { method: 'PATCH', url: 'http://127.0.0.1/v1/devices/settings', headers: {} },
      response: { status, statusText: '', headers, body },
      durationMs: 1,
    };
  };
  const failing = (status: number, body: string) =>
    checkResponse(ctx, patch, exchange(status, body))
      .filter((o) => !o.ok)
      .map((o) => `${o.check}: ${o.message}`);
  expect(failing(204, '')).toEqual([]);
  expect(failing(204, '{"ok":true}')).toEqual([
    'content_type_conformance: status 204 documents no body, but the response has 11 bytes',
  ]);
  expect(failing(422, '{"detail":[{"loc":["body","user_id"],"msg":"Field required","type":"missing"}]}')).toEqual([]);
  expect(failing(422, '{"detail":"bad"}')).toEqual([
    expect.stringMatching(
      /^response_schema_conformance: the 422 body does not match its schema: \/detail: must be array/,
    ),
  ]);
});

describe('each broken Package API fails exactly the checks its defect concerns', () => {
  const cases: [PackageDefect, () => string[], RegExp][] = [
    ['repeats-item', () => each(paginated, 'pagination'), /page 2 repeats an item of page 1/],
    ['token-never-null', () => each(paginated, 'pagination'), /is empty but its next token is .*must be null/],
    ['ignores-limit', () => each(paginated, 'pagination'), /page 1 has 3 items, more than limit=2/],
    [
      'patch-no-effect',
      () => each(linked, 'stateful_links'),
      /returns nothing for user_id=|does not reflect the change/,
    ],
    [
      'patch-200-body',
      () => [...each(patches, 'status_code_conformance'), ...each(linked, 'stateful_links')].sort(),
      /status 200 is not documented|answered 200, not 204/,
    ],
    [
      'validation-without-detail',
      () =>
        [
          ...each(current, 'response_schema_conformance', 'negative_data_rejection'),
          ...each(paginated, 'pagination'),
        ].sort(),
      /must have required property 'detail'/,
    ],
  ];
  test.each(cases)('%s', async (defect, expected, message) => {
    const report = await check(defect);
    expect(failed(report)).toEqual(expected());
    expect(report.ok).toBe(false);
    const findings = report.operations.flatMap((op) => op.checks.flatMap((c) => c.findings));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.some((f) => message.test(f.message))).toBe(true);
  });
});

describe('a live host', () => {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  beforeAll(() => assertBuilt());

  test.runIf(address)(
    'with --live and no write permission, the plan comes first and zero writes are sent',
    async () => {
      server = await startPackageApiFixture(undefined, { host: address as string });
      const url = `http://${address}:${server.port}`;
      const run = await runCli([
        '--base-url',
        url,
        '--live',
        '--max-rps',
        '500',
        '--num-runs',
        '2',
        '--seed',
        '3',
        ...PACKAGE_OPERATIONS.flatMap((id) => ['--operation', id]),
        '--api-key',
        server.keys.supplier as string,
        '--manufacturer-api-key',
        server.keys.manufacturer as string,
      ]);
      const calls = server.calls();
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
      expect(run.code, run.stderr).toBe(0);
      // The plan reaches the terminal before the report, and the report starts with it.
      expect(run.stderr.startsWith('Plan (before the first request)\n')).toBe(true);
      expect(run.stdout.startsWith('Plan (before the first request)\n')).toBe(true);
      for (const op of operations.filter((o) => o.method !== 'get' && !o.deprecated)) {
        expect(run.stdout).toContain(
          `- ${op.operationId} ${op.method.toUpperCase()} ${op.path} [write, live host]: SKIPPED: a write (${op.method.toUpperCase()}) is not sent to ${address}:${server.port}`,
        );
        expect(run.stdout).toContain(`--allow-writes ${op.operationId}`);
      }
      // Reads only, and no undocumented method is probed on a live host but GET.
      expect(run.stdout).toContain(
        '- listDevices GET /v1/devices [read, live host]: sends GET: requests without a key, with an unknown key and with a key of another role; invalid data; 2 generated valid requests; one page of the largest limit, a walk of all pages (at most 25), limit below and above its bounds, a forged and a truncated next_token\n',
      );
      expect(run.stdout).not.toMatch(/\(undocumented methods\)/);
    },
  );

  test.runIf(address)('an allowed write is sent only to the user and device of the config', async () => {
    server = await startPackageApiFixture(undefined, { host: address as string });
    const target = 'updateDeviceSettings';
    const report = await runContractSuite({
      baseUrls: { package: `http://${address}:${server.port}` },
      apiKeys: server.keys,
      operations: PACKAGE_OPERATIONS,
      live: true,
      maxRps: 500,
      seed: 5,
      numRuns: 5,
      allowWrites: [target],
      values: SCOPE,
    });
    expect(failed(report)).toEqual([]);
    const writes = server.calls().filter((c) => c.method !== 'GET');
    expect(writes.length).toBeGreaterThan(5);
    const path = operations.find((op) => op.operationId === target)?.path;
    for (const write of writes) {
      expect(`${write.method} ${write.url}`).toBe(`PATCH ${path}`);
      if (write.body !== '') {
        // Every body names the configured user and device, the invalid ones too.
        expect(write.body).toContain(`"user_id":"${SCOPE.user_id[0]}"`);
        expect(write.body).toContain(`"device_id":"${SCOPE.device_id[0]}"`);
      }
    }
    const plan = report.plan.find((entry) => entry.operationId === target);
    expect(plan?.sends).toContain(`PATCH only with user_id="user_4", device_id="${SCOPE.device_id[0]}"`);
    // The other writes stay skipped.
    expect(report.operations.filter((op) => op.skipped?.startsWith('a write')).length).toBe(
      operations.filter((op) => op.method !== 'get' && !op.deprecated).length - 1,
    );
  });
});

test('sandbox writes: allowed by --sandbox-writes against the spec sandbox host only, still pinned to the config', () => {
  const op = operations.find((o) => o.operationId === 'updateDeviceSettings');
  if (!op) {
    throw new Error('no updateDeviceSettings');
  }
  const sandbox = op.servers.find((s) => s.environment === 'sandbox')?.url as string;
  const production = op.serverUrl;
  const policy = { allowWrites: [], sandboxWrites: true, includeDeprecated: false };
  expect(planOperation(doc, op, sandbox, policy, SCOPE, 1, undefined).sends).toMatch(/^PATCH only with user_id=/);
  expect(planOperation(doc, op, production, policy, SCOPE, 1, undefined).skipped).toMatch(/--allow-writes/);
  expect(planOperation(doc, op, sandbox, { ...policy, sandboxWrites: false }, SCOPE, 1, undefined).skipped).toMatch(
    /--sandbox-writes/,
  );
  expect(planOperation(doc, op, sandbox, policy, {}, 1, undefined).skipped).toMatch(
    /values\.user_id and values\.device_id/,
  );
  // Local hosts are never live: every write is sent there.
  expect(
    planOperation(doc, op, 'http://127.0.0.1:1', { ...policy, sandboxWrites: false }, {}, 1, undefined).skipped,
  ).toBeUndefined();
});

test("a link's target on a non-local host needs --live like the operation itself", async () => {
  // The PATCH on a local host, its linked GET left on the spec's production server: refused, nothing sent.
  await expect(
    runContractSuite({
      baseUrls: { package: 'http://127.0.0.1:9' },
      spec: withLinkTargetOn(doc, 'https://api.nox.energy'),
      operations: ['updateDeviceSettings'],
      apiKeys: { supplier: 'supplier-key-0123' },
    }),
  ).rejects.toThrow(/not a local host/);
});

test('allowWrites, sandboxWrites and includeDeprecated in the config; an unknown operation in allowWrites is refused before anything is sent', async () => {
  await expect(
    runContractSuite({ baseUrl: 'http://127.0.0.1:9', allowWrites: ['updateDeviceSetting'] }),
  ).rejects.toThrow(/allowWrites names unknown operation updateDeviceSetting/);
  expect(parseConfig({ allowWrites: ['updateDeviceSettings'], sandboxWrites: true, includeDeprecated: false })).toEqual(
    {
      allowWrites: ['updateDeviceSettings'],
      sandboxWrites: true,
      includeDeprecated: false,
    },
  );
  expect(() => parseConfig({ sandboxWrites: 'yes' })).toThrow(/"sandboxWrites" must be true or false/);
  expect(() => parseConfig({ allowWrites: 'updateDeviceSettings' })).toThrow(/"allowWrites" must be an array/);
});

test('operationValues: checked against the operation they name, and an unknown operation is refused', async () => {
  await expect(
    runContractSuite({ baseUrl: 'http://127.0.0.1:9', operationValues: { updatePvSetting: { device_id: ['pv-1'] } } }),
  ).rejects.toThrow(/operationValues names unknown operation updatePvSetting/);
  await expect(
    runContractSuite({ baseUrl: 'http://127.0.0.1:9', operationValues: { listDevices: { limit: [0] } } }),
  ).rejects.toThrow(/values\.limit\[0\] = 0 does not fit the schema of "limit" in listDevices/);
  expect(parseConfig({ operationValues: { listDevices: { user_id: ['u-1'] } } })).toEqual({
    operationValues: { listDevices: { user_id: ['u-1'] } },
  });
  expect(() => parseConfig({ operationValues: { listDevices: { user_id: [] } } })).toThrow(/"operationValues" must be/);
});

test('--allow-writes (repeatable), --sandbox-writes and --include-deprecated on the command line', () => {
  const options = parseCliArgs(
    [
      '--base-url',
      'http://127.0.0.1:1',
      '--allow-writes',
      'updateDeviceSettings',
      '--allow-writes',
      'executePvFlex',
      '--sandbox-writes',
      '--include-deprecated',
    ],
    {},
  );
  expect(options.allowWrites).toEqual(['updateDeviceSettings', 'executePvFlex']);
  expect(options.sandboxWrites).toBe(true);
  expect(options.includeDeprecated).toBe(true);
  expect(parseCliArgs(['--base-url', 'http://127.0.0.1:1'], {})).toMatchObject({
    allowWrites: [],
    sandboxWrites: false,
    includeDeprecated: false,
  });
});

/** The spec with the GET of device settings moved to its own server (another API), so a link leaves the host. */
function withLinkTargetOn(spec: OpenApiDocument, url: string): OpenApiDocument {
  const copy = structuredClone(spec);
  const item = copy.paths?.['/v1/devices/settings'] as Record<string, Record<string, unknown>>;
  (item.get as Record<string, unknown>).servers = [
    { url, description: 'elsewhere', 'x-nox-api': 'elsewhere', 'x-nox-environment': 'production' },
  ];
  return copy;
}
