// Each rule of the spec diff, shown firing on a small spec pair and not firing where it must not.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { diffSpecs, formatReport, requiredBump, type SpecChange } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: spec fixtures are free-form JSON
type Json = Record<string, any>;

/** A one-operation spec: POST /things with a JSON request body and a 201 JSON response. */
function spec(parts: { request?: Json; response?: Json; schemas?: Json; op?: Json; doc?: Json } = {}): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'T', version: '1.0.0' },
    servers: [{ url: 'https://api.example.test/v1' }],
    paths: {
      '/things': {
        post: {
          operationId: 'createThing',
          security: [{ Key: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: parts.request ?? { type: 'object' } } },
          },
          responses: {
            '201': {
              description: 'Created',
              headers: { 'x-request-id': { schema: { type: 'string' } } },
              content: { 'application/json': { schema: parts.response ?? { type: 'object' } } },
            },
            '400': { description: 'Bad request' },
          },
          ...parts.op,
        },
      },
    },
    components: {
      securitySchemes: { Key: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: parts.schemas ?? {},
    },
    ...parts.doc,
  };
}

const obj = (properties: Json, required: string[] = []): Json => ({ type: 'object', required, properties });
const str = (extra: Json = {}): Json => ({ type: 'string', ...extra });

function levels(before: Json, after: Json): string[] {
  return diffSpecs(before, after).map((c) => `${c.level}:${c.rule}`);
}

function only(before: Json, after: Json): SpecChange {
  const changes = diffSpecs(before, after);
  expect(changes, formatReport(changes)).toHaveLength(1);
  return changes[0] as SpecChange;
}

