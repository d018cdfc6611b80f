// verifyWebhook / signWebhook: the shared vectors (also run in Chromium by browser.test.ts), a property over
// single-byte changes, and the recipe read from the spec.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signature, webhookEventTypes } from '../src/generated/webhooks.js';
import * as webhooks from '../src/webhooks.js';
import { NOW_MS, runWebhookVectors, sampleEvent, VECTOR_KEY } from './webhook-vectors.js';

const { NoxWebhookError, signWebhook, verifyWebhook } = webhooks;

describe('verifyWebhook', () => {
  it('passes every vector with the expected outcome, and no error holds the key', async () => {
    const results = await runWebhookVectors(webhooks);
    expect(results.length).toBeGreaterThan(25);
    expect(results.filter((r) => r.outcome !== r.expected)).toEqual([]);
    expect(results.filter((r) => r.leaksKey)).toEqual([]);
  });

  it('returns the event typed by its type', async () => {
    const signed = await signWebhook(sampleEvent, VECTOR_KEY, { timestamp: NOW_MS / 1000 });
    const event = await verifyWebhook(signed.body, signed.headers, VECTOR_KEY, { now: NOW_MS });
    expect(event).toEqual(sampleEvent);
    expect(webhookEventTypes).toContain(event.type);
  });

  it('signWebhook sends the headers of the spec recipe', async () => {
    const signed = await signWebhook(sampleEvent, VECTOR_KEY, { timestamp: 1_773_765_041 });
    expect(Object.keys(signed.headers).sort()).toEqual(
      ['content-type', signature.signatureHeader, signature.timestampHeader, signature.idHeader].sort(),
    );
    expect(signed.headers[signature.signatureHeader]).toMatch(new RegExp(`^${signature.prefix}[0-9a-f]{64}$`));
    expect(signed.headers[signature.idHeader]).toBe(sampleEvent.id);
    expect(signed.body).toBe(JSON.stringify(sampleEvent));
  });

  it('refuses an empty key and a negative tolerance as configuration errors', async () => {
    const signed = await signWebhook(sampleEvent, VECTOR_KEY);
    await expect(verifyWebhook(signed.body, signed.headers, '')).rejects.toThrow(/apiKey is required/);
    await expect(verifyWebhook(signed.body, signed.headers, VECTOR_KEY, { toleranceSeconds: -1 })).rejects.toThrow(
      /toleranceSeconds/,
    );
    // Default clock: a delivery signed now verifies.
    await expect(verifyWebhook(signed.body, signed.headers, VECTOR_KEY)).resolves.toEqual(sampleEvent);
  });

  it('property: any single-byte change of the body or of the signature is rejected', async () => {
    const signed = await signWebhook(sampleEvent, VECTOR_KEY, { timestamp: NOW_MS / 1000 });
    const body = new TextEncoder().encode(signed.body);
    const header = signed.headers[signature.signatureHeader] as string;
    const reasonOf = async (rawBody: Uint8Array, headers: Record<string, string>) => {
      try {
        await verifyWebhook(rawBody, headers, VECTOR_KEY, { now: NOW_MS });
        return 'ok';
      } catch (error) {
        return error instanceof NoxWebhookError ? error.reason : 'other';
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length - 1), fc.integer({ min: 1, max: 255 }), async (index, flip) => {
        const changed = body.slice();
        changed[index] = (changed[index] as number) ^ flip;
        expect(await reasonOf(changed, signed.headers)).toBe('bad_signature');
      }),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(header.length - 1), fc.integer({ min: 1, max: 255 }), async (index, flip) => {
        const changed =
          header.slice(0, index) + String.fromCharCode(header.charCodeAt(index) ^ flip) + header.slice(index + 1);
        const headers = { ...signed.headers, [signature.signatureHeader]: changed };
        expect(await reasonOf(body, headers)).toBe('bad_signature');
      }),
      { numRuns: 200 },
    );
  });
});
