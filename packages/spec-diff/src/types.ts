// The shape of one classified difference, shared by the diff, the reports and the changelog.
import type { Level } from './levels.js';

/** The operation (or webhook) a change belongs to, for grouping and for links into a reference. */
export interface ChangeOperation {
  /** `paths` for an operation, `webhooks` for a webhook. */
  kind: 'paths' | 'webhooks';
  /** Upper-case HTTP method. */
  method: string;
  /** The path, or the webhook's name. */
  path: string;
  /** The operationId: of the newer version, or of the older one when the operation was removed. */
  operationId?: string;
  /** The operation's first tag (Redoc files the operation under it). */
  tag?: string;
}

export interface SpecChange {
  level: Level;
  /** A stable id, e.g. `enum-value-removed`. */
  rule: string;
  /** E.g. `POST /supplier/link-sessions › request body (application/json) › brand`. */
  where: string;
  /** What changed, e.g. `value "nibe" removed`. */
  message: string;
  /** The operation the change is part of; absent for document-wide changes (servers, components, info). */
  operation?: ChangeOperation;
}