describe('spec diff: operations', () => {
  it('a removed operation is breaking; an added one is a feature', () => {
    const withTwo = spec();
    withTwo.paths['/other'] = { get: { responses: { '200': { description: 'ok' } } } };
    expect(only(withTwo, spec())).toMatchObject({ level: 'breaking', rule: 'operation-removed', where: 'GET /other' });
    expect(only(spec(), withTwo)).toMatchObject({ level: 'feature', rule: 'operation-added' });
  });

  it('renaming a path parameter is no change of operation', () => {
    const a = spec();
    const b = spec();
    a.paths['/things/{id}'] = { get: { responses: { '200': { description: 'ok' } } } };
    b.paths['/things/{thingId}'] = { get: { responses: { '200': { description: 'ok' } } } };
    expect(levels(a, b)).not.toContain('breaking:operation-removed');
  });

  it('a changed operationId is breaking (the types package exports operations by id)', () => {
    expect(only(spec(), spec({ op: { operationId: 'makeThing' } }))).toMatchObject({
      level: 'breaking',
      rule: 'operation-id-changed',
    });
  });

  it('a removed status code is breaking, a changed one too; an added one is a feature', () => {
    const without400 = spec();
    delete without400.paths['/things'].post.responses['400'];
    expect(only(spec(), without400)).toMatchObject({ level: 'breaking', rule: 'response-status-removed' });
    expect(only(without400, spec())).toMatchObject({ level: 'feature', rule: 'response-status-added' });

    const status200 = spec();
    const responses = status200.paths['/things'].post.responses;
    responses['200'] = responses['201'];
    delete responses['201'];
    expect(levels(spec(), status200).sort()).toEqual([
      'breaking:response-status-removed',
      'feature:response-status-added',
    ]);
  });

  it('a removed response header is breaking; an added one is a feature', () => {
    const noHeader = spec();
    delete noHeader.paths['/things'].post.responses['201'].headers;
    expect(only(spec(), noHeader)).toMatchObject({ level: 'breaking', rule: 'response-header-removed' });
    expect(only(noHeader, spec())).toMatchObject({ level: 'feature', rule: 'response-header-added' });
  });

  it('a removed media type is breaking; an added one is a feature', () => {
    const withForm = spec();
    withForm.paths['/things'].post.requestBody.content['application/x-www-form-urlencoded'] = { schema: obj({}) };
    expect(only(withForm, spec())).toMatchObject({ level: 'breaking', rule: 'media-type-removed' });
    expect(only(spec(), withForm)).toMatchObject({ level: 'feature', rule: 'media-type-added' });
  });

  it('a new required parameter is breaking; a new optional one is a feature; a removed one is breaking', () => {
    const param = (required: boolean) => ({
      op: { parameters: [{ name: 'dry_run', in: 'query', required, schema: str() }] },
    });
    expect(only(spec(), spec(param(true)))).toMatchObject({ level: 'breaking', rule: 'required-parameter-added' });
    expect(only(spec(), spec(param(false)))).toMatchObject({ level: 'feature', rule: 'parameter-added' });
    expect(only(spec(param(false)), spec())).toMatchObject({ level: 'breaking', rule: 'parameter-removed' });
    expect(only(spec(param(false)), spec(param(true)))).toMatchObject({
      level: 'breaking',
      rule: 'parameter-became-required',
    });
    expect(only(spec(param(true)), spec(param(false)))).toMatchObject({
      level: 'feature',
      rule: 'parameter-became-optional',
    });
  });

  it('header parameters match case-insensitively', () => {
    const header = (name: string) => ({ op: { parameters: [{ name, in: 'header', schema: str() }] } });
    // Only the unclassified-change fallback (a fix) notices the spelling.
    expect(levels(spec(header('X-Trace')), spec(header('x-trace')))).toEqual(['fix:other-change']);
  });

  it('a newly required request body is breaking', () => {
    const optional = spec();
    optional.paths['/things'].post.requestBody.required = false;
    expect(only(optional, spec())).toMatchObject({ level: 'breaking', rule: 'request-body-became-required' });
    expect(only(spec(), optional)).toMatchObject({ level: 'feature', rule: 'request-body-became-optional' });
  });

  it('an authentication that is no longer accepted is breaking', () => {
    const other = spec({ op: { security: [{ Other: [] }] } });
    other.components.securitySchemes.Other = { type: 'http', scheme: 'bearer' };
    expect(levels(spec(), other).sort()).toEqual([
      'breaking:security-changed',
      'feature:security-changed',
      'feature:security-scheme-added',
    ]);
  });

  it('a security scheme whose header changes is breaking', () => {
    const moved = spec();
    moved.components.securitySchemes.Key.name = 'authorization';
    expect(only(spec(), moved)).toMatchObject({ level: 'breaking', rule: 'security-scheme-changed' });
  });

  it('a removed or moved server is breaking (the client defaults to it); a new one is a feature', () => {
    const moved = spec({ doc: { servers: [{ url: 'https://api.example.test/v2' }] } });
    expect(levels(spec(), moved).sort()).toEqual(['breaking:server-removed', 'feature:server-added']);
    const more = spec({
      doc: { servers: [{ url: 'https://api.example.test/v1' }, { url: 'https://sandbox.example.test/v1' }] },
    });
    expect(only(spec(), more)).toMatchObject({ level: 'feature', rule: 'server-added' });
  });
});

