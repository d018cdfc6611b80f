// The built binary (dist/cli.js): exit codes, report formats, and no key in any output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_OPERATION_IDS, withFixtureOperations } from '@nox-energy/spec-reader/fixtures';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ContractReport, loadBundledSpec } from '../src/index.js';
import { assertBuilt, type CliRun as Run, runCli as run } from './fixtures/cli.js';
import { FIXTURE_SERVED_OPERATIONS, type FixtureServer, startFixtureServer } from './fixtures/server.js';

/** Tags open and close in pairs, and the document has one root: enough to catch broken XML by hand. */
function expectWellFormedJunit(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  const count = (pattern: RegExp) => (xml.match(pattern) ?? []).length;
  expect(count(/<testsuite /g)).toBe(3);
  expect(count(/<testsuite /g)).toBe(count(/<\/testsuite>/g));
  expect(count(/<testcase /g)).toBe(Number(/<testsuites [^>]*tests="(\d+)"/.exec(xml)?.[1]));
  expect(count(/<testcase /g)).toBeGreaterThan(3 * 10);
  expect(count(/<testcase /g)).toBe(count(/<\/testcase>/g));
  expect(count(/<failure /g)).toBe(count(/<\/failure>/g));
  // Every `&` starts an entity: nothing unescaped leaks from a response body.
  expect(xml.match(/&(?!(amp|lt|gt|quot|#10);)/g)).toBeNull();
}

describe('nox-contract-tests', () => {
  let good: FixtureServer;
  let broken: FixtureServer;
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    good = await startFixtureServer();
    broken = await startFixtureServer('no-auth-check');
    dir = mkdtempSync(join(tmpdir(), 'nox-contract-'));
  });
  afterAll(async () => {
    await good.close();
    await broken.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // The fixture server answers the Authenticator v2 only.
  const served = FIXTURE_SERVED_OPERATIONS.flatMap((operationId) => ['--operation', operationId]);
  const keyArgs = (server: FixtureServer) => [
    ...served,
    '--api-key',
    server.keys.supplier ?? '',
    '--manufacturer-api-key',
    server.keys.manufacturer ?? '',
  ];
  const secrets = () => [...Object.values(good.keys), ...Object.values(broken.keys)];
  const expectNoKey = (result: Run) => {
    for (const key of secrets()) {
      expect(result.stdout).not.toContain(key);
      expect(result.stderr).not.toContain(key);
    }
  };

  test('exit 0 and a clean JUnit file when every check passes', async () => {
    const output = join(dir, 'pass.xml');
    const result = await run([
      '--base-url',
      good.baseUrl,
      ...keyArgs(good),
      '--num-runs',
      '10',
      '--seed',
      '3',
      '--report',
      'junit',
      '--output',
      output,
    ]);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('RESULT: PASS');
    const xml = readFileSync(output, 'utf8');
    expectWellFormedJunit(xml);
    expect(xml).not.toContain('<failure');
    expectNoKey(result);
  });

  test('exit 1 with failures in JUnit on stdout, the readable summary on stderr', async () => {
    const result = await run([
      '--base-url',
      broken.baseUrl,
      ...keyArgs(broken),
      '--num-runs',
      '5',
      '--report',
      'junit',
    ]);
    expect(result.code).toBe(1);
    expectWellFormedJunit(result.stdout);
    expect(result.stdout).toContain('<failure message="expected 401, got 201" type="missing_api_key">');
    expect(result.stderr).toContain('RESULT: FAIL');
    expect(result.stdout + result.stderr).toContain('x-api-key: [redacted]');
    expectNoKey(result);
  });

  test('JSON report; keys from the environment; one operation', async () => {
    const operationId = 'createManufacturerDeviceConnection';
    const result = await run(
      ['--base-url', broken.baseUrl, '--num-runs', '5', '--report', 'json', '--operation', operationId],
      {
        NOX_API_KEY: broken.keys.supplier ?? '',
        NOX_MANUFACTURER_API_KEY: broken.keys.manufacturer ?? '',
      },
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as ContractReport;
    expect(report.ok).toBe(false);
    expect(report.operations.map((op) => op.operationId)).toEqual([operationId]);
    expectNoKey(result);
  });

  test('without --base-url it checks the in-process mock with its demo keys', async () => {
    const result = await run(['--num-runs', '5', '--seed', '9']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[in-process mock]');
    expect(result.stdout).toContain('RESULT: PASS');
  });

  test('with --spec and no --base-url the in-process mock serves that spec; what it does not serve is not implemented', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nox-contract-spec-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(withFixtureOperations(loadBundledSpec())));
      const result = await run(['--spec', file, '--num-runs', '5', '--seed', '9', '--include-deprecated']);
      expect(result.code, result.stderr).toBe(0);
      const notImplemented = /not implemented \(not checked\): (\d+) operations: (.*)/.exec(result.stdout);
      // The fixture's operations the mock has no handler for (its listDevices and getDeviceSettings have one).
      const listed = notImplemented?.[2]?.split(', ') ?? [];
      expect(listed.length).toBeGreaterThan(0);
      expect([...FIXTURE_OPERATION_IDS]).toEqual(expect.arrayContaining(listed));
      expect(Number(notImplemented?.[1])).toBe(listed.length);
      expect(result.stdout).toMatch(
        /connectUserToNoxV1: POST \/users\/\{userId\}\/link \[deprecated\] - NOT IMPLEMENTED: the server answers 501/,
      );
      // A PATCH is checked like every operation: only the mock's 501 marks it.
      expect(result.stderr).toContain('patchDeviceSettings: not implemented (the server answers 501');
      expect(result.stdout).toContain('RESULT: PASS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('exit 1 when no check could run (no key given)', async () => {
    const result = await run(['--base-url', good.baseUrl, ...served, '--num-runs', '5']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('No check ran');
    expect(result.stdout).toMatch(/SKIPPED: no API key for the supplier role/);
  });

  test('exit 2 for a non-local host without --live, before any request', async () => {
    const result = await run(['--base-url', 'https://auth.nox.energy/v2', '--api-key', 'live-key-1234567890']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Refusing to send test traffic to auth.nox.energy');
    expect(result.stderr).toContain('--live');
    expect(result.stderr).not.toContain('live-key-1234567890');
  });

  test('exit 2 for a server that does not answer, with the report of the run so far', async () => {
    const output = join(dir, 'refused.json');
    const result = await run([
      '--base-url',
      'http://127.0.0.1:9/v2',
      ...keyArgs(good),
      '--report',
      'json',
      '--output',
      output,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/No complete response from http:\/\/127\.0\.0\.1:9 to 5 requests in a row/);
    const report = JSON.parse(readFileSync(output, 'utf8')) as ContractReport;
    expect(report.stopped).toMatch(/ECONNREFUSED/);
    expect(report.stats.requests).toBe(5);
    expectNoKey(result);
  });

  test('exit 2 for bad usage, with the reason and the help', async () => {
    for (const args of [
      ['--report', 'xml'],
      ['--num-runs', 'many'],
      ['--bogus'],
      ['--mock', '--base-url', good.baseUrl],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('Usage: nox-contract-tests');
    }
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--manufacturer-api-key');
  });
});
