// The response and semantic checks on hand-made exchanges: each passes on the spec's own example and
// fails on a response broken in one way.
import { describe, expect, test } from 'vitest';
import { checkResponse, matchMediaType } from '../src/checks/response.js';
import { checkSemantics } from '../src/checks/semantics.js';
import type { Exchange } from '../src/http/transport.js';
import { type CheckName, createValidator, listOperations, loadBundledSpec } from '../src/index.js';
import { findResponse, type OperationSpec } from '../src/spec/operations.js';

const doc = loadBundledSpec();
const validator = createValidator(doc);
const ctx = { doc, validator };
const operations = listOperations(doc);

type Schema = Record<string, unknown>;
const schemas = (doc.components as { schemas: Record<string, Schema> }).schemas;
const deref = (schema: unknown): Schema => {
  const target = (schema as { $ref?: string }).$ref;
  return target ? { ...deref(schemas[target.split('/').pop() as string]), ...(schema as Schema) } : (schema as Schema);
};
const createdSchema = (op: OperationSpec) => deref(findResponse(op, 201)?.content['application/json']);
const properties = (schema: Schema) => Object.entries(schema.properties as Record<string, Schema>);

/** The operation whose 201 schema carries every semantic hint, and the response property of each hint. */
const operation = operations.find((op) =>
  ['x-nox-echo', 'x-nox-seconds-after', 'x-nox-on-create', 'x-nox-query'].every((hint) =>
    properties(createdSchema(op)).some(([, p]) => hint in p),
  ),
) as OperationSpec;
const hinted = (hint: string) => properties(createdSchema(operation)).find(([, p]) => hint in p)?.[0] as string;

/** The spec's own 201 example, and the request example it answers. */
function example(): { request: Schema; response: Schema } {
  const response = structuredClone((createdSchema(operation).examples as Schema[])[0]) as Schema;
  const echoes = properties(createdSchema(operation)).filter(([, p]) => typeof p['x-nox-echo'] === 'string');
  const request = operation.requestBody?.examples.find((candidate) =>
    echoes.every(([name, p]) => (candidate as Schema)[p['x-nox-echo'] as string] === (response[name] ?? undefined)),
  ) as Schema;
  return { request: structuredClone(request), response };
}

