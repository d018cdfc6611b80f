// The report of a webhooks run; the text, JSON and JUnit writers all read this one structure.
import type { RecordedRequest, RecordedResponse } from '../report/model.js';

export type WebhookCaseStatus = 'passed' | 'failed' | 'skipped';

export interface WebhookCaseReport {
  /** Stable name: `signed:<event type>`, `raw-body`, `unknown-event-type`, `replay`, `bad-signature`, ... */
  id: string;
  /** What was sent, in words. */
  title: string;
  eventType: string;
  /** What the receiver should have answered. */
  expected: '2xx' | '4xx';
  /** Why that answer. */
  why: string;
  status: WebhookCaseStatus;
  /** What was wrong with the answer (failed), or why the case was not sent (skipped). */
  message?: string;
  /** What was sent: the signature shown, the API key never (it is not sent; it keys the signature). */
  request?: RecordedRequest;
  /** What the receiver answered. */
  response?: RecordedResponse;
  /** Why no complete response came. */
  error?: string;
  durationMs?: number;
}

export interface WebhookReport {
  tool: { name: string; version: string };
  spec: { title: string; version: string };
  target: { url: string; live: boolean };
  /** The recipe every delivery was signed with (the spec's `x-nox-webhook-signature`). */
  signature: {
    algorithm: string;
    signedContent: string;
    signatureHeader: string;
    prefix: string;
    encoding: string;
    timestampHeader: string;
    idHeader: string;
    toleranceSeconds: number;
    inferred?: string;
  };
  startedAt: string;
  durationMs: number;
  cases: WebhookCaseReport[];
  totals: Record<WebhookCaseStatus, number>;
  /** Set when the run stopped early because the receiver gave no complete response several times in a row. */
  stopped?: string;
  /** True when every case was sent and passed: the exit code is 0 exactly then. */
  ok: boolean;
}
