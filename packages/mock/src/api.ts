// The Authenticator's link sessions: the redirect URL check, the response the spec's hints describe, the session
// stored for the UI. Also the 501 of an operation without a handler, after the key check.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account, Keyring } from './accounts.js';
import { newSessionToken, stableId } from './ids.js';
import type { SessionStore } from './sessions.js';
import type { Operation, RequestBranch, RoutedOperation, UnservedOperation } from './spec/operations.js';

export interface ApiContext {
  keyring: Keyring;
  /** Sends `{ <error field>: message }` with the status. */
  fail: (res: ServerResponse, status: number, message: string, headers?: Record<string, string | number>) => void;
}

/** What opening a link session needs: the session store, the clock and the UI's URL. */
export interface SessionContext {
  store: SessionStore;
  now: () => number;
  /** The absolute URL of the UI page (known once the server listens). */
  uiUrl: () => string;
}

/** The NOX user id of an account's user: the same for the same account and user id, every time. */
export function noxUserId(role: string, accountName: string, userId: string): string {
  return stableId('nox-user', role, accountName, userId);
}

function branchOf(operation: Operation, body: Record<string, unknown>): RequestBranch {
  const tag = operation.discriminator?.tag;
  return (
    (tag ? operation.branches.find((branch) => branch.tagValue === body[tag]) : undefined) ??
    (operation.branches[0] as RequestBranch)
  );
}

/**
 * Checks the API key of a request to an operation that needs one: present, known, of one of its roles. Answers
 * 401 and returns undefined when it is not.
 */
function authenticate(
  operation: RoutedOperation,
  { keyring, fail }: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
): Account | undefined {
  const header = operation.apiKeyHeader;
  if (!header) {
    return undefined;
  }
  const roleList = [...operation.roles].join(' or ');
  const key = req.headers[header];
  if (typeof key !== 'string' || key === '') {
    fail(res, 401, `${header}: header is required (the API key of a ${roleList} account)`);
    return undefined;
  }
  const account = keyring.find(key);
  if (!account) {
    fail(res, 401, `${header}: unknown API key`);
    return undefined;
  }
  if (!operation.roles.has(account.role)) {
    fail(res, 401, `${header}: this operation needs a ${roleList} key; the key belongs to a ${account.role}`);
    return undefined;
  }
  return account;
}

/**
 * An operation of the spec the mock has no behaviour for yet. Routing and the key check apply as for any
 * operation (a client's mistake is still a 404, 405 or 401); a correct request gets 501 naming the operation.
 */
export function createUnservedHandler(operation: UnservedOperation, context: ApiContext) {
  const message = `${operation.operationId}: not implemented by the mock yet (${operation.reason})`;
  return function handleUnserved(req: IncomingMessage, res: ServerResponse): void {
    if (operation.apiKeyHeader && !authenticate(operation, context, req, res)) {
      return;
    }
    context.fail(res, 501, message);
  };
}

/**
 * Builds an operation's response for a validated body and, for an operation that creates a link session,
 * stores the session. The edge validates the response against the spec before it is sent (a response that breaks
 * it is a 500, and its session is never handed out). Shared by the Authenticator v2 operations and the deprecated
 * v1 ones that open the same sessions. Returns the refusal (status, message, headers) when the redirect URL or the
 * session cap says no.
 */
export function openLinkSession(
  operation: Operation,
  context: SessionContext,
  account: Account,
  fields: Record<string, unknown>,
): { response: Record<string, unknown> } | { fail: [number, string, Record<string, string | number>?] } {
  const redirectField = operation.callback?.redirectField;
  if (redirectField !== undefined && !account.allowsRedirect(String(fields[redirectField]))) {
    return {
      fail: [
        400,
        `${redirectField}: is not an allowed redirect URL of ${account.name} (allowed: ${account.redirectRules.map((rule) => rule.entry).join(', ')})`,
      ],
    };
  }
  const role = operation.roles.values().next().value as string;
  const branch = branchOf(operation, fields);
  const nowMs = context.now();
  const response = operation.response.build({
    body: fields,
    defaults: branch.defaults,
    account,
    nowSeconds: Math.floor(nowMs / 1000),
    newToken: newSessionToken,
    uiUrl: context.uiUrl(),
    noxUserId: (accountName, userId) => noxUserId(role, accountName, userId),
  });
  const { tokenField, expiryField } = operation.response;
  if (tokenField && expiryField && redirectField) {
    const added = context.store.add({
      token: String(response[tokenField]),
      operation,
      branch,
      account,
      response,
      redirectUrl: String(fields[redirectField]),
      expiresAtMs: Number(response[expiryField]) * 1000,
      completedAtMs: null,
    });
    if (!added.added) {
      return {
        fail: [429, 'Too many open link sessions; try again later', { 'retry-after': added.retryAfterSeconds }],
      };
    }
  }
  return { response };
}
