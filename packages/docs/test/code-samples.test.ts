// Every operation carries a curl and a TypeScript sample; the curl sample, run by a real shell, sends
// exactly what the spec documents. (The TypeScript samples are type-checked against @nox-energy/client
// by that package's tests: this package must not depend on the client, which depends on it.)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiKeyVariable, curlSample, readTypeScriptSamples, withCodeSamples } from '../scripts/lib/code-samples.mjs';
import { operationsOf } from '../scripts/lib/operations.mjs';
import { type Json, pointerKey, readBundle, rootDir, schemaValidators } from './helpers/spec.js';

const spec = readBundle();
const samplesDir = join(rootDir, 'spec/code-samples/typescript');
const operations = operationsOf(spec);
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
      const call: CurlCall = { method: '', url: '', headers: [], data: undefined };
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

describe('code samples in the bundled spec', () => {
  it('has the three operations, each with a curl and a TypeScript sample', () => {
    expect(operations.map((op) => op.operationId).sort()).toEqual([
      'createManufacturerDeviceConnection',
      'createManufacturerLinkSession',
      'createSupplierLinkSession',
    ]);
    for (const op of operations) {
      expect(samplesOf(op.operation).map((s) => s.label)).toEqual(['curl', 'TypeScript']);
    }
  });

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: the TypeScript sample is the file in spec/code-samples',
    (id, op) => {
      const file = readFileSync(join(samplesDir, `${id}.ts`), 'utf8');
      expect(samplesOf(op.operation)[1]).toEqual({ lang: 'TypeScript', label: 'TypeScript', source: file });
      expect(file).toContain(`from '@nox-energy/client'`);
      expect(file).toContain(`nox.${op.method.toUpperCase()}('${op.path}'`);
    },
  );

  it.each(operations.map((op) => [op.operationId, op] as const))(
    '%s: the curl sample sends each request example, authenticated, to the documented server',
    (_id, op) => {
      const source = samplesOf(op.operation)[0]?.source ?? '';
      const calls = runCurlSample(source);
      const mediaTypes = Object.keys(op.operation.requestBody.content);
      const mediaType = mediaTypes[0] as string;
      const media = op.operation.requestBody.content[mediaType];
      const examples = Object.values(media.examples).map((example: Json) => example.value);
      const scheme = spec.components.securitySchemes[Object.keys(op.operation.security[0])[0] as string];
      const validate = validatorAt(
        `/paths/${pointerKey(op.path)}/${op.method}/requestBody/content/${pointerKey(mediaType)}/schema`,
      );

      expect(calls).toHaveLength(examples.length);
      for (const [i, call] of calls.entries()) {
        expect(call.method).toBe(op.method.toUpperCase());
        expect(call.url).toBe(spec.servers[0].url + op.path);
        expect(call.headers).toContain(`${scheme.name}: ${apiKey}`);
        expect(call.headers).toContain(`content-type: ${mediaType}`);
        const body = JSON.parse(call.data ?? 'null');
        expect(body).toEqual(examples[i]);
        expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        // The same validator rejects a body without its required fields: the check above can fail.
        expect(validate({})).toBe(false);
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