describe('spec diff: request and response fields', () => {
  it('a removed response field is breaking; an added one is a feature', () => {
    const before = spec({ response: obj({ id: str(), name: str() }, ['id', 'name']) });
    const after = spec({ response: obj({ id: str() }, ['id']) });
    expect(only(before, after)).toMatchObject({
      level: 'breaking',
      rule: 'property-removed',
      where: 'POST /things › response 201 (application/json) › name',
    });
    expect(only(after, before)).toMatchObject({ level: 'feature', rule: 'property-added' });
  });

  it('a new required request field is breaking; a new optional one is a feature', () => {
    const before = spec({ request: obj({ id: str() }, ['id']) });
    expect(only(before, spec({ request: obj({ id: str(), note: str() }, ['id', 'note']) }))).toMatchObject({
      level: 'breaking',
      rule: 'required-property-added',
    });
    expect(only(before, spec({ request: obj({ id: str(), note: str() }, ['id']) }))).toMatchObject({
      level: 'feature',
      rule: 'property-added',
    });
  });

  it('a new required response field is a feature, not a break', () => {
    const before = spec({ response: obj({ id: str() }, ['id']) });
    const after = spec({ response: obj({ id: str(), note: str() }, ['id', 'note']) });
    expect(only(before, after)).toMatchObject({ level: 'feature', rule: 'property-added' });
  });

  it('a removed request field is breaking (code that sets it stops compiling)', () => {
    const before = spec({ request: obj({ id: str(), note: str() }, ['id']) });
    expect(only(before, spec({ request: obj({ id: str() }, ['id']) }))).toMatchObject({
      level: 'breaking',
      rule: 'property-removed',
    });
  });

  it('an optional request field becoming required is breaking; the reverse is a feature', () => {
    const optional = spec({ request: obj({ id: str() }) });
    const required = spec({ request: obj({ id: str() }, ['id']) });
    expect(only(optional, required)).toMatchObject({ level: 'breaking', rule: 'property-became-required' });
    expect(only(required, optional)).toMatchObject({ level: 'feature', rule: 'property-became-optional' });
  });

  it('a response field that is no longer required is breaking; the reverse is a feature', () => {
    const optional = spec({ response: obj({ id: str() }) });
    const required = spec({ response: obj({ id: str() }, ['id']) });
    expect(only(required, optional)).toMatchObject({ level: 'breaking', rule: 'property-became-optional' });
    expect(only(optional, required)).toMatchObject({ level: 'feature', rule: 'property-became-required' });
  });

  it('readOnly fields do not count in a request', () => {
    const before = spec({ request: obj({ id: str(), created: str({ readOnly: true }) }) });
    expect(levels(before, spec({ request: obj({ id: str() }) }))).toEqual(['fix:other-change']);
    const response = spec({ response: obj({ id: str(), created: str({ readOnly: true }) }) });
    expect(only(response, spec({ response: obj({ id: str() }) }))).toMatchObject({ rule: 'property-removed' });
  });

  it('closing a request object to other properties is breaking', () => {
    const open = spec({ request: obj({ id: str() }) });
    const closed = spec({ request: { ...obj({ id: str() }), additionalProperties: false } });
    expect(only(open, closed)).toMatchObject({ level: 'breaking', rule: 'additional-properties-changed' });
    expect(only(closed, open)).toMatchObject({ level: 'feature', rule: 'additional-properties-changed' });
  });
});

