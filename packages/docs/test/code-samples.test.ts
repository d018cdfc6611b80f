// Every operation carries a curl and a TypeScript sample; the curl sample, run by a real shell, sends
// exactly what the spec documents. (The TypeScript samples are type-checked against @nox-energy/client
// by that package's tests: this package must not depend on the client, which depends on it.)
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiKeyVariable,
  curlSample,
  defaultWebhookUrl,
  readTypeScriptSamples,
  withCodeSamples,
} from '../scripts/lib/code-samples.mjs';
import { operationsOf, webhookOperationsOf } from '../scripts/lib/operations.mjs';
import { type Json, pointerKey, readBundle, rootDir, schemaValidators } from './helpers/spec.js';

const spec = readBundle();
const samplesDir = join(rootDir, 'spec/code-samples/typescript');
const operations = operationsOf(spec);
const webhooks = webhookOperationsOf(spec);
const validatorAt = schemaValidators(spec);
const apiKey = `test-key with 'quotes' and $dollar`;

interface CurlCall {
  method: string;
  url: string;
  headers: string[];
  data: string | undefined;
}

/** Runs a curl sample in bash with `curl` replaced by a function that reports the arguments it received. */
function runCurlSample(source: string): CurlCall[] {
  // Each argument ends with NUL and each call with the argument U+0001: any text a body may hold survives.
  const fakeCurl = `curl() { printf '%s\\0' "$@" $'\\001'; }`;
  const output = execFileSync('bash', ['-c', `set -eu\n${fakeCurl}\n${source}`], {
    env: { PATH: process.env.PATH, [apiKeyVariable]: apiKey },
    encoding: 'utf8',
    // stdin must not be a socket: Debian's bash then reads ~/.bashrc, as if started by sshd.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return output
    .split('\u0001\0')
    .slice(0, -1)
    .map((text) => {
      const args = text.split('\0').slice(0, -1);
      const call: CurlCall = { method: 'GET', url: '', headers: [], data: undefined };
      for (let i = 0; i < args.length; i++) {
        const arg = args[i] as string;
        if (arg === '--request') {
          call.method = args[++i] as string;
        } else if (arg === '--header') {
          call.headers.push(args[++i] as string);
        } else if (arg === '--data') {
          call.data = args[++i];
        } else if (arg.startsWith('-')) {
          throw new Error(`unexpected curl option ${arg}`);
        } else {
          call.url = arg;
        }
      }
      return call;
    });
}

const samplesOf = (operation: Json): { lang: string; label: string; source: string }[] =>
  operation['x-codeSamples'] ?? [];

const deref = (node: Json): Json =>
  typeof node?.$ref === 'string'
    ? deref(
        node.$ref
          .slice(2)
          .split('/')
          .reduce((n: Json, k: string) => n[k.replaceAll('~1', '/').replaceAll('~0', '~')], spec),
      )
    : node;

/** The URL the curl sample of `op` must call: its server, path parameters and required query parameters. */
function expectedUrl(op: (typeof operations)[number]): string {
  const server = (op.operation.servers ?? op.pathItem.servers ?? spec.servers)[0].url as string;
  const parameters: Json[] = [...(op.pathItem.parameters ?? []), ...(op.operation.parameters ?? [])].map(deref);
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) =>
    encodeURIComponent(String(parameters.find((p) => p.in === 'path' && p.name === name)?.example)),
  );
  const query = parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(p.example))}`);
  return server + path + (query.length ? `?${query.join('&')}` : '');
}

describe('code samples in the bundled spec', () => {
  it('has every operation and every webhook, each with a curl and a TypeScript sample', () => {
    expect(operations).toHaveLength(24);
    expect(webhooks).toHaveLength(Object.keys(spec.webhooks).length);
    expect(webhooks.length).toBeGreaterThanOrEqual(1);
    for (const op of [...operations, ...webhooks]) {
      expect(samplesOf(op.operation).map((s) => s.label)).toEqual(['curl', 'TypeScript']);
    }
  });

  it.each([...operations, ...webhooks].map((op) => [op.operationId, op] as const))(
    '%s: the TypeScript sample is the file in spec/code-samples',
    (id, op) => {
      const file = readFileSync(join(samplesDir, `${id}.ts`), 'utf8');
      expect(samplesOf(op.operation)[1]).toEqual({ lang: 'TypeScript', label: 'TypeScript', source: file });
      // The package or one of its entry points; a list may be walked with the paginator.
      expect(file).toMatch(/from '@nox-energy\/client(\/pagination|\/webhooks)?'/);
      const call = webhooks.includes(op)
        ? [`'${op.path}'`]
        : [`nox.${op.method.toUpperCase()}('${op.path}'`, `paginate(nox, '${op.path}'`];
      expect(
        call.some((text) => file.includes(text)),
        `${id} calls ${call.join(' or ')}`,
      ).toBe(true);
    },
  );

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: the curl sample sends each request example, authenticated, to the documented server',
    (_id, op) => {
      const source = samplesOf(op.operation)[0]?.source ?? '';
      const calls = runCurlSample(source);
      const scheme = spec.components.securitySchemes[Object.keys(op.operation.security[0])[0] as string];
      for (const call of calls) {
        expect(call.method).toBe(op.method.toUpperCase());
        expect(call.url).toBe(expectedUrl(op));
        expect(call.headers).toContain(`${scheme.name}: ${apiKey}`);
      }
      if (!op.operation.requestBody) {
        expect(calls).toHaveLength(1);
        expect(calls[0]?.data).toBeUndefined();
        return;
      }
      const mediaTypes = Object.keys(op.operation.requestBody.content);
      const mediaType = mediaTypes[0] as string;
      const media = op.operation.requestBody.content[mediaType];
      const examples = Object.values(media.examples).map((example: Json) => example.value);
      const validate = validatorAt(
        `/paths/${pointerKey(op.path)}/${op.method}/requestBody/content/${pointerKey(mediaType)}/schema`,
      );

      expect(calls).toHaveLength(examples.length);
      for (const [i, call] of calls.entries()) {
        expect(call.headers).toContain(`content-type: ${mediaType}`);
        const body = JSON.parse(call.data ?? 'null');
        expect(body).toEqual(examples[i]);
        expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        // The same validator rejects a body with every field of another type: the check above can fail.
        const broken = Object.fromEntries(
          Object.entries(body).map(([key, value]) => [key, typeof value === 'number' ? 'text' : 12345]),
        );
        expect(validate(broken)).toBe(false);
      }
    },
  );

  it.each(webhooks.map((op) => [op.operationId, op] as const))(
    "%s: the curl sample delivers each example, signed by the spec's recipe (openssl in the shell)",
    (_id, op) => {
      const recipe = spec['x-nox-webhook-signature'];
      const calls = runCurlSample(samplesOf(op.operation)[0]?.source ?? '');
      const examples = Object.values(op.operation.requestBody.content['application/json'].examples).map(
        (example: Json) => example.value,
      );
      const idExample = op.operation.parameters.map(deref).find((p: Json) => p.name === recipe.idHeader).example;
      expect(calls).toHaveLength(examples.length);
      for (const [i, call] of calls.entries()) {
        const header = (name: string) =>
          call.headers.find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}: `))?.slice(name.length + 2);
        const timestamp = header(recipe.timestampHeader) ?? '';
        expect(call.method).toBe('POST');
        expect(call.url).toBe(defaultWebhookUrl);
        expect(JSON.parse(call.data ?? 'null')).toEqual(examples[i]);
        expect(header(recipe.idHeader)).toBe(idExample);
        expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(recipe.toleranceSeconds);
        const signed = recipe.signedContent.replace('{timestamp}', timestamp).replace('{body}', call.data ?? '');
        const expected = createHmac('sha256', apiKey).update(signed).digest('hex');
        expect(header(recipe.signatureHeader)).toBe(`${recipe.prefix}${expected}`);
        // Another key gives another signature: the comparison above can fail.
        expect(`${recipe.prefix}${createHmac('sha256', `${apiKey}x`).update(signed).digest('hex')}`).not.toBe(
          header(recipe.signatureHeader),
        );
      }
    },
  );
});