function exchange(status: number, body: unknown, headers: Record<string, string> = {}): Exchange {
  return {
    request: { method: 'POST', url: 'http://127.0.0.1/x', headers: {} },
    response: {
      status,
      statusText: '',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    durationMs: 1,
  };
}

function failed(outcomes: { check: CheckName; ok: boolean }[]): CheckName[] {
  return outcomes.filter((o) => !o.ok).map((o) => o.check);
}

describe('response checks', () => {
  test("the spec's own example passes", () => {
    expect(failed(checkResponse(ctx, operation, exchange(201, example().response)))).toEqual([]);
  });

  test('an undocumented status, a wrong content type, a wrong body, a badly typed header', () => {
    expect(failed(checkResponse(ctx, operation, exchange(418, {})))).toEqual(['status_code_conformance']);
    expect(failed(checkResponse(ctx, operation, exchange(503, {})))).toEqual([
      'not_a_server_error',
      'status_code_conformance',
    ]);
    expect(
      failed(checkResponse(ctx, operation, exchange(201, example().response, { 'content-type': 'text/html' }))),
    ).toEqual(['content_type_conformance']);
    expect(failed(checkResponse(ctx, operation, exchange(400, { message: 'wrong shape' })))).toEqual([
      'response_schema_conformance',
    ]);
    expect(failed(checkResponse(ctx, operation, exchange(400, '<html>')))).toEqual(['response_schema_conformance']);
    expect(
      failed(checkResponse(ctx, operation, exchange(429, { error: 'slow down' }, { 'retry-after': 'soon' }))),
    ).toEqual(['response_headers_conformance']);
    expect(
      failed(checkResponse(ctx, operation, exchange(429, { error: 'slow down' }, { 'retry-after': '3' }))),
    ).toEqual([]);
  });

  test('no response at all is a finding', () => {
    const outcomes = checkResponse(ctx, operation, {
      request: { method: 'POST', url: 'http://127.0.0.1/x', headers: {} },
      error: 'ECONNREFUSED',
      durationMs: 1,
    });
    expect(outcomes).toEqual([{ check: 'not_a_server_error', ok: false, message: 'no response: ECONNREFUSED' }]);
  });

  test('media types match by essence, ignoring parameters and case', () => {
    expect(matchMediaType(['application/json'], 'Application/JSON; charset=utf-8')).toBe('application/json');
    expect(matchMediaType(['application/*'], 'application/problem+json')).toBe('application/*');
    expect(matchMediaType(['application/json'], 'text/json')).toBeUndefined();
    expect(matchMediaType(['application/json'], 'nonsense')).toBeUndefined();
  });
});

describe('semantic checks', () => {
  const run = (request: Record<string, unknown>, response: Record<string, unknown>, status = 201) =>
    checkSemantics(ctx, operation, request, status, response);

  test("the spec's own example satisfies every hint, and each hint is checked", () => {
    const { request, response } = example();
    const outcomes = run(request, response);
    expect(failed(outcomes)).toEqual([]);
    expect(new Set(outcomes.map((o) => o.check))).toEqual(
      new Set(['echo', 'seconds_after', 'on_create', 'query_params']),
    );
  });

  test('each broken hint fails its own check', () => {
    const { request, response } = example();
    const expires = hinted('x-nox-seconds-after');
    expect(failed(run(request, { ...response, [expires]: (response[expires] as number) + 300 }))).toEqual([
      'seconds_after',
    ]);
    const completed = hinted('x-nox-on-create');
    expect(failed(run(request, { ...response, [completed]: 123 }))).toEqual(['on_create']);
    // A session read later is not a creation: the on-create rule only applies to a 201.
    expect(run(request, { ...response, [completed]: 123 }, 200).some((o) => o.check === 'on_create')).toBe(false);
    const url = hinted('x-nox-query');
    const link = new URL(String(response[url]));
    const query = (createdSchema(operation).properties as Record<string, Schema>)[url]?.['x-nox-query'] as Schema;
    for (const param of Object.keys(query)) {
      const changed = new URL(link);
      changed.searchParams.set(param, 'other');
      expect(failed(run(request, { ...response, [url]: changed.toString() }))).toEqual(['query_params']);
    }
    expect(failed(run(request, { ...response, [url]: 'not a url' }))).toEqual(['query_params']);
  });

  test('an echoed field equals what was sent, the default when left out, else null', () => {
    const { request, response } = example();
    const echoes = properties(createdSchema(operation)).filter(([, p]) => typeof p['x-nox-echo'] === 'string');
    expect(echoes.length).toBeGreaterThan(0);
    for (const [name, property] of echoes) {
      const field = property['x-nox-echo'] as string;
      // Sent: must come back unchanged.
      if (typeof request[field] === 'string') {
        // (A field that also appears in a URL's query fails query_params as well.)
        expect(failed(run(request, { ...response, [name]: `${request[field]}-changed` }))).toContain('echo');
      }
      // Left out: the default of the request schema, else null.
      const { [field]: _left, ...without } = request;
      const requestProperty = Object.values(schemas)
        .flatMap((schema) => Object.entries((schema.properties as Record<string, Schema>) ?? {}))
        .find(([key, p]) => key === field && 'default' in deref(p))?.[1];
      const expected = requestProperty ? deref(requestProperty).default : null;
      expect(failed(run(without, { ...response, [name]: expected })).includes('echo')).toBe(false);
      expect(failed(run(without, { ...response, [name]: expected === null ? 'not-null' : null }))).toContain('echo');
    }
  });
});
