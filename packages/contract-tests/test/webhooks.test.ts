// `nox-contract-tests webhooks`, the built binary, against receivers that are right and receivers that are
// wrong in one way each: the exact cases that fail, the exit codes, keys kept out of every output, and a
// non-local receiver refused before anything is sent.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWebhookSignature, readWebhooks } from '@nox-energy/spec-reader';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadBundledSpec, type OpenApiDocument, runWebhookSuite, type WebhookReport } from '../src/index.js';
import { parseWebhooksArgs } from '../src/webhooks/args.js';
import { checkReceiverUrl } from '../src/webhooks/run.js';
import { assertBuilt, type CliRun, runCli } from './fixtures/cli.js';
import { type ReceiverKind, startReceiver } from './fixtures/receivers.js';

/** Mixed case and characters URL encoding changes, so every echoed shape differs from the key. */
const KEY = 'Webhook.Key+Secret$0123~';

const doc = loadBundledSpec();
const recipe = readWebhookSignature(doc);
const webhooks = readWebhooks(doc);
const signed = webhooks.map((w) => `signed:${w.eventType}`);
const missingHeaders = [
  ...new Set(webhooks.flatMap((w) => w.headers.filter((h) => h.required).map((h) => `missing-header:${h.name}`))),
];
/** Every forgery the spec allows: each must be refused. */
const forged = [
  'bad-signature',
  'body-changed',
  'timestamp-too-old',
  'timestamp-too-new',
  ...missingHeaders,
  ...(recipe?.prefix ? ['missing-prefix'] : []),
];
const allCases = [...signed, 'raw-body', 'unknown-event-type', 'replay', ...forged];

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'nox-webhooks-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectNoKey(...outputs: string[]): void {
  for (const output of outputs) {
    expect(output).not.toContain(KEY);
    expect(output.toLowerCase()).not.toContain(KEY.toLowerCase());
    expect(output).not.toContain(encodeURIComponent(KEY));
    expect(output).not.toContain(Buffer.from(`nox:${KEY}`).toString('base64'));
  }
}

async function runAgainst(kind: ReceiverKind, extra: string[] = []): Promise<{ run: CliRun; report: WebhookReport }> {
  const receiver = await startReceiver(kind, KEY);
  try {
    const output = join(dir, `${kind}.json`);
    const run = await runCli(['webhooks', '--url', receiver.url, '--report', 'json', '--output', output, ...extra], {
      NOX_API_KEY: KEY,
    });
    const report = JSON.parse(readFileSync(output, 'utf8')) as WebhookReport;
    expect(receiver.deliveries()).toBe(report.cases.filter((c) => c.status !== 'skipped').length);
    return { run, report };
  } finally {
    await receiver.close();
  }
}

const failing = (report: WebhookReport) =>
  report.cases
    .filter((c) => c.status === 'failed')
    .map((c) => c.id)
    .sort();

describe('webhooks command: the exact failing cases of each receiver', () => {
  test('the spec has the webhooks and recipe these tests derive their cases from', () => {
    expect(recipe).toBeDefined();
    expect(signed.length).toBeGreaterThan(0);
    // Every webhook requires exactly the recipe's three headers, so one event's missing headers cover all.
    expect(missingHeaders.map((h) => h.slice('missing-header:'.length).toLowerCase()).sort()).toEqual(
      [recipe?.idHeader, recipe?.signatureHeader, recipe?.timestampHeader].map((h) => String(h).toLowerCase()).sort(),
    );
  });

  test('a correct receiver passes every case: exit 0', async () => {
    const { run, report } = await runAgainst('correct');
    expect(run.code, run.stderr).toBe(0);
    expect(report.cases.map((c) => c.id)).toEqual(allCases);
    expect(failing(report)).toEqual([]);
    expect(report.totals).toEqual({ passed: allCases.length, failed: 0, skipped: 0 });
    expect(report.ok).toBe(true);
    expect(run.stdout).toContain('RESULT: PASS');
    // Every delivery shows what was sent, the signature included.
    for (const result of report.cases) {
      const headers = Object.keys(result.request?.headers ?? {}).map((h) => h.toLowerCase());
      const omitted = result.id.startsWith('missing-header:') ? result.id.slice('missing-header:'.length) : '';
      for (const header of [recipe?.idHeader, recipe?.timestampHeader, recipe?.signatureHeader]) {
        expect(headers.includes(String(header).toLowerCase()), `${result.id} ${header}`).toBe(header !== omitted);
      }
    }
    const replay = report.cases.find((c) => c.id === 'replay');
    const first = report.cases.find((c) => c.id === signed[0]);
    expect(replay?.request?.headers[String(recipe?.idHeader)]).toBe(first?.request?.headers[String(recipe?.idHeader)]);
    expect(replay?.why).toMatch(/de-duplicate/);
    expect(run.stdout).toContain('PASS replay: expected 2xx, answered 200');
  });

  test('a receiver that accepts unsigned events fails every forgery', async () => {
    const { run, report } = await runAgainst('accepts-unsigned');
    expect(run.code).toBe(1);
    expect(failing(report)).toEqual([...forged].sort());
    expect(run.stdout).toContain('FAIL bad-signature: expected 4xx, answered 200');
    expect(run.stdout).toContain('wrong: answered 200: the receiver accepted a delivery NOX did not send');
    expect(run.stdout).toContain('RESULT: FAIL');
  });

  test('a receiver that checks the signature but not the timestamp fails the two window cases', async () => {
    const { run, report } = await runAgainst('no-timestamp-check');
    expect(run.code).toBe(1);
    expect(failing(report)).toEqual(['timestamp-too-new', 'timestamp-too-old']);
  });

  test('a receiver that answers 500 to a duplicate id fails the replay only', async () => {
    const { run, report } = await runAgainst('duplicate-500');
    expect(run.code).toBe(1);
    expect(failing(report)).toEqual(['replay']);
    expect(report.cases.find((c) => c.id === 'replay')?.message).toMatch(/^answered 500: NOX reads a 5xx/);
  });
});

