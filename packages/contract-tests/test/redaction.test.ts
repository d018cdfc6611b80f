// Keys stay out of every output, in the shapes a server may echo them in, and redaction never changes
// what a report says: implausibly short keys are refused before anything is sent.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ContractReport,
  checkApiKey,
  MIN_API_KEY_LENGTH,
  REDACTED,
  redactText,
  runContractSuite,
} from '../src/index.js';
import { toFinding } from '../src/report/finding.js';
import { assertBuilt, type CliRun, runCli } from './fixtures/cli.js';
import { echoedForms, FIXTURE_SERVED_OPERATIONS, startFixtureServer } from './fixtures/server.js';

/** Keys with characters URL encoding changes (`+`, `$`, `#`), mixed case, and valid as header names. */
const ECHO_KEYS = { supplier: 'Echo.Supplier+Key$0123~', manufacturer: 'Echo!Manufacturer*Key#4567' };

/** Every shape of every key that must not appear: the key itself and what `echoKey` sends back. */
function leakedShapes(keys: Record<string, string>): string[] {
  return Object.values(keys).flatMap((key) => [key, ...Object.values(echoedForms(key))]);
}

describe('redactText', () => {
  const key = ECHO_KEYS.supplier;
  test.each(Object.entries(echoedForms(key)))('redacts the key %s', (_shape, form) => {
    const out = redactText(`before ${form} after`, [key]);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(form.replace(/^Basic /, ''));
    expect(out.startsWith('before ')).toBe(true);
    expect(out.endsWith(' after')).toBe(true);
  });

  test('redacts a key inside a longer base64 text at every byte alignment, and percent-encoded base64', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const encoded = Buffer.from(`${prefix}${key}--`).toString('base64');
      const out = redactText(encoded, [key]);
      expect(out).toContain(REDACTED);
      // What survives either side is at most the one or two characters shared with the neighbouring bytes.
      expect(out.replace(REDACTED, '').length).toBeLessThanOrEqual(encoded.length - 28);
    }
    expect(redactText(encodeURIComponent(Buffer.from(key).toString('base64')), [key])).toBe(REDACTED);
    expect(redactText(JSON.stringify(key).replace('+', '\\u002b'), [key])).toBe(`"${REDACTED}"`);
  });

  test('a long body is redacted before it is trimmed, never leaving part of a key in what is shown', () => {
    const long = `Kx${'0123456789abcdef'.repeat(62)}Kz`; // 996 characters
    const body = `${long.repeat(12)}${'tail '.repeat(200_000)}`;
    const finding = toFinding('not_a_server_error', 'server error 500', {
      exchange: {
        request: { method: 'POST', url: 'http://127.0.0.1/v2/x', headers: {} },
        response: { status: 500, statusText: 'Internal Server Error', headers: {}, body },
        durationMs: 1,
      },
      caseLabel: 'generated',
      keyHeaders: ['x-api-key'],
      secrets: [long],
    });
    const shown = finding.response?.body ?? '';
    expect(shown.startsWith(REDACTED.repeat(12))).toBe(true);
    expect(shown).not.toContain('Kx');
    expect(shown).toContain('tail tail');
    expect(shown.endsWith(`... (${body.length} characters)`)).toBe(true);
  });

  test('leaves text without the key alone', () => {
    const text = 'auth.nox.energy: 42 passed, 0 failed, 3 not applicable\nx-api-key: Echo.Supplier';
    expect(redactText(text, [key])).toBe(text);
  });
});