describe('spec diff: enums and types', () => {
  it('a narrowed enum in a request is breaking; the same in a response is a feature', () => {
    expect(
      only(spec({ request: obj({ l: lang(['nl', 'en']) }) }), spec({ request: obj({ l: lang(['nl']) }) })),
    ).toMatchObject({
      level: 'breaking',
      rule: 'enum-value-removed',
      message: 'value "en" removed',
    });
    expect(
      only(spec({ response: obj({ l: lang(['nl', 'en']) }) }), spec({ response: obj({ l: lang(['nl']) }) })),
    ).toMatchObject({ level: 'feature', rule: 'enum-value-removed' });
  });

  it('a widened enum in a response is breaking; the same in a request is a feature', () => {
    expect(
      only(spec({ response: obj({ l: lang(['nl']) }) }), spec({ response: obj({ l: lang(['nl', 'fr']) }) })),
    ).toMatchObject({
      level: 'breaking',
      rule: 'enum-value-added',
      message: 'value "fr" added',
    });
    expect(
      only(spec({ request: obj({ l: lang(['nl']) }) }), spec({ request: obj({ l: lang(['nl', 'fr']) }) })),
    ).toMatchObject({
      level: 'feature',
      rule: 'enum-value-added',
    });
  });

  it('a shared component is judged where it is used: request and response apart', () => {
    const schemas = (values: string[]) => ({ Language: lang(values) });
    const ref = { $ref: '#/components/schemas/Language' };
    const before = spec({ request: obj({ l: ref }), response: obj({ l: ref }), schemas: schemas(['nl']) });
    const after = spec({ request: obj({ l: ref }), response: obj({ l: ref }), schemas: schemas(['nl', 'fr']) });
    expect(levels(before, after).sort()).toEqual(['breaking:enum-value-added', 'feature:enum-value-added']);
  });

  it('a changed type is breaking in either direction', () => {
    for (const side of ['request', 'response'] as const) {
      expect(
        only(spec({ [side]: obj({ n: { type: 'integer' } }) }), spec({ [side]: obj({ n: { type: 'string' } }) })),
      ).toMatchObject({
        level: 'breaking',
        rule: 'type-changed',
        message: 'type integer → string',
      });
    }
  });

  it('integer to number widens: a feature in a request, breaking in a response', () => {
    const int = { type: 'integer' };
    const num = { type: 'number' };
    expect(only(spec({ request: obj({ n: int }) }), spec({ request: obj({ n: num }) }))).toMatchObject({
      level: 'feature',
    });
    expect(only(spec({ response: obj({ n: int }) }), spec({ response: obj({ n: num }) }))).toMatchObject({
      level: 'breaking',
    });
  });

  it('a response field that becomes nullable is breaking; a request field that becomes nullable is a feature', () => {
    const plain = { $ref: '#/components/schemas/Id' };
    const nullable = { oneOf: [{ $ref: '#/components/schemas/Id' }, { type: 'null' }] };
    const schemas = { Id: str() };
    expect(
      only(spec({ response: obj({ id: plain }), schemas }), spec({ response: obj({ id: nullable }), schemas })),
    ).toMatchObject({
      level: 'breaking',
      rule: 'nullable-added',
    });
    expect(
      only(spec({ request: obj({ id: plain }), schemas }), spec({ request: obj({ id: nullable }), schemas })),
    ).toMatchObject({
      level: 'feature',
      rule: 'nullable-added',
    });
    expect(
      only(spec({ response: obj({ id: { type: ['string', 'null'] } }) }), spec({ response: obj({ id: str() }) })),
    ).toMatchObject({ level: 'feature', rule: 'nullable-removed' });
  });

  it('a choice removed from a request oneOf is breaking; one added to a response oneOf is breaking', () => {
    const schemas = { A: obj({ kind: { const: 'a' } }), B: obj({ kind: { const: 'b' } }) };
    const both = { oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] };
    const one = { oneOf: [{ $ref: '#/components/schemas/A' }] };
    expect(only(spec({ request: both, schemas }), spec({ request: one, schemas }))).toMatchObject({
      level: 'breaking',
      rule: 'variant-removed',
    });
    expect(only(spec({ request: one, schemas }), spec({ request: both, schemas }))).toMatchObject({ level: 'feature' });
    expect(only(spec({ response: one, schemas }), spec({ response: both, schemas }))).toMatchObject({
      level: 'breaking',
      rule: 'variant-added',
    });
  });

  it('choices of a discriminated oneOf are matched by discriminator value, and compared inside', () => {
    const variant = (kind: string, extra: Json = {}) => obj({ kind: { const: kind }, ...extra }, ['kind']);
    const body = (a: Json) => ({
      oneOf: [a, variant('b')],
      discriminator: { propertyName: 'kind' },
    });
    const before = spec({ request: body(variant('a', { size: { type: 'integer' } })) });
    const after = spec({ request: body(variant('a', { size: { type: 'integer', maximum: 10 } })) });
    expect(only(before, after)).toMatchObject({
      level: 'breaking',
      rule: 'constraint-changed',
      where: 'POST /things › request body (application/json) (kind="a") › size',
    });
  });

  it('a tighter constraint in a request is breaking, a looser one a feature; in a response the reverse', () => {
    const max = (n: number) => obj({ s: str({ maxLength: n }) });
    expect(only(spec({ request: max(64) }), spec({ request: max(32) }))).toMatchObject({
      level: 'breaking',
      rule: 'constraint-changed',
    });
    expect(only(spec({ request: max(32) }), spec({ request: max(64) }))).toMatchObject({ level: 'feature' });
    expect(only(spec({ response: max(32) }), spec({ response: max(64) }))).toMatchObject({ level: 'breaking' });
    expect(only(spec({ response: max(64) }), spec({ response: max(32) }))).toMatchObject({ level: 'feature' });
    const pattern = (p?: string) => obj({ s: str(p ? { pattern: p } : {}) });
    expect(only(spec({ request: pattern() }), spec({ request: pattern('^a') }))).toMatchObject({ level: 'breaking' });
  });

  it('a changed default of a request field is a feature', () => {
    const withDefault = (d: string) => spec({ request: obj({ l: { ...lang(['nl', 'en']), default: d } }) });
    expect(only(withDefault('nl'), withDefault('en'))).toMatchObject({ level: 'feature', rule: 'default-changed' });
  });

  it('moving an inline schema into a component is no change', () => {
    const inline = spec({ request: obj({ l: lang(['nl']) }) });
    const refd = spec({ request: obj({ l: { $ref: '#/components/schemas/L' } }), schemas: { L: lang(['nl']) } });
    expect(levels(inline, refd)).toEqual(['feature:schema-added']);
  });

  it('key order is no change', () => {
    const a = spec({ request: { type: 'object', properties: { x: str() }, required: ['x'] } });
    const b = spec({ request: { required: ['x'], properties: { x: str() }, type: 'object' } });
    expect(levels(a, b)).toEqual([]);
  });
});

