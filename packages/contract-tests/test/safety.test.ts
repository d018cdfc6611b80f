// What keeps a run safe and honest: local hosts only unless live, a rate limit, keys never in a report,
// operations without a key reported as skipped (never passed), and config errors that name the field.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRateLimiter } from '../src/http/rate-limit.js';
import { checkTarget } from '../src/http/target.js';
import {
  DEFAULT_LIVE_MAX_RPS,
  formatJson,
  formatJunit,
  formatText,
  isLocalUrl,
  listOperations,
  loadBundledSpec,
  parseConfig,
  runContractSuite,
  ServerNotAnsweringError,
} from '../src/index.js';
import { type FixtureServer, startFixtureServer } from './fixtures/server.js';

describe('target', () => {
  test('local hosts', () => {
    for (const url of [
      'http://localhost:4010/v2',
      'http://127.0.0.1/v2',
      'http://127.1.2.3',
      'http://[::1]:80',
      'http://api.localhost',
    ]) {
      expect(isLocalUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://auth.nox.energy/v2',
      'http://10.0.0.1',
      'http://localhost.example.com',
      'http://128.0.0.1',
    ]) {
      expect(isLocalUrl(url), url).toBe(false);
    }
  });

  test('a non-local host is refused without live, and gets a modest default rate with it', () => {
    expect(() => checkTarget(['https://auth.nox.energy/v2'], false, undefined)).toThrow(/--live/);
    expect(checkTarget(['https://auth.nox.energy/v2'], true, undefined)).toBe(DEFAULT_LIVE_MAX_RPS);
    expect(checkTarget(['https://auth.nox.energy/v2'], true, 2)).toBe(2);
    expect(checkTarget(['http://127.0.0.1:4010/v2'], false, undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(() => checkTarget(['ftp://127.0.0.1/'], false, undefined)).toThrow(/http or https/);
    expect(() => checkTarget(['http://127.0.0.1/'], false, 0)).toThrow(/positive/);
  });

  test('runContractSuite refuses the production server of the spec (its default) before sending anything', async () => {
    await expect(runContractSuite({ apiKeys: { supplier: 'supplier-key-0123' } })).rejects.toThrow(/not a local host/);
  });

  test('a server that does not answer stops the run with a clear error and the report so far', async () => {
    const keys = { supplier: 'supplier-key-0123', manufacturer: 'manufacturer-key-0123' };
    const error = await runContractSuite({ baseUrl: 'http://127.0.0.1:9/v2', apiKeys: keys, numRuns: 5 }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ServerNotAnsweringError);
    const { message, report } = error as ServerNotAnsweringError;
    expect(message).toMatch(
      /^No complete response from http:\/\/127\.0\.0\.1:9 to 5 requests in a row \(the last one of \w+: ECONNREFUSED/,
    );
    expect(report.stopped).toBe(message);
    expect(report.ok).toBe(false);
    const [first, ...rest] = report.operations;
    expect(first?.checks.find((c) => c.check === 'not_a_server_error')?.failures).toBe(5);
    expect(rest.length).toBeGreaterThan(0);
    for (const op of rest) {
      expect(op.skipped).toMatch(/^not run: the run stopped/);
    }
    expect(formatText(report)).toContain(`RUN STOPPED: ${message}`);
  });

  test('a server that stops answering halfway stops the run too, also while fast-check generates', async () => {
    // One operation only, so the failure has to come from its own positive phase (past its ~50 other requests).
    const dying = await startFixtureServer(undefined, { answerOnly: 100 });
    const [first] = listOperations(loadBundledSpec());
    const options = { baseUrl: dying.baseUrl, apiKeys: dying.keys, numRuns: 100, seed: 1 };
    try {
      await expect(runContractSuite({ ...options, operations: [first?.operationId ?? ''] })).rejects.toThrow(
        /No complete response from/,
      );
    } finally {
      await dying.close();
    }
  });

  test('an unknown operation is named with the ones that exist', async () => {
    await expect(runContractSuite({ baseUrl: 'http://127.0.0.1:9/v2', operations: ['nope'] })).rejects.toThrow(
      /Unknown operation nope; the spec has: /,
    );
  });
});

test('the rate limiter spaces requests 1000/maxRps ms apart', async () => {
  let now = 0;
  const sleeps: number[] = [];
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  const wait = createRateLimiter(4, clock);
  for (let i = 0; i < 5; i++) {
    await wait();
  }
  expect(sleeps).toEqual([250, 250, 250, 250]);
  now += 1000; // idle time is not saved up into a burst beyond the next slot
  await wait();
  expect(sleeps).toHaveLength(4);
  await wait();
  expect(sleeps).toEqual([250, 250, 250, 250, 250]);
});

describe('against a fixture', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer('no-auth-check');
  });
  afterAll(() => server.close());

  test('no report format ever contains an API key, even in the requests of findings', async () => {
    const report = await runContractSuite({ baseUrl: server.baseUrl, apiKeys: server.keys, seed: 7, numRuns: 5 });
    // Findings of this server include requests sent with both keys (the other role's key too).
    expect(report.ok).toBe(false);
    for (const text of [formatText(report), formatJson(report), formatJunit(report)]) {
      for (const key of Object.values(server.keys)) {
        expect(text).not.toContain(key);
      }
      expect(text).toContain('x-api-key: [redacted]');
    }
  });

  test('operations of a role without a key are skipped, never passed; with no key at all nothing passes', async () => {
    const [role, key] = Object.entries(server.keys)[0] as [string, string];
    const report = await runContractSuite({ baseUrl: server.baseUrl, apiKeys: { [role]: key }, seed: 7, numRuns: 5 });
    const skipped = report.operations.filter((op) => op.skipped);
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.some((op) => /^no API key for the \w+ role/.test(op.skipped ?? ''))).toBe(true);
    for (const op of skipped) {
      // Deprecated operations are skipped as such first (checked only with includeDeprecated).
      expect(op.skipped).toMatch(op.deprecated ? /^deprecated/ : /^no API key for the \w+ role/);
      expect(op.checks.every((c) => c.status === 'skipped')).toBe(true);
    }
    expect(report.operations.some((op) => op.role === role && !op.skipped)).toBe(true);

    const none = await runContractSuite({ baseUrl: server.baseUrl, apiKeys: {}, seed: 7, numRuns: 5 });
    expect(none.totals.passed).toBe(0);
    expect(none.totals.failed).toBe(0);
    expect(none.ok).toBe(false);
    expect(formatText(none)).toContain('No check ran');
  });

  test('a configured value that breaks the schema is refused, naming the field and the rule', async () => {
    await expect(
      runContractSuite({ baseUrl: server.baseUrl, apiKeys: server.keys, values: { redirect_url: ['not a url'] } }),
    ).rejects.toThrow(/values\.redirect_url\[0\] = "not a url" does not fit the schema of "redirect_url".*format/);
  });
});

describe('config file', () => {
  test('accepts the documented fields', () => {
    const config = {
      values: { redirect_url: ['https://example.com/cb'] },
      numRuns: 10,
      maxRps: 2,
      seed: 1,
      operations: ['x'],
    };
    expect(parseConfig(config)).toEqual(config);
  });

  test.each([
    [[], /must be a JSON object/],
    [{ apiKey: 'secret' }, /"apiKey" is not allowed; pass API keys with options or environment variables/],
    [{ numRuns: 0 }, /"numRuns" must be a positive integer/],
    [{ values: { redirect_url: [] } }, /"values" must be an object mapping a property name to a non-empty array/],
    [{ colour: 'blue' }, /unknown field "colour"/],
  ])('%j is refused', (config, message) => {
    expect(() => parseConfig(config, 'nox-contract.json')).toThrow(message);
  });
});
