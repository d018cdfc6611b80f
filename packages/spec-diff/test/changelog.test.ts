// The spec diff on what the spec will hold (webhooks, path-level servers, x-tagGroups), each change filed
// under its operation, and the changelog rendered from it.
import { describe, expect, it } from 'vitest';
import { changeKind, changelogMarkdown, changelogSections, diffSpecs, type SpecChange } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: spec fixtures are free-form JSON
type Json = Record<string, any>;

const language = (values: string[]) => ({ type: 'string', enum: values });

/** Two operations and an optional webhook section. */
function spec(
  parts: { languages?: string[]; extraPath?: boolean; webhooks?: Json; doc?: Json; servers?: Json[] } = {},
) {
  const paths: Json = {
    '/sessions': {
      ...(parts.servers ? { servers: parts.servers } : {}),
      post: {
        operationId: 'createSession',
        tags: ['Sessions'],
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { language: language(parts.languages ?? ['nl', 'en']) } },
            },
          },
        },
        responses: { '201': { description: 'Created' } },
      },
    },
  };
  if (parts.extraPath) {
    paths['/devices/{id}'] = {
      get: { operationId: 'getDevice', tags: ['Devices'], responses: { '200': { description: 'ok' } } },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    servers: [{ url: 'https://api.example.test' }],
    paths,
    ...(parts.webhooks ? { webhooks: parts.webhooks } : {}),
    ...parts.doc,
  };
}

const webhook = (type: string, properties: Json = {}) => ({
  post: {
    operationId: `on_${type}`,
    tags: ['Webhooks'],
    requestBody: {
      content: {
        'application/json': { schema: { type: 'object', properties: { type: { const: type }, ...properties } } },
      },
    },
    responses: { '200': { description: 'Received' } },
  },
});

describe('spec diff: webhooks, servers and navigation', () => {
  it('files every change under its operation, with its operationId and first tag', () => {
    const changes = diffSpecs(spec(), spec({ languages: ['nl'], extraPath: true }));
    expect(changes).toEqual([
      expect.objectContaining({
        rule: 'enum-value-removed',
        level: 'breaking',
        operation: { kind: 'paths', method: 'POST', path: '/sessions', operationId: 'createSession', tag: 'Sessions' },
      }),
      expect.objectContaining({
        rule: 'operation-added',
        level: 'feature',
        operation: { kind: 'paths', method: 'GET', path: '/devices/{id}', operationId: 'getDevice', tag: 'Devices' },
      }),
    ]);
  });

  it('a removed operation is filed under the operation as the older version had it', () => {
    const [change] = diffSpecs(spec({ extraPath: true }), spec());
    expect(change).toMatchObject({ rule: 'operation-removed', operation: { operationId: 'getDevice' } });
  });

  it('reports a webhook added or removed, and a field removed from a webhook payload as breaking', () => {
    const one = { 'device.updated': webhook('device.updated', { id: { type: 'string' } }) };
    const two = { ...one, 'session.completed': webhook('session.completed') };
    expect(diffSpecs(spec({ webhooks: one }), spec({ webhooks: two }))).toEqual([
      expect.objectContaining({
        level: 'feature',
        rule: 'operation-added',
        where: 'webhook POST session.completed',
        message: 'new webhook',
        operation: expect.objectContaining({ kind: 'webhooks', path: 'session.completed' }),
      }),
    ]);
    expect(diffSpecs(spec({ webhooks: two }), spec({ webhooks: one }))).toEqual([
      expect.objectContaining({ level: 'breaking', rule: 'operation-removed', message: 'webhook removed' }),
    ]);
    expect(diffSpecs(spec(), spec({ webhooks: one }))).toEqual([
      expect.objectContaining({ rule: 'operation-added', where: 'webhook POST device.updated' }),
    ]);
    const fewer = { 'device.updated': webhook('device.updated') };
    expect(diffSpecs(spec({ webhooks: one }), spec({ webhooks: fewer }))).toEqual([
      expect.objectContaining({ level: 'breaking', rule: 'property-removed', operation: expect.anything() }),
    ]);
  });

  it('a removed path-level server is breaking; an added one a feature; none at all is no change', () => {
    const sandbox = [{ url: 'https://api.example.test' }, { url: 'https://sandbox.example.test' }];
    expect(diffSpecs(spec({ servers: sandbox }), spec())).toEqual([
      expect.objectContaining({ level: 'breaking', rule: 'server-removed', where: 'POST /sessions' }),
    ]);
    expect(diffSpecs(spec(), spec({ servers: sandbox }))).toEqual([
      expect.objectContaining({
        level: 'feature',
        rule: 'server-added',
        message: 'new server https://sandbox.example.test',
      }),
    ]);
    expect(diffSpecs(spec({ servers: sandbox }), spec({ servers: sandbox }))).toEqual([]);
  });

  it('x-tagGroups only shape the reference: a change is a documentation fix', () => {
    const groups = (names: string[]) => ({ doc: { 'x-tagGroups': [{ name: 'API', tags: names }] } });
    expect(diffSpecs(spec(groups(['Sessions'])), spec(groups(['Sessions', 'Webhooks'])))).toEqual([
      { level: 'fix', rule: 'documentation-changed', where: 'document', message: 'x-tagGroups changed' },
    ]);
    // Other extensions still carry behaviour: a feature.
    expect(diffSpecs(spec(), spec({ doc: { 'x-nox-limit': 1 } }))).toEqual([
      expect.objectContaining({ level: 'feature', rule: 'extension-changed' }),
    ]);
  });
});