describe('spec diff: callbacks, components, documentation', () => {
  /** A callback whose `data` query parameter carries a JSON payload (as the link callback does). */
  const withCallback = (payload: Json) =>
    spec({
      op: {
        callbacks: {
          done: {
            '{$request.body#/url}': {
              get: {
                parameters: [
                  {
                    name: 'data',
                    in: 'query',
                    required: true,
                    schema: { type: 'string', contentMediaType: 'application/json', contentSchema: payload },
                  },
                ],
                responses: { '200': { description: 'ok' } },
              },
            },
          },
        },
      },
    });

  it('the client receives a callback payload: a removed field breaks, an added required field does not', () => {
    const before = withCallback(obj({ id: str(), brand: str() }, ['id', 'brand']));
    expect(only(before, withCallback(obj({ id: str() }, ['id'])))).toMatchObject({
      level: 'breaking',
      rule: 'property-removed',
      where:
        'POST /things › callback done: GET {$request.body#/url} › query parameter data (decoded application/json) › brand',
    });
    const more = withCallback(obj({ id: str(), brand: str(), at: str() }, ['id', 'brand', 'at']));
    expect(only(before, more)).toMatchObject({ level: 'feature', rule: 'property-added' });
  });

  it('a value added to a callback payload enum is breaking (the client must understand it)', () => {
    const before = withCallback(obj({ brand: { enum: ['nibe'] } }));
    expect(only(before, withCallback(obj({ brand: { enum: ['nibe', 'sma'] } })))).toMatchObject({
      level: 'breaking',
      rule: 'enum-value-added',
    });
  });

  it('a removed callback is breaking', () => {
    expect(only(withCallback(obj({})), spec())).toMatchObject({ level: 'breaking', rule: 'callback-removed' });
  });

  it('a removed component schema is breaking (the types package exports it by name)', () => {
    expect(only(spec({ schemas: { Old: str() } }), spec())).toMatchObject({
      level: 'breaking',
      rule: 'schema-removed',
    });
  });

  it('a component no operation uses is compared in both directions', () => {
    const before = spec({ schemas: { Brand: lang(['a', 'b']) } });
    expect(only(before, spec({ schemas: { Brand: lang(['a', 'b', 'c']) } }))).toMatchObject({ level: 'breaking' });
    expect(only(before, spec({ schemas: { Brand: lang(['a']) } }))).toMatchObject({ level: 'breaking' });
  });

  it('a description change is a fix', () => {
    const before = spec({ response: obj({ id: str({ description: 'The id.' }) }) });
    const after = spec({ response: obj({ id: str({ description: 'The identifier.' }) }) });
    expect(only(before, after)).toMatchObject({
      level: 'fix',
      rule: 'documentation-changed',
      message: 'description changed',
    });
    expect(only(spec(), spec({ op: { summary: 'Create a thing' } }))).toMatchObject({ level: 'fix' });
    expect(only(spec(), spec({ doc: { info: { title: 'T', version: '1.0.1' } } }))).toMatchObject({ level: 'fix' });
  });

  it('a changed vendor extension (machine-read behaviour) is a feature', () => {
    const before = spec({ response: obj({ exp: { type: 'integer', 'x-seconds-after': 600 } }) });
    const after = spec({ response: obj({ exp: { type: 'integer', 'x-seconds-after': 900 } }) });
    expect(only(before, after)).toMatchObject({
      level: 'feature',
      rule: 'extension-changed',
      message: 'x-seconds-after 600 → 900',
    });
  });

  it('identical specs have no difference', () => {
    expect(diffSpecs(spec(), spec())).toEqual([]);
  });
});

