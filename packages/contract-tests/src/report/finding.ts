// Turning an exchange into a finding a reader can act on: the request and response, trimmed and redacted.

import type { CheckName } from '../checks/catalog.js';
import { REDACTED, redactText } from '../http/redact.js';
import type { Exchange, HttpRequest } from '../http/transport.js';
import type { Finding, RecordedRequest } from './model.js';

const MAX_BODY_CHARS = 2000;

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
    finding.response = {
      status: exchange.response.status,
      statusText: exchange.response.statusText,
      // Names too: a server can echo a key as a header name.
      headers: Object.fromEntries(
        Object.entries(exchange.response.headers).map(([name, value]) => [
          redactText(name, secrets),
          redactText(value, secrets),
        ]),
      ),
      body: trim(redactText(exchange.response.body, secrets)),
    };
  }
  if (exchange.error) {
    finding.error = redactText(exchange.error, secrets);
  }
  if (source.shrunk) {
    finding.shrunk = true;
  }
  return finding;
}

function recordRequest(
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
    recorded.body = trim(redactText(request.body, secrets));
  }
  return recorded;
}

function trim(text: string): string {
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}... (${text.length} characters)` : text;
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
