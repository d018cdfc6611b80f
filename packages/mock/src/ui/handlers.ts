// The mock's Authenticator UI: `GET <ui>?token=&language=` shows the connect page of an open session;
// `POST <ui>/connect` completes it and sends the browser to the redirect URL with the callback payload.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { noxUserId } from '../api.js';
import { mediaType, readBodyAsync, send, writeHead } from '../http/io.js';
import type { LinkSession, SessionStore } from '../sessions.js';
import { LANGUAGE_QUERY_PARAM, TOKEN_QUERY_PARAM } from '../spec/response-plan.js';
import type { LinkService } from '../world/link.js';
import { WorldFullError } from '../world/store.js';
import { pageLanguage } from './copy.js';
import { type ErrorKind, renderConnectPage, renderErrorPage, renderMissingTokenPage } from './pages.js';

const FORM = 'application/x-www-form-urlencoded';
const HTML = 'text/html; charset=utf-8';
// The page loads nothing from elsewhere; it may not be framed, and the token in its URL is not sent on as a referrer.
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};
const ERROR_STATUS: Record<ErrorKind, number> = { unknown: 404, expired: 410, used: 410 };

export interface UiContext {
  store: SessionStore;
  maxBodyBytes: number;
  now: () => number;
  connectPath: string;
  /** The mock's start page, which the page without a token points to. */
  homePath: string;
  fail: (res: ServerResponse, status: number, message: string, headers?: Record<string, string | number>) => void;
  /** Completing a session creates the NOX user and devices in the world. */
  link: LinkService;
}

export function sendPage(res: ServerResponse, status: number, html: string): void {
  send(res, status, HTML, html, PAGE_HEADERS);
}

function languageOf(requested: string | null, session: LinkSession | undefined): string {
  const fallback = session?.response[session.operation.response.languageField ?? ''];
  return pageLanguage(requested ?? fallback);
}

function showLookupError(res: ServerResponse, language: string, kind: ErrorKind): void {
  sendPage(res, ERROR_STATUS[kind], renderErrorPage(language, kind));
}

function connectPage(session: LinkSession, language: string, context: UiContext, invalidField?: string): string {
  return renderConnectPage({
    language,
    token: session.token,
    ownerName: session.account.name,
    choices: session.branch.choices,
    selected: session.response,
    actionPath: context.connectPath,
    ...(invalidField ? { invalidField } : {}),
  });
}

export function createUiHandlers(context: UiContext) {
  const { store } = context;

  async function showPage(_req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const token = query.get(TOKEN_QUERY_PARAM) ?? '';
    if (token === '') {
      // Opened by hand (e.g. from the printed UI URL): say what the page needs rather than "link not valid".
      sendPage(res, 200, renderMissingTokenPage(pageLanguage(query.get(LANGUAGE_QUERY_PARAM)), context.homePath));
      return;
    }
    const found = store.lookup(token);
    const session = found.state === 'unknown' ? undefined : found.session;
    const language = languageOf(query.get(LANGUAGE_QUERY_PARAM), session);
    if (found.state !== 'open') {
      showLookupError(res, language, found.state);
      return;
    }
    sendPage(res, 200, connectPage(found.session, language, context));
  }

  async function connect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mediaType(req.headers['content-type']) !== FORM) {
      context.fail(res, 415, `content-type: must be ${FORM}`);
      return;
    }
    const read = await readBodyAsync(req, context.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') {
        context.fail(res, 413, `body: must not exceed ${context.maxBodyBytes} bytes`, { connection: 'close' });
      }
      return;
    }
    const form = new URLSearchParams(read.body.toString('utf8'));
    const found = store.lookup(form.get(TOKEN_QUERY_PARAM) ?? '');
    const session = found.state === 'unknown' ? undefined : found.session;
    const language = languageOf(form.get(LANGUAGE_QUERY_PARAM), session);
    if (found.state !== 'open') {
      showLookupError(res, language, found.state);
      return;
    }

    const choices: Record<string, string> = {};
    for (const { field, values } of found.session.branch.choices) {
      const value = form.get(field) ?? '';
      if (!values.includes(value)) {
        sendPage(res, 400, connectPage(found.session, language, context, field));
        return;
      }
      choices[field] = value;
    }
    let deviceIds: string[];
    try {
      deviceIds = context.link.completeSession(found.session, choices);
    } catch (error) {
      if (error instanceof WorldFullError) {
        // The world's cap: documented in the README; the session stays open for a retry after a reset.
        context.fail(res, 429, error.message, { 'retry-after': 60 });
        return;
      }
      throw error;
    }
    redirectWithPayload(res, found.session, choices, deviceIds, context.now());
  }

  return { showPage, connect };
}

/** Completes the session and answers 303 to `redirect_url?<param>=<payload>`, keeping the URL's own query. */
function redirectWithPayload(
  res: ServerResponse,
  session: LinkSession,
  choices: Record<string, string>,
  deviceIds: string[],
  nowMs: number,
): void {
  const { operation, account, response } = session;
  const callback = operation.callback;
  const userField = operation.response.userField;
  if (!callback || !userField) {
    throw new Error(`${operation.operationId}: a session without a callback plan`);
  }
  const [role] = [...operation.roles] as [string];
  const userId = noxUserId(role, account.name, String(response[userField]));
  const payload = callback.build({
    session: response,
    choices,
    nowSeconds: Math.floor(nowMs / 1000),
    noxUserId: userId,
    deviceIds,
  });
  if (!callback.validatePayload(payload)) {
    throw new Error(`callback payload breaks the spec: ${JSON.stringify(callback.validatePayload.errors)}`);
  }
  const encoded = callback.encode(payload);
  if (!callback.validateParam(encoded)) {
    throw new Error(`callback parameter breaks the spec: ${JSON.stringify(callback.validateParam.errors)}`);
  }
  session.completedAtMs = nowMs;
  const { completionField } = operation.response;
  if (completionField) {
    session.response = { ...response, [completionField]: Math.floor(nowMs / 1000) };
  }
  const target = new URL(session.redirectUrl);
  target.searchParams.set(callback.param, encoded);
  writeHead(res, 303, ['location', target.href, 'cache-control', 'no-store', 'content-length', 0], PAGE_HEADERS);
  res.end();
}
