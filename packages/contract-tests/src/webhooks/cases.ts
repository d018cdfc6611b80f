// The deliveries the webhooks command sends, all derived from the spec: one correctly signed event per event
// type of its `webhooks` (from the event's example), then the forgeries a receiver must refuse.
import { randomBytes } from 'node:crypto';
import { readWebhookSignature, readWebhooks, type Webhook, type WebhookSignatureRecipe } from '@nox-energy/spec-reader';
import type { OpenApiDocument } from '../spec/document.js';

/** `acknowledge`: the receiver must answer 2xx. `reject`: it must answer 4xx (a permanent failure to NOX). */
export type Expectation = 'acknowledge' | 'reject';

export interface DeliveryPlan {
  mediaType: string;
  /** The body sent, byte for byte. */
  body: string;
  /** What was signed, when it is not what is sent (the body changed after signing). */
  signedBody?: string;
  /** The idempotency key (`idHeader`). */
  deliveryId: string;
  /** Seconds added to the sending moment for the timestamp header (the forged windows). */
  timestampOffset: number;
  /** `other-key`: a well-formed signature made with another key; `no-prefix`: the digest without the prefix. */
  signature: 'valid' | 'other-key' | 'no-prefix';
  /** A required header left out, as the spec names it. */
  omit?: string;
}

export interface WebhookCase {
  /** Stable name of the case, e.g. `signed:<event type>`, `bad-signature`, `missing-header:<name>`. */
  id: string;
  /** What is sent, in words. */
  title: string;
  eventType: string;
  expected: Expectation;
  /** Why that answer is the right one. */
  why: string;
  /** The replay: re-sends the first acknowledged signed event with its id, signed again at sending time. */
  replay?: true;
  delivery: DeliveryPlan;
}

export interface WebhookPlan {
  recipe: WebhookSignatureRecipe;
  webhooks: Webhook[];
  cases: WebhookCase[];
}

/**
 * How far outside the window the forged timestamps lie: a minute beyond the tolerance, so that a few seconds
 * of clock difference between this machine and the receiver cannot put them back inside.
 */
export const WINDOW_MARGIN_SECONDS = 60;