describe('API keys too short to be real are refused, naming where they came from, never the key', () => {
  test.each([
    ['x', /^apiKeys\.supplier is too short to be an API key: it needs at least 8 characters/],
    ['1234567', /too short/],
    ['k'.repeat(1025), /too long/],
    ['has space-12', /visible ASCII characters without spaces/],
    ['tab\tinside-12', /visible ASCII/],
  ])('%j', (key, message) => {
    expect(() => checkApiKey(key, 'apiKeys.supplier')).toThrow(message);
    try {
      checkApiKey(key, 'apiKeys.supplier');
    } catch (error) {
      expect((error as Error).message).not.toContain(key);
    }
  });

  test(`the mock's minimum: ${MIN_API_KEY_LENGTH} characters pass`, () => {
    expect(MIN_API_KEY_LENGTH).toBe(8);
    expect(() => checkApiKey('12345678', 'apiKeys.supplier')).not.toThrow();
  });

  test('runContractSuite refuses one before sending anything', async () => {
    const server = await startFixtureServer();
    try {
      await expect(
        runContractSuite({ baseUrl: server.baseUrl, apiKeys: { supplier: server.keys.supplier, manufacturer: 'm' } }),
      ).rejects.toThrow(/^apiKeys\.manufacturer is too short/);
      expect(server.requests()).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('the CLI', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'nox-contract-redaction-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('refuses --api-key x and a short key in the environment before running, exit 2', async () => {
    const server = await startFixtureServer();
    try {
      const option = await runCli(['--base-url', server.baseUrl, '--api-key', 'x']);
      expect(option.code).toBe(2);
      expect(option.stderr).toMatch(/^nox-contract-tests: --api-key is too short to be an API key/);
      expect(option.stdout).toBe('');
      const env = await runCli(['--base-url', server.baseUrl], { NOX_MANUFACTURER_API_KEY: 'zQ7w' });
      expect(env.code).toBe(2);
      expect(env.stderr).toMatch(/^nox-contract-tests: NOX_MANUFACTURER_API_KEY is too short/);
      expect(env.stderr).not.toContain('zQ7w');
      // Without --base-url (the in-process mock) too: nothing ran, so auth.nox.energy is never mangled.
      const mock = await runCli(['--manufacturer-api-key', 'x']);
      expect(mock.code).toBe(2);
      expect(mock.stderr).toContain('--manufacturer-api-key is too short');
      expect(server.requests()).toBe(0);
    } finally {
      await server.close();
    }
  });

  test('a server echoing the keys in other shapes gets none of them into any report format', async () => {
    const server = await startFixtureServer(undefined, { keys: ECHO_KEYS, echoKey: true });
    // The fixture really sends the shapes back, so that their absence below means something.
    const raw = await fetch(`${server.baseUrl}/anything`, {
      method: 'POST',
      headers: { 'x-api-key': ECHO_KEYS.supplier },
    });
    const rawText = `${[...raw.headers.keys()].join('\n')}\n${[...raw.headers.values()].join('\n')}\n${await raw.text()}`;
    for (const form of Object.values(echoedForms(ECHO_KEYS.supplier))) {
      expect(rawText).toContain(form);
    }
    expect(rawText).toContain(ECHO_KEYS.supplier.toLowerCase());

    const shapes = leakedShapes(ECHO_KEYS);
    const expectNoShape = (label: string, text: string) => {
      for (const shape of shapes) {
        expect(text.toLowerCase(), `${label} contains ${shape}`).not.toContain(shape.toLowerCase());
      }
    };
    const served = FIXTURE_SERVED_OPERATIONS.flatMap((operationId) => ['--operation', operationId]);
    const common = ['--base-url', server.baseUrl, ...served, '--num-runs', '3', '--seed', '5'];
    const keys = ['--api-key', ECHO_KEYS.supplier, '--manufacturer-api-key', ECHO_KEYS.manufacturer];
    try {
      const outputs: Record<string, CliRun> = {};
      for (const format of ['text', 'json', 'junit']) {
        const output = join(dir, `echo.${format}`);
        const run = await runCli([...common, ...keys, '--report', format, '--output', output]);
        outputs[format] = run;
        expect(run.code, format).toBe(1);
        const file = readFileSync(output, 'utf8');
        expectNoShape(`${format} file`, file);
        expectNoShape(`${format} stdout`, run.stdout);
        expectNoShape(`${format} stderr`, run.stderr);
        // The echoing responses are in the report, redacted: the check above did look at them.
        expect(file).toContain('server error 500');
        expect(file).toContain(`cannot use key ${REDACTED}`);
      }
      const json = JSON.parse(readFileSync(join(dir, 'echo.json'), 'utf8')) as ContractReport;
      // Responses to the real keys (the probe with an invalid key is echoed too, and that key is no secret).
      const echoes = json.operations
        .flatMap((op) => op.checks.flatMap((c) => c.findings))
        .filter((f) => f.response?.headers[REDACTED] !== undefined);
      expect(echoes.length).toBeGreaterThan(0);
      for (const finding of echoes) {
        expect(finding.response?.headers[REDACTED]).toBe('the key as a header name');
        expect(finding.response?.headers['x-echo-base64']).toBe(REDACTED);
        expect(finding.response?.headers.location).toBe(`https://fixture.example/retry?key=${REDACTED}`);
      }
      expect(outputs.text?.stdout).toContain(`location: https://fixture.example/retry?key=${REDACTED}`);
    } finally {
      await server.close();
    }
  });

  test("keys that look like the report's own words change nothing in it; the JSON stays valid JSON", async () => {
    // Plausible only in length, but they show that redaction touches what came from outside, nothing else.
    const keys = { supplier: 'applicable', manufacturer: 'failures="0"' };
    const server = await startFixtureServer(undefined, { keys });
    const served = FIXTURE_SERVED_OPERATIONS.flatMap((operationId) => ['--operation', operationId]);
    const args = ['--base-url', server.baseUrl, ...served, '--num-runs', '3', '--seed', '5'];
    const keyArgs = ['--api-key', keys.supplier, '--manufacturer-api-key', keys.manufacturer];
    try {
      const json = await runCli([...args, ...keyArgs, '--report', 'json']);
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as ContractReport;
      expect(report.ok).toBe(true);
      expect(report.totals.failed).toBe(0);
      expect(report.totals.not_applicable).toBeGreaterThan(0);
      expect(json.stderr).toMatch(/\d+ not applicable\n/);
      expect(json.stderr).toContain('RESULT: PASS');
      const junit = await runCli([...args, ...keyArgs, '--report', 'junit']);
      expect(junit.code).toBe(0);
      expect(junit.stdout).toMatch(/<testsuites [^>]* failures="0" /);
    } finally {
      await server.close();
    }
  });
});