describe('API changelog', () => {
  const changes = diffSpecs(
    spec(),
    spec({ languages: ['nl'], extraPath: true, doc: { info: { title: 'T2', version: '1' } } }),
  );

  it('calls each change added, changed, deprecated or removed', () => {
    expect(
      ['operation-added', 'enum-value-removed', 'deprecated', 'type-changed', 'nullable-added'].map(changeKind),
    ).toEqual(['added', 'removed', 'deprecated', 'changed', 'changed']);
  });

  it('groups the changes by operation, breaking ones marked, documentation fixes counted only', () => {
    const sections = changelogSections(changes);
    expect(sections.map((s) => s.title)).toEqual(['POST /sessions', 'GET /devices/{id}']);
    expect(sections[0]?.entries).toEqual([
      expect.objectContaining({
        kind: 'removed',
        breaking: true,
        message: 'value "en" removed',
        at: 'request body (application/json) › language',
      }),
    ]);
    expect(changelogSections(changes, { includeFixes: true }).map((s) => s.title)).toContain('The whole API');
  });

  it('renders Markdown with a link to each operation in the version that has it', () => {
    const sides: string[] = [];
    const text = changelogMarkdown(changes, {
      from: '1.0.0',
      to: '2.0.0',
      link: (op, side) => {
        sides.push(`${op.operationId}:${side}`);
        return `https://docs.example.test/${side === 'to' ? '2.0.0' : '1.0.0'}/#operation/${op.operationId}`;
      },
    });
    expect(text).toBe(
      [
        '## API changes from 1.0.0 to 2.0.0',
        '',
        '1 breaking change, 1 feature, 1 documentation fix.',
        '',
        '### [POST /sessions](https://docs.example.test/2.0.0/#operation/createSession) (`createSession`)',
        '',
        '- ⚠️ **Breaking** · Removed: value "en" removed (request body (application/json) › language)',
        '',
        '### [GET /devices/\\{id\\}](https://docs.example.test/2.0.0/#operation/getDevice) (`getDevice`)',
        '',
        '- Added: new operation',
        '',
      ].join('\n'),
    );
    const removed = diffSpecs(spec({ extraPath: true }), spec());
    changelogMarkdown(removed, {
      from: '2.0.0',
      to: '3.0.0',
      link: (op, side) => {
        sides.push(`${op.operationId}:${side}`);
        return undefined;
      },
    });
    expect(sides).toEqual(['createSession:to', 'getDevice:to', 'getDevice:from']);
  });

  it('says so when nothing changed', () => {
    expect(changelogMarkdown([] as SpecChange[], { from: 'a', to: 'b' })).toBe(
      '## API changes from a to b\n\nNo change to the API.\n',
    );
  });
});