describe('spec diff: bump and report', () => {
  it('asks for the bump of the highest level', () => {
    const change = (level: SpecChange['level']): SpecChange => ({ level, rule: 'r', where: 'w', message: 'm' });
    expect(requiredBump([])).toBe('none');
    expect(requiredBump([change('fix')])).toBe('patch');
    expect(requiredBump([change('fix'), change('feature')])).toBe('minor');
    expect(requiredBump([change('feature'), change('breaking')])).toBe('major');
  });

  it('lists each change once per level with every place it happens', () => {
    const schemas = { Language: lang(['nl']) };
    const ref = { $ref: '#/components/schemas/Language' };
    const before = spec({ response: obj({ a: ref, b: ref }), schemas });
    const after = spec({ response: obj({ a: ref, b: ref }), schemas: { Language: lang(['nl', 'fr']) } });
    expect(formatReport(diffSpecs(before, after))).toBe(
      [
        'BREAKING (2)',
        '  ✗ value "fr" added  [enum-value-added]',
        '      at POST /things › response 201 (application/json) › a',
        '      at POST /things › response 201 (application/json) › b',
      ].join('\n'),
    );
  });
});

describe('spec diff on the NOX spec', () => {
  const require = createRequire(import.meta.url);
  const nox: Json = JSON.parse(readFileSync(require.resolve('@nox-energy/docs/openapi.json'), 'utf8'));
  const edit = (change: (s: Json) => void) => {
    const copy = structuredClone(nox);
    change(copy);
    return diffSpecs(nox, copy);
  };

  it('finds nothing between the spec and itself', () => {
    expect(diffSpecs(nox, structuredClone(nox))).toEqual([]);
  });

  it('finds a brand removed from the heat-pump list breaking for requests only', () => {
    const changes = edit((s) => {
      s.components.schemas.HeatPumpBrand.enum = s.components.schemas.HeatPumpBrand.enum.slice(1);
    });
    const breaking = changes.filter((c) => c.level === 'breaking');
    expect(breaking.length).toBeGreaterThan(0);
    expect(breaking.every((c) => c.rule === 'enum-value-removed' && c.where.includes('request body'))).toBe(true);
  });

  it('finds a field removed from the link callback payload breaking', () => {
    const changes = edit((s) => {
      const payload = s.components.schemas.LinkCallbackPayload;
      delete payload.properties.device_ids;
      payload.required = payload.required.filter((n: string) => n !== 'device_ids');
    });
    expect(
      changes.some((c) => c.level === 'breaking' && c.rule === 'property-removed' && c.where.includes('callback')),
    ).toBe(true);
  });
});

function lang(values: string[]): Json {
  return { type: 'string', enum: values };
}