describe('webhooks command: keys, targets and usage', () => {
  test('no key in any output, whatever the receiver echoes, in every format', async () => {
    const receiver = await startReceiver('accepts-unsigned', KEY, { echoKey: true });
    try {
      for (const format of ['text', 'json', 'junit']) {
        const output = join(dir, `echo.${format}`);
        const toFile = await runCli([
          'webhooks',
          '--url',
          receiver.url,
          '--api-key',
          KEY,
          '--report',
          format,
          '--output',
          output,
        ]);
        const toStdout = await runCli(['webhooks', '--url', receiver.url, '--report', format], { NOX_API_KEY: KEY });
        for (const run of [toFile, toStdout]) {
          expect(run.code, format).toBe(1);
          expectNoKey(run.stdout, run.stderr);
        }
        const written = readFileSync(output, 'utf8');
        expectNoKey(written);
        expect(written).toContain('[redacted]');
        if (format === 'json') {
          expect((JSON.parse(toStdout.stdout) as WebhookReport).totals.failed).toBe(forged.length);
        }
        if (format === 'junit') {
          expect(written).toContain(`tests="${allCases.length}" failures="${forged.length}" errors="0" skipped="0"`);
        }
      }
    } finally {
      await receiver.close();
    }
  });

  test('a non-loopback receiver is refused without --live, before anything is sent', async () => {
    const receiver = await startReceiver('correct', KEY, { host: '0.0.0.0' });
    try {
      const address = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      // This machine's own non-loopback address reaches the receiver: only the refusal keeps deliveries away.
      const url = address ? `http://${address}:${receiver.port}/nox/webhooks` : 'http://192.0.2.1/nox/webhooks';
      const refused = await runCli(['webhooks', '--url', url, '--api-key', KEY]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('Refusing to send test webhooks to');
      expect(refused.stderr).toContain('--live');
      expect(refused.stdout).toBe('');
      expectNoKey(refused.stderr);
      expect(receiver.deliveries()).toBe(0);
      if (address) {
        // With --live the same address is tested (at the live rate of 5 deliveries a second).
        const live = await runCli(['webhooks', '--url', url, '--api-key', KEY, '--live']);
        expect(live.code, live.stderr).toBe(0);
        expect(receiver.deliveries()).toBe(allCases.length);
      }
    } finally {
      await receiver.close();
    }
  });

  test('an unreachable receiver: exit 2 after 5 deliveries, with the report of the run so far', async () => {
    const output = join(dir, 'unreachable.json');
    const run = await runCli(['webhooks', '--url', 'http://127.0.0.1:9/hook', '--report', 'json', '--output', output], {
      NOX_API_KEY: KEY,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no complete response from http:\/\/127\.0\.0\.1:9 to 5 deliveries in a row/);
    const report = JSON.parse(readFileSync(output, 'utf8')) as WebhookReport;
    expect(report.ok).toBe(false);
    expect(report.stopped).toMatch(/ECONNREFUSED/);
    expect(report.cases.filter((c) => c.status === 'failed')).toHaveLength(5);
    expect(report.cases.filter((c) => c.status === 'skipped')).toHaveLength(allCases.length - 5);
  });

  test('a receiver that never answers: each delivery is cut off at --timeout, the run stops after 5 (exit 2)', async () => {
    const receiver = await startReceiver('correct', KEY, { hang: true });
    try {
      const run = await runCli(['webhooks', '--url', receiver.url, '--timeout', '200'], { NOX_API_KEY: KEY });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('did not complete within 200 ms');
      expect(receiver.deliveries()).toBe(5);
      expect(run.stdout).toMatch(/RUN STOPPED: no complete response/);
      expect(run.stdout).toContain(`cases: 0 passed, 5 failed, ${allCases.length - 5} skipped`);
    } finally {
      await receiver.close();
    }
  });

  test('usage errors: the reason, the key never repeated; exit 2 from the binary', async () => {
    for (const [args, reason] of [
      [['--api-key', KEY], '--url is required'],
      [['--url', 'http://127.0.0.1:1/'], '--api-key (or NOX_API_KEY) is required'],
      [['--url', 'http://127.0.0.1:1/', '--api-key', 'short'], '--api-key is too short'],
      [['--url', 'http://127.0.0.1:1/', '--api-key', KEY, '--report', 'xml'], '--report must be'],
      [['--url', 'http://127.0.0.1:1/', '--api-key', KEY, '--timeout', '0'], '--timeout must be'],
      [['--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      expect(() => parseWebhooksArgs([...args], {}), args.join(' ')).toThrow(reason);
      try {
        parseWebhooksArgs([...args], {});
      } catch (error) {
        expectNoKey((error as Error).message);
      }
    }
    expect(() => checkReceiverUrl('ftp://127.0.0.1/', false, [KEY])).toThrow('must be http or https');
    expect(checkReceiverUrl('http://[::1]:8080/hook', false, [KEY])).toBe('http://[::1]:8080/hook');
    expect(checkReceiverUrl('https://hooks.example.com/nox', true, [KEY])).toBe('https://hooks.example.com/nox');

    for (const args of [['--url', 'http://127.0.0.1:1/', '--api-key', 'short'], ['--bogus']]) {
      const run = await runCli(['webhooks', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: nox-contract-tests webhooks');
    }
    const help = await runCli(['webhooks', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: nox-contract-tests webhooks');
    const main = await runCli(['--help']);
    expect(main.stdout).toContain('nox-contract-tests webhooks --help');
  });
});

describe('runWebhookSuite: everything comes from the spec', () => {
  /** The bundled spec with another recipe: other header names, prefix, encoding, signed content and window. */
  function otherRecipeSpec(): OpenApiDocument {
    const other = structuredClone(doc) as OpenApiDocument & Record<string, unknown>;
    const names: Record<string, string> = {
      [String(recipe?.idHeader)]: 'Nox-Delivery',
      [String(recipe?.timestampHeader)]: 'Nox-Signed-At',
      [String(recipe?.signatureHeader)]: 'Nox-Signature',
    };
    other['x-nox-webhook-signature'] = {
      algorithm: 'HMAC-SHA256',
      key: 'api-key',
      signedContent: '{id}.{timestamp}.{body}',
      signatureHeader: 'Nox-Signature',
      prefix: 'v1,',
      encoding: 'base64',
      timestampHeader: 'Nox-Signed-At',
      idHeader: 'Nox-Delivery',
      toleranceSeconds: 120,
    };
    for (const item of Object.values(other.webhooks as Record<string, { post: { parameters: { name: string }[] } }>)) {
      for (const parameter of item.post.parameters) {
        parameter.name = names[parameter.name] ?? parameter.name;
      }
    }
    return other;
  }

  test('another recipe: its headers, prefix, encoding and window are what is sent and forged', async () => {
    const spec = otherRecipeSpec();
    const correct = await startReceiver('correct', KEY, { spec });
    const lax = await startReceiver('no-timestamp-check', KEY, { spec });
    try {
      const report = await runWebhookSuite({ url: correct.url, apiKey: KEY, spec });
      expect(report.cases.filter((c) => c.status !== 'passed')).toEqual([]);
      expect(report.cases.map((c) => c.id).filter((id) => id.startsWith('missing-header:'))).toEqual([
        'missing-header:Nox-Delivery',
        'missing-header:Nox-Signed-At',
        'missing-header:Nox-Signature',
      ]);
      const first = report.cases[0]?.request?.headers ?? {};
      expect(first['Nox-Signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
      expect(Object.keys(first)).not.toContain(recipe?.signatureHeader);
      const old = report.cases.find((c) => c.id === 'timestamp-too-old');
      expect(Number(first['Nox-Signed-At']) - Number(old?.request?.headers['Nox-Signed-At'])).toBeGreaterThanOrEqual(
        180,
      );
      expect(report.cases.find((c) => c.id === 'missing-prefix')?.request?.headers['Nox-Signature']).not.toMatch(
        /^v1,/,
      );

      const laxReport = await runWebhookSuite({ url: lax.url, apiKey: KEY, spec });
      expect(failing(laxReport)).toEqual(['timestamp-too-new', 'timestamp-too-old']);
    } finally {
      await correct.close();
      await lax.close();
    }
  });

  test('a spec without a recipe or without webhooks is refused before anything is sent', async () => {
    const receiver = await startReceiver('accepts-unsigned', KEY);
    try {
      const noRecipe = structuredClone(doc) as OpenApiDocument & Record<string, unknown>;
      delete noRecipe['x-nox-webhook-signature'];
      await expect(runWebhookSuite({ url: receiver.url, apiKey: KEY, spec: noRecipe })).rejects.toThrow(
        /no x-nox-webhook-signature/,
      );
      const noWebhooks = structuredClone(doc) as OpenApiDocument & Record<string, unknown>;
      delete noWebhooks.webhooks;
      await expect(runWebhookSuite({ url: receiver.url, apiKey: KEY, spec: noWebhooks })).rejects.toThrow(
        /no webhooks/,
      );
      await expect(runWebhookSuite({ url: receiver.url, apiKey: 'short' })).rejects.toThrow(/apiKey is too short/);
      expect(receiver.deliveries()).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});
