// Webhook test vectors, run by webhooks.test.ts in Node and by browser.test.ts in Chromium (bundled with the
// built webhooks entry): each case is a delivery and the outcome it must have.
import type * as Webhooks from '../src/webhooks.js';

type Lib = Pick<typeof Webhooks, 'signWebhook' | 'verifyWebhook' | 'NoxWebhookError' | 'webhookEventTypes'>;

export const VECTOR_KEY = 'sk_live_WEBHOOK_KEY_0123456789';
/** The receiver's clock in the vectors (ms), and the signing time of a fresh delivery (s). */
export const NOW_MS = 1_773_765_041_000;
const NOW_S = NOW_MS / 1000;

export const sampleEvent = {
  type: 'device.steerable_status.being_steered.updated',
  timestamp: '2026-03-17T16:30:41Z',
  id: 'evt_b56ebdfe5ece4e16930c63b5',
  data: { value: true, previous_value: false },
  metadata: {
    device_id: '749f2d79-7ba3-4c2d-8339-eee4d8ba0bef',
    user_id: '45bc7bf6-576f-43cf-a0bc-8106ae93b59b',
    external_user_id: '49db88ac-08b7-424b-9392-41cba24f3d1c',
    brand: 'Fictivia Appliances',
    energy_supplier: 'Acme Power Company',
  },
} satisfies Webhooks.WebhookEventOf<'device.steerable_status.being_steered.updated'>;

export interface VectorResult {
  name: string;
  /** `ok`, or the NoxWebhookError's reason, or `other: <name>` for anything else thrown. */
  outcome: string;
  expected: string;
  /** Whether the error's message or serialised form holds the key. */
  leaksKey: boolean;
}