describe('curlSample', () => {
  const op = operations.find((o) => o.operationId === 'createManufacturerDeviceConnection');

  it('quotes request bodies for the shell, whatever characters they hold', () => {
    if (!op) {
      throw new Error('operation missing');
    }
    const edited = structuredClone(spec);
    const body = { user_id: `O'Brien "$HOME" \`id\` \\ \n ünïcode` };
    edited.paths[op.path][op.method].requestBody.content['application/json'].examples = { odd: { value: body } };
    const [call] = runCurlSample(curlSample(edited, { ...op, operation: edited.paths[op.path][op.method] }).source);
    expect(JSON.parse(call?.data ?? 'null')).toEqual(body);
  });

  it('refuses an operation whose request body has no example', () => {
    if (!op) {
      throw new Error('operation missing');
    }
    const edited = structuredClone(spec);
    const operation = edited.paths[op.path][op.method];
    delete operation.requestBody.content['application/json'].examples;
    expect(() => curlSample(edited, { ...op, operation })).toThrow(
      'createManufacturerDeviceConnection: the request body has no example to build the curl sample from',
    );
  });
});

describe('withCodeSamples', () => {
  const samples = readTypeScriptSamples(samplesDir);
  const sourceSpec = structuredClone(spec);
  for (const op of operationsOf(sourceSpec)) {
    delete op.operation['x-codeSamples'];
  }

  it('adds the samples without changing the spec it was given', () => {
    const before = JSON.stringify(sourceSpec);
    expect(withCodeSamples(sourceSpec, samples)).toEqual(spec);
    expect(JSON.stringify(sourceSpec)).toBe(before);
  });

  it('names a missing sample, a sample without an operation and a sample of another operation', () => {
    const broken = new Map(samples);
    broken.delete('createManufacturerLinkSession');
    broken.set('deleteEverything', samples.get('createSupplierLinkSession') ?? '');
    broken.set('createManufacturerDeviceConnection', samples.get('createSupplierLinkSession') ?? '');
    expect(() => withCodeSamples(sourceSpec, broken)).toThrow(
      [
        'code samples (spec/code-samples):',
        '  typescript/createManufacturerLinkSession.ts is missing (the sample of createManufacturerLinkSession)',
        "  typescript/createManufacturerDeviceConnection.ts does not call .POST('/manufacturer/device-connections', ...) (the operation createManufacturerDeviceConnection)",
        '  typescript/deleteEverything.ts names no operation of the spec',
      ].join('\n'),
    );
  });
});