/** The cases, in sending order. `nonce` makes the run's delivery ids its own (a receiver may keep ids for days). */
export function planWebhookCases(doc: OpenApiDocument, nonce = randomBytes(6).toString('hex')): WebhookPlan {
  const recipe = readWebhookSignature(doc);
  if (!recipe) {
    throw new Error('The spec has no x-nox-webhook-signature: there is no recipe to sign deliveries with');
  }
  const webhooks = readWebhooks(doc).filter((webhook) => !webhook.deprecated);
  const [first] = webhooks;
  if (!first) {
    throw new Error('The spec has no webhooks: there is no event to send');
  }
  const known = new Set([recipe.idHeader, recipe.timestampHeader, recipe.signatureHeader].map((h) => h.toLowerCase()));
  for (const webhook of webhooks) {
    const unknown = webhook.headers.find((header) => header.required && !known.has(header.name.toLowerCase()));
    if (unknown) {
      throw new Error(
        `webhooks.${webhook.eventType}: required header ${unknown.name} is none of the signature recipe's headers; there is no value to send`,
      );
    }
  }
  let count = 0;
  const nextId = () => `nox-contract-tests-${nonce}-${++count}`;
  const delivery = (webhook: Webhook, changes: Partial<DeliveryPlan> = {}): DeliveryPlan => ({
    mediaType: webhook.mediaType,
    body: JSON.stringify(exampleOf(webhook)),
    deliveryId: nextId(),
    timestampOffset: 0,
    signature: 'valid',
    ...changes,
  });
  const tolerance = recipe.toleranceSeconds;
  const signedBy = `signed as the spec says (${recipe.algorithm} of "${recipe.signedContent}", keyed with the API key)`;

  const cases: WebhookCase[] = webhooks.map((webhook) => ({
    id: `signed:${webhook.eventType}`,
    title: `a ${webhook.eventType} event from the spec's example, ${signedBy}`,
    eventType: webhook.eventType,
    expected: 'acknowledge',
    why: 'a genuine delivery: NOX counts only a 2xx as delivered and retries anything else',
    delivery: delivery(webhook),
  }));

  const example = exampleOf(first);
  cases.push({
    id: 'raw-body',
    title: `a ${first.eventType} event whose body is laid out with spaces and newlines, signed over those exact bytes`,
    eventType: first.eventType,
    expected: 'acknowledge',
    why: 'the signature covers the raw body as sent; a receiver that verifies a re-serialised body rejects genuine deliveries',
    delivery: delivery(first, { body: JSON.stringify(example, null, 2) }),
  });

  const unknownType = unknownEventType(webhooks);
  cases.push({
    id: 'unknown-event-type',
    title: `a correctly signed event of a type the spec does not list (${unknownType})`,
    eventType: unknownType,
    expected: 'acknowledge',
    why: 'NOX adds event types; a receiver acknowledges what it does not handle and ignores it (a 4xx is a permanent failure, a 5xx makes NOX retry it)',
    delivery: delivery(first, {
      body: JSON.stringify(isRecord(example) ? { ...example, type: unknownType } : example),
    }),
  });

  cases.push({
    id: 'replay',
    title: `the first acknowledged event again, with the same ${recipe.idHeader}, signed again`,
    eventType: first.eventType,
    expected: 'acknowledge',
    why: `NOX retries a delivery it saw no 2xx for with the same ${recipe.idHeader}: the receiver must acknowledge it again and de-duplicate on the id (not act twice); a 2xx shows only the acknowledgement, whether it acted twice cannot be seen from outside`,
    replay: true,
    delivery: delivery(first),
  });

  const forged = (id: string, title: string, why: string, changes: Partial<DeliveryPlan>): WebhookCase => ({
    id,
    title,
    eventType: first.eventType,
    expected: 'reject',
    why,
    delivery: delivery(first, changes),
  });
  const signed = JSON.stringify(example);
  cases.push(
    forged(
      'bad-signature',
      `a well-formed ${recipe.signatureHeader} made with another key`,
      'anyone can post to a webhook URL: only the signature proves the event comes from NOX',
      { signature: 'other-key' },
    ),
    forged(
      'body-changed',
      'the body changed after signing (the event id altered)',
      'the signature must cover the body: a changed body is not what NOX sent',
      { signedBody: signed, body: JSON.stringify(withChangedId(example)) },
    ),
    forged(
      'timestamp-too-old',
      `correctly signed, ${recipe.timestampHeader} ${tolerance + WINDOW_MARGIN_SECONDS} s in the past (tolerance ${tolerance} s)`,
      'a recorded delivery replayed later must not pass: the timestamp is signed, so the window bounds replays',
      { timestampOffset: -(tolerance + WINDOW_MARGIN_SECONDS) },
    ),
    forged(
      'timestamp-too-new',
      `correctly signed, ${recipe.timestampHeader} ${tolerance + WINDOW_MARGIN_SECONDS} s in the future (tolerance ${tolerance} s)`,
      'the window holds both ways: a timestamp far ahead is not a delivery NOX just signed',
      { timestampOffset: tolerance + WINDOW_MARGIN_SECONDS },
    ),
  );
  for (const header of first.headers.filter((h) => h.required)) {
    cases.push(
      forged(
        `missing-header:${header.name}`,
        `correctly signed, without ${header.name}`,
        header.name.toLowerCase() === recipe.idHeader.toLowerCase()
          ? 'NOX always sends it; without it the delivery cannot be de-duplicated'
          : 'NOX always sends it; without it the signature cannot be verified',
        { omit: header.name },
      ),
    );
  }
  if (recipe.prefix !== '') {
    cases.push(
      forged(
        'missing-prefix',
        `${recipe.signatureHeader} without its "${recipe.prefix}" prefix (the digest alone)`,
        `the header's form is "${recipe.prefix}<digest>": a receiver that accepts anything else does not compare the whole value`,
        { signature: 'no-prefix' },
      ),
    );
  }
  return { recipe, webhooks, cases };
}

function exampleOf(webhook: Webhook): unknown {
  if (webhook.examples.length === 0) {
    throw new Error(`webhooks.${webhook.eventType}: has no example to send`);
  }
  return webhook.examples[0];
}

/** A type no receiver can know: in the namespace of the spec's first event type, listed nowhere. */
function unknownEventType(webhooks: Webhook[]): string {
  const namespace = webhooks[0]?.eventType.split('.')[0] ?? 'event';
  const taken = new Set(webhooks.map((w) => w.eventType));
  let candidate = `${namespace}.nox_contract_tests_unknown.updated`;
  while (taken.has(candidate)) {
    candidate = `${candidate}_`;
  }
  return candidate;
}

/** The example with its event id altered (or a field added when it has no string id). */
function withChangedId(example: unknown): unknown {
  if (!isRecord(example)) {
    return { event: example, changed: true };
  }
  return typeof example.id === 'string' ? { ...example, id: `${example.id}0` } : { ...example, changed: true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
