// Turning an exchange into a finding a reader can act on: the request and response, trimmed and redacted.

import type { CheckName } from '../checks/catalog.js';
import { REDACTED, redactText } from '../http/redact.js';
import type { Exchange, HttpRequest, HttpResponse } from '../http/transport.js';
import type { Finding, RecordedRequest, RecordedResponse } from './model.js';

const MAX_BODY_CHARS = 2000;
/** Longer than any shape of a key of at most 1024 characters (each character as a 6-character `\u` escape). */
const SCAN_MARGIN_CHARS = 8 * 1024;

export interface FindingSource {
  exchange: Exchange;
  caseLabel: string;
  /** Header names that carry API keys (their values are always redacted). */
  keyHeaders: readonly string[];
  /** Key values, redacted wherever they appear (bodies too). */
  secrets: readonly string[];
  shrunk?: boolean;
}

export function toFinding(check: CheckName, message: string, source: FindingSource): Finding {
  const { exchange, secrets } = source;
  const request = recordRequest(exchange.request, source.keyHeaders, secrets);
  const finding: Finding = {
    check,
    message: redactText(message, secrets),
    case: source.caseLabel,
    request,
    curl: toCurl(request),
  };
  if (exchange.response) {
    finding.response = recordResponse(exchange.response, secrets);
  }
  if (exchange.error) {
    finding.error = redactText(exchange.error, secrets);
  }
  if (source.shrunk) {
    finding.shrunk = true;
  }
  return finding;
}

/** The response as a report shows it: redacted, the body trimmed. */
export function recordResponse(response: HttpResponse, secrets: readonly string[]): RecordedResponse {
  return {
    status: response.status,
    statusText: redactText(response.statusText, secrets),
    // Names too: a server can echo a key as a header name.
    headers: Object.fromEntries(
      Object.entries(response.headers).map(([name, value]) => [redactText(name, secrets), redactText(value, secrets)]),
    ),
    body: trimRedacted(response.body, secrets),
  };
}

/** The request as a report shows it: the values of `keyHeaders` redacted, every key redacted, the body trimmed. */
export function recordRequest(
  request: HttpRequest,
  keyHeaders: readonly string[],
  secrets: readonly string[],
): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[redactText(name, secrets)] = keyHeaders.includes(name.toLowerCase())
      ? REDACTED
      : redactText(value, secrets);
  }
  const recorded: RecordedRequest = { method: request.method, url: redactText(request.url, secrets), headers };
  if (request.body !== undefined) {
    recorded.body = trimRedacted(request.body, secrets);
  }
  return recorded;
}

/**
 * The first MAX_BODY_CHARS characters, redacted. Only a little more than that is scanned (a 4 MiB body is
 * not redacted whole for 2000 characters of it); the margin covers the longest shape of a key, so that none
 * is cut in two before it is recognised.
 */
export function trimRedacted(text: string, secrets: readonly string[]): string {
  if (text.length <= MAX_BODY_CHARS) {
    return redactText(text, secrets);
  }
  // Text cut at the window's end stays as it is, so it lies in the redacted window's last SCAN_MARGIN_CHARS;
  // should redaction shrink the window into the part shown, scan a longer one.
  for (let end = MAX_BODY_CHARS + SCAN_MARGIN_CHARS; ; end *= 2) {
    const redacted = redactText(text.slice(0, end), secrets);
    if (end >= text.length || redacted.length >= MAX_BODY_CHARS + SCAN_MARGIN_CHARS) {
      return `${redacted.slice(0, MAX_BODY_CHARS)}... (${text.length} characters)`;
    }
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function toCurl(request: RecordedRequest): string {
  const parts = ['curl', '-i', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    parts.push('--data-raw', shellQuote(request.body));
  }
  return parts.join(' ');
}
