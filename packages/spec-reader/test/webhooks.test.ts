import { describe, expect, it } from 'vitest';
import { fixtureSpec } from '../src/fixtures.js';
import { readSpec, readWebhookSignature, readWebhooks } from '../src/index.js';
import { changedFixture, type Editable } from './helpers.js';

const EVENT = 'device.steerable_status.being_steered.updated';

describe('webhooks', () => {
  it('reads each event type with its schema, headers, responses and example', () => {
    const [webhook, ...rest] = readWebhooks(fixtureSpec());
    expect(rest).toEqual([]);
    expect(webhook).toMatchObject({
      eventType: EVENT,
      operationId: 'onBeingSteeredUpdated',
      mediaType: 'application/json',
      schema: { $ref: '#/components/schemas/BeingSteeredUpdatedEvent' },
      deprecated: false,
      inferred: undefined,
    });
    expect(webhook?.headers.map((h) => [h.name, h.required])).toEqual([
      ['X-Webhook-Id', true],
      ['X-Webhook-Timestamp', true],
      ['X-Webhook-Signature', true],
    ]);
    expect(webhook?.responses.map((r) => r.status)).toEqual(['2XX', '4XX', '5XX']);
    expect(webhook?.examples[0]).toMatchObject({ type: EVENT, data: { value: true, previous_value: false } });
  });

  it('reads an inferred event type, and a spec without webhooks', () => {
    const inferred = changedFixture((spec) => {
      spec.webhooks[EVENT].post['x-nox-inferred'] = 'Implied by the device fields.';
    });
    expect(readWebhooks(inferred)[0]?.inferred).toBe('Implied by the device fields.');
    expect(
      readWebhooks(
        changedFixture((spec) => {
          delete spec.webhooks;
        }),
      ),
    ).toEqual([]);
  });

  it('refuses an event schema whose type const is not its event type', () => {
    const mismatch = changedFixture((spec) => {
      spec.components.schemas.BeingSteeredUpdatedEvent.properties.type.const = 'device.other.updated';
    });
    expect(() => readWebhooks(mismatch)).toThrow(
      `webhooks.${EVENT}.post.requestBody: the event schema's "type" property must be a const of "${EVENT}", found "device.other.updated"`,
    );
    const noBody = changedFixture((spec) => {
      delete spec.webhooks[EVENT].post.requestBody;
    });
    expect(() => readWebhooks(noBody)).toThrow(`webhooks.${EVENT}.post.requestBody: needs an application/json schema`);
  });
});

describe('x-nox-webhook-signature', () => {
  it('reads the recipe', () => {
    expect(readWebhookSignature(fixtureSpec())).toEqual({
      inferred: "NOX's guide stops before the exact signed string; this is the recipe a careful provider uses.",
      algorithm: 'HMAC-SHA256',
      key: 'api-key',
      signedContent: '{timestamp}.{body}',
      signatureHeader: 'X-Webhook-Signature',
      prefix: 'sha256=',
      encoding: 'hex',
      timestampHeader: 'X-Webhook-Timestamp',
      idHeader: 'X-Webhook-Id',
      toleranceSeconds: 300,
    });
    expect(
      readWebhookSignature(
        changedFixture((spec) => {
          delete spec['x-nox-webhook-signature'];
        }),
      ),
    ).toBeUndefined();
  });

  const recipe = (spec: Editable) => spec['x-nox-webhook-signature'];
  const wrong: Array<[string, (spec: Editable) => void, string]> = [
    ['an unknown algorithm', (s) => (recipe(s).algorithm = 'HMAC-SHA1'), 'algorithm: must be "HMAC-SHA256"'],
    ['an unknown key', (s) => (recipe(s).key = 'secret'), 'key: must be "api-key"'],
    ['an unknown encoding', (s) => (recipe(s).encoding = 'HEX'), 'encoding: must be "hex" or "base64"'],
    ['a body left unsigned', (s) => (recipe(s).signedContent = '{timestamp}'), 'signedContent: must contain {body}'],
    [
      'an unknown placeholder',
      (s) => (recipe(s).signedContent = '{ts}.{body}'),
      'signedContent: {ts} is not a placeholder',
    ],
    [
      'a header that is no header name',
      (s) => (recipe(s).signatureHeader = 'X Webhook'),
      'signatureHeader: "X Webhook" is not an HTTP header name',
    ],
    ['a missing header', (s) => delete recipe(s).timestampHeader, 'timestampHeader: is required (a non-empty string)'],
    [
      'a tolerance that is not a whole number',
      (s) => (recipe(s).toleranceSeconds = 0.5),
      'toleranceSeconds: must be a positive whole number of seconds',
    ],
    ['an unknown field', (s) => (recipe(s).secret = 'x'), 'secret: is not a field of the recipe'],
    [
      'an empty inferred sentence',
      (s) => (recipe(s).inferred = ''),
      'inferred: must be a sentence saying why the recipe is inferred',
    ],
  ];
  it.each(wrong)('names the field when the recipe is wrong: %s', (_, edit, message) => {
    expect(() => readWebhookSignature(changedFixture(edit))).toThrow(`x-nox-webhook-signature.${message}`);
  });
});

describe('readSpec', () => {
  it('reads every part at once', () => {
    const model = readSpec(fixtureSpec());
    expect(Object.keys(model.servers.byApi)).toEqual(['authenticator', 'package', 'authenticator-v1']);
    expect(model.operations).toHaveLength(4);
    expect(model.webhooks).toHaveLength(1);
    expect(model.webhookSignature?.toleranceSeconds).toBe(300);
  });
});
