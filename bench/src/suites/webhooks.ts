// 7. Webhooks: verifications per second of `verifyWebhook` (Web Crypto) on the spec's example event, beside the
// hand-written node:crypto check of the spec's TypeScript sample (createHmac + timingSafeEqual + JSON.parse).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signWebhook, verifyWebhook, type WebhookEvent } from '@nox-energy/client/webhooks';
import { formatCount, formatRatio } from '../format.js';
import { statusOf } from '../report.js';
import { bundledSpecFile } from '../spec.js';
import { ratio } from '../stats.js';
import type { Suite, SuiteContext } from '../suite.js';
import { type ContenderResult, measureOpsPerSecond } from '../throughput.js';

/** A receiver spends at most 1 ms of CPU on a delivery's check. */
const TARGET_PER_SECOND = 1000;
const API_KEY = 'bench-webhook-key-0123456789';

type Media = { examples?: Record<string, { value?: WebhookEvent }> };

function exampleEvent(): WebhookEvent {
  const spec = JSON.parse(readFileSync(bundledSpecFile(), 'utf8'));
  const [first] = Object.values(spec.webhooks ?? {}) as { post: { requestBody: { content: Record<string, Media> } } }[];
  const media = first?.post.requestBody.content['application/json'];
  const value = Object.values(media?.examples ?? {})[0]?.value;
  if (!value) {
    throw new Error('the bundled spec has no webhook example');
  }
  return value;
}

export const webhooksSuite: Suite = {
  id: 'webhooks',
  title: 'Webhook verifications per second',
  async run(context: SuiteContext) {
    const event = exampleEvent();
    const signed = await signWebhook(event, API_KEY);
    const headers = new Headers(signed.headers);
    const [signatureName, timestampName] = Object.keys(signed.headers).filter((h) => h !== 'content-type') as [
      string,
      string,
    ];
    const rawBody = Buffer.from(signed.body);
    const options = context.quick
      ? { rounds: 2, timeMs: 200, warmupMs: 200 }
      : { rounds: 7, timeMs: 400, warmupMs: 500 };
    context.log(`webhooks: ${options.rounds} interleaved rounds of ${options.timeMs} ms per verifier`);
    const results = await measureOpsPerSecond(
      [
        {
          name: 'verifyWebhook (Web Crypto, @nox-energy/client/webhooks)',
          fn: () => verifyWebhook(rawBody, headers, API_KEY),
        },
        {
          name: 'node:crypto by hand (createHmac, timingSafeEqual, JSON.parse)',
          fn: async () => {
            const timestamp = headers.get(timestampName) ?? '';
            const expected = Buffer.from(
              `sha256=${createHmac('sha256', API_KEY).update(`${timestamp}.`).update(rawBody).digest('hex')}`,
            );
            const given = Buffer.from(headers.get(signatureName) ?? '');
            if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
              throw new Error('bad signature');
            }
            return JSON.parse(rawBody.toString('utf8'));
          },
        },
      ],
      options,
    );
    const [ours, byHand] = results as [ContenderResult, ContenderResult];
    return {
      data: { rounds: options.rounds, roundMs: options.timeMs, bodyBytes: rawBody.length, results },
      tables: [
        {
          title: 'Webhook verifications per second',
          columns: ['Verifier', 'verifications/s (median)', 'time per verification', 'vs verifyWebhook'],
          rows: results.map((r) => [
            r.name,
            formatCount(r.opsPerSecond),
            `${(1e6 / r.opsPerSecond).toFixed(1)} µs`,
            r === ours ? '-' : formatRatio(ratio(r.opsPerSecond, ours.opsPerSecond)),
          ]),
          notes: [
            `The spec's first webhook example (${rawBody.length} B body), signed now with signWebhook; each call checks the signature and the timestamp and parses the event. verifyWebhook keeps the last API key's imported (non-extractable) HMAC key, so a call costs one Web Crypto verify.`,
            `${options.rounds} interleaved rounds of ${options.timeMs} ms per verifier after a warm-up, one call at a time.`,
          ],
        },
      ],
      targets: [
        {
          target: `verifyWebhook >= ${formatCount(TARGET_PER_SECOND)} verifications/s (at most 1 ms of CPU per delivery)`,
          measured: `${formatCount(ours.opsPerSecond)}/s (${formatRatio(ratio(ours.opsPerSecond, byHand.opsPerSecond))} node:crypto by hand)`,
          status: statusOf(ours.opsPerSecond >= TARGET_PER_SECOND, ours.opsPerSecond),
        },
      ],
    };
  },
};