export async function runWebhookVectors(lib: Lib): Promise<VectorResult[]> {
  const { signWebhook, verifyWebhook, NoxWebhookError } = lib;
  const fresh = await signWebhook(sampleEvent, VECTOR_KEY, { timestamp: NOW_S });
  const [signatureName, timestampName, idName] = Object.keys(fresh.headers).filter((h) => h !== 'content-type') as [
    string,
    string,
    string,
  ];
  const signatureValue = fresh.headers[signatureName] as string;
  const [prefix] = signatureValue.split(/(?<==)/) as [string];
  const without = (name: string) => Object.fromEntries(Object.entries(fresh.headers).filter(([key]) => key !== name));
  const at = async (seconds: number, event: object = sampleEvent) =>
    signWebhook(event as typeof sampleEvent, VECTOR_KEY, { timestamp: seconds });
  const old = await at(NOW_S - 360);
  const ahead = await at(NOW_S + 360);
  const fourMinutes = await at(NOW_S - 240);
  const unknownType = await at(NOW_S, { ...sampleEvent, type: 'device.something_new.updated' });
  // Correctly signed bodies that are not events: a JSON array, and an event without a string type.
  const notAnEvent = await signWebhook([1, 2] as never, VECTOR_KEY, { timestamp: NOW_S, id: 'evt_x' });
  const noType = await at(NOW_S, { ...sampleEvent, type: 42 });
  const upper = Object.fromEntries(Object.entries(fresh.headers).map(([key, value]) => [key.toUpperCase(), value]));
  const lower = Object.fromEntries(Object.entries(fresh.headers).map(([key, value]) => [key.toLowerCase(), value]));

  type Case = [name: string, expected: string, run: () => Promise<unknown>];
  const verify =
    (body: unknown, headers: unknown, key = VECTOR_KEY, options: object = {}) =>
    () =>
      verifyWebhook(body as string, headers as Headers, key, { now: NOW_MS, ...options });
  const cases: Case[] = [
    ['valid, string body, plain record', 'ok', verify(fresh.body, fresh.headers)],
    ['valid, Uint8Array body', 'ok', verify(new TextEncoder().encode(fresh.body), fresh.headers)],
    ['valid, ArrayBuffer body', 'ok', verify(new TextEncoder().encode(fresh.body).buffer, fresh.headers)],
    ['valid, Headers object', 'ok', verify(fresh.body, new Headers(fresh.headers))],
    ['valid, lower-case header names (Node IncomingHttpHeaders)', 'ok', verify(fresh.body, lower)],
    ['valid, upper-case header names', 'ok', verify(fresh.body, upper)],
    [
      'valid, Node header arrays of one value',
      'ok',
      verify(fresh.body, { ...without(signatureName), [signatureName.toLowerCase()]: [signatureValue] }),
    ],
    ['valid, a Date as the clock', 'ok', verify(fresh.body, fresh.headers, VECTOR_KEY, { now: new Date(NOW_MS) })],
    ['valid, 4 minutes old', 'ok', verify(fourMinutes.body, fourMinutes.headers)],
    ['tampered body', 'bad_signature', verify(fresh.body.replace('"value":true', '"value":false'), fresh.headers)],
    [
      'tampered timestamp',
      'bad_signature',
      verify(fresh.body, { ...fresh.headers, [timestampName]: String(NOW_S - 1) }),
    ],
    ['wrong key', 'bad_signature', verify(fresh.body, fresh.headers, `${VECTOR_KEY}x`)],
    ['missing signature header', 'missing_header', verify(fresh.body, without(signatureName))],
    ['missing timestamp header', 'missing_header', verify(fresh.body, without(timestampName))],
    ['missing id header', 'missing_header', verify(fresh.body, without(idName))],
    ['missing headers (Headers object)', 'missing_header', verify(fresh.body, new Headers())],
    [
      'signature without its prefix',
      'bad_signature',
      verify(fresh.body, { ...fresh.headers, [signatureName]: signatureValue.slice(prefix.length) }),
    ],
    [
      'upper-case hex',
      'bad_signature',
      verify(fresh.body, {
        ...fresh.headers,
        [signatureName]: prefix + signatureValue.slice(prefix.length).toUpperCase(),
      }),
    ],
    ['empty signature', 'bad_signature', verify(fresh.body, { ...fresh.headers, [signatureName]: '' })],
    ['timestamp 6 minutes old', 'stale_timestamp', verify(old.body, old.headers)],
    ['timestamp 6 minutes ahead', 'stale_timestamp', verify(ahead.body, ahead.headers)],
    [
      '4 minutes old with a 60 s tolerance',
      'stale_timestamp',
      verify(fourMinutes.body, fourMinutes.headers, VECTOR_KEY, { toleranceSeconds: 60 }),
    ],
    [
      'body re-encoded with other whitespace',
      'bad_signature',
      verify(JSON.stringify(JSON.parse(fresh.body), null, 2), fresh.headers),
    ],
    ['body passed as a parsed object', 'malformed_body', verify(JSON.parse(fresh.body), fresh.headers)],
    [
      'timestamp not whole seconds',
      'malformed_header',
      verify(fresh.body, { ...fresh.headers, [timestampName]: `${NOW_S}.5` }),
    ],
    [
      'two different signature headers',
      'malformed_header',
      verify(fresh.body, { ...fresh.headers, [signatureName.toLowerCase()]: `${prefix}${'0'.repeat(64)}` }),
    ],
    [
      'unknown event type, strict',
      'unknown_type',
      verify(unknownType.body, unknownType.headers, VECTOR_KEY, { strict: true }),
    ],
    ['unknown event type, not strict', 'ok', verify(unknownType.body, unknownType.headers)],
    ['signed, but a JSON array', 'malformed_body', verify(notAnEvent.body, notAnEvent.headers)],
    ['signed, but type is not a string', 'malformed_body', verify(noType.body, noType.headers)],
    [
      'bytes not UTF-8, under the signature of another body',
      'bad_signature',
      verify(new Uint8Array([0xff, 0xfe]), fresh.headers),
    ],
  ];
  const results: VectorResult[] = [];
  for (const [name, expected, run] of cases) {
    try {
      const event = (await run()) as { type?: string };
      results.push({ name, expected, outcome: event?.type ? 'ok' : 'no event', leaksKey: false });
    } catch (error) {
      const e = error as Error;
      const text = `${e.message} ${e.stack ?? ''} ${JSON.stringify(e)}`;
      results.push({
        name,
        expected,
        outcome: error instanceof NoxWebhookError ? error.reason : `other: ${e.name}: ${e.message}`,
        leaksKey: text.includes(VECTOR_KEY),
      });
    }
  }
  return results;
}
