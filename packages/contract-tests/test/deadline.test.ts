// Every request ends by its deadline, body included, and what is read of a body is capped: a server that
// trickles or floods its answer can neither hang a run nor fill its memory. Against real local servers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createTransport } from '../src/http/transport.js';
import {
  type ContractReport,
  listOperations,
  loadBundledSpec,
  MAX_RESPONSE_BODY_BYTES,
  runContractSuite,
} from '../src/index.js';
import { assertBuilt, runCli } from './fixtures/cli.js';
import { type FixtureServer, startFixtureServer } from './fixtures/server.js';

/** Above the 2 s between trickled bytes: an idle timeout of this length would never fire. */
const TIMEOUT_MS = 2500;
const [firstOperation] = listOperations(loadBundledSpec());

let fixture: FixtureServer | undefined;
let plain: Server | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
  if (plain) {
    plain.closeAllConnections();
    await new Promise((ok) => plain?.close(ok));
    plain = undefined;
  }
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  plain = createServer(handler);
  await new Promise<void>((ok) => plain?.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
}

const post = (url: string) => ({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{}' });

describe('transport', () => {
  test('a body trickled one byte every 2 s is cut off at the deadline', async () => {
    fixture = await startFixtureServer(undefined, { trickle: 1 });
    const transport = createTransport(TIMEOUT_MS);
    try {
      const exchange = await transport.send(post(`${fixture.baseUrl}/anything`));
      expect(exchange.response).toBeUndefined();
      expect(exchange.error).toMatch(
        /^the response did not complete within 2500 ms \(received: status 201 and headers, then \d+ body bytes\)$/,
      );
      expect(exchange.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(exchange.durationMs).toBeLessThan(TIMEOUT_MS + 5000);
    } finally {
      transport.close();
    }
  });

  test('a server that accepts the connection and never answers ends at the deadline too', async () => {
    const url = await listen(() => {});
    const transport = createTransport(500);
    try {
      const exchange = await transport.send(post(url));
      expect(exchange.error).toBe('the response did not complete within 500 ms (received: no status line)');
    } finally {
      transport.close();
    }
  });

  test(`a body over the read cap (${MAX_RESPONSE_BODY_BYTES} bytes) stops the read, well before the deadline`, async () => {
    expect(MAX_RESPONSE_BODY_BYTES).toBe(4 * 1024 * 1024);
    let written = 0;
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && written < 1024 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    const transport = createTransport(60_000);
    try {
      const exchange = await transport.send(post(url));
      expect(exchange.response).toBeUndefined();
      expect(exchange.error).toBe(
        `response body over the ${MAX_RESPONSE_BODY_BYTES}-byte read cap (status 200); reading stopped`,
      );
      expect(exchange.durationMs).toBeLessThan(20_000);
      // The server could push only what the socket buffers took beyond the cap before the connection closed.
      await new Promise((ok) => setTimeout(ok, 200));
      expect(written).toBeLessThan(MAX_RESPONSE_BODY_BYTES + 16 * 1024 * 1024);
    } finally {
      transport.close();
    }
  });

  test('a Content-Length over the cap is refused before its body is read', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 ** 3) });
      res.write('{');
    });
    const transport = createTransport(60_000);
    try {
      const exchange = await transport.send(post(url));
      expect(exchange.error).toBe(
        `response body of ${10 * 1024 ** 3} bytes (Content-Length) is over the ${MAX_RESPONSE_BODY_BYTES}-byte read cap`,
      );
      expect(exchange.durationMs).toBeLessThan(5000);
    } finally {
      transport.close();
    }
  });
});

test('one trickled response is a finding of its operation, and the run goes on', async () => {
  fixture = await startFixtureServer(undefined, { trickle: 1 });
  const report = await runContractSuite({
    baseUrl: fixture.baseUrl,
    apiKeys: fixture.keys,
    operations: [firstOperation?.operationId ?? ''],
    numRuns: 5,
    seed: 1,
    timeoutMs: TIMEOUT_MS,
  });
  expect(report.ok).toBe(false);
  expect(report.stopped).toBeUndefined();
  const failed = report.operations[0]?.checks.filter((c) => c.status === 'failed') ?? [];
  // The first request is the missing-key probe: that check and not_a_server_error fail, nothing else.
  expect(failed.map((c) => c.check).sort()).toEqual(['missing_api_key', 'not_a_server_error']);
  const finding = failed.find((c) => c.check === 'not_a_server_error')?.findings[0];
  expect(finding?.message).toMatch(/^no response: the response did not complete within 2500 ms/);
  expect(report.stats.cases.passed).toBeGreaterThan(10);
});

describe('the CLI against a server that trickles every response', () => {
  let dir: string;
  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'nox-contract-deadline-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('stops after 5 deadlines, writes its report with the finding, exits 2', { timeout: 90_000 }, async () => {
    fixture = await startFixtureServer(undefined, { trickle: Number.POSITIVE_INFINITY });
    const output = join(dir, 'report.json');
    const keys = fixture.keys;
    const result = await runCli(
      [
        '--base-url',
        fixture.baseUrl,
        '--api-key',
        keys.supplier ?? '',
        '--manufacturer-api-key',
        keys.manufacturer ?? '',
        '--timeout',
        String(TIMEOUT_MS),
        '--report',
        'json',
        '--output',
        output,
      ],
      {},
      // 5 deadlines of 2.5 s, and generous room for a busy machine; a hanging run is killed here.
      45_000,
    );
    console.log(`trickled responses: the CLI ended after ${(result.durationMs / 1000).toFixed(1)} s`);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(2);
    expect(result.durationMs).toBeGreaterThanOrEqual(5 * TIMEOUT_MS);
    const operationId = firstOperation?.operationId as string;
    expect(result.stderr).toMatch(
      new RegExp(`the last one of ${operationId}: the response did not complete within 2500 ms`),
    );
    expect(result.stdout).toContain('RUN STOPPED: No complete response from');
    expect(result.stdout).toContain('RESULT: FAIL');
    const report = JSON.parse(readFileSync(output, 'utf8')) as ContractReport;
    expect(report.ok).toBe(false);
    expect(report.stopped).toMatch(/did not complete within 2500 ms/);
    expect(report.stats.requests).toBe(5);
    const check = report.operations[0]?.checks.find((c) => c.check === 'not_a_server_error');
    expect(report.operations[0]?.operationId).toBe(operationId);
    expect(check?.status).toBe('failed');
    expect(check?.failures).toBe(5);
    expect(check?.findings[0]?.error).toMatch(/^the response did not complete within 2500 ms/);
  });
});
