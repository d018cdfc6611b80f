// Sending one request and recording exactly what went over the wire (node:http, so that a wrong
// Content-Type, a malformed body or an unusual method is sent as written).
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

export interface Exchange {
  request: HttpRequest;
  /** Undefined when no complete response came (refused, reset, past the deadline, body over the cap): see `error`. */
  response?: HttpResponse;
  error?: string;
  durationMs: number;
}

export type Transport = (request: HttpRequest) => Promise<Exchange>;

/**
 * What is read of one response body. The spec's bodies are small JSON objects (well under 10 KiB); 4 MiB
 * leaves a wide margin for a server's own additions and still bounds memory. A larger body ends the read
 * and the exchange counts as having no complete response (a finding of `not_a_server_error`).
 */
export const MAX_RESPONSE_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A transport with keep-alive connections; `close()` frees its sockets. `timeoutMs` is an overall deadline
 * per request: connecting, sending, the status and headers and the whole body must all fit in it (a server
 * that trickles its body one byte at a time is cut off at the deadline, not kept alive by each byte).
 */
export function createTransport(
  timeoutMs: number,
  maxBodyBytes = MAX_RESPONSE_BODY_BYTES,
): { send: Transport; close: () => void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }),
  };
  const send: Transport = (request) =>
    new Promise((resolve) => {
      const started = performance.now();
      let settled = false;
      let received = 'no status line';
      let deadline: NodeJS.Timeout | undefined;
      const done = (result: Omit<Exchange, 'request' | 'durationMs'>) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(deadline);
        resolve({ request, ...result, durationMs: performance.now() - started });
      };
      // Settle first, then tear the connection down: what the socket reports after that is not this request's news.
      const abandon = (error: string) => {
        done({ error });
        req.destroy();
      };
      const url = new URL(request.url);
      const protocol = url.protocol === 'https:' ? https : http;
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) {
        headers['content-length'] = Buffer.byteLength(request.body);
      }
      const req = protocol.request(url, { method: request.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        received = `status ${res.statusCode} and headers, then 0 body bytes`;
        const declared = Number(res.headers['content-length']);
        if (declared > maxBodyBytes) {
          abandon(`response body of ${declared} bytes (Content-Length) is over the ${maxBodyBytes}-byte read cap`);
          return;
        }
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          received = `status ${res.statusCode} and headers, then ${size} body bytes`;
          if (size > maxBodyBytes) {
            abandon(`response body over the ${maxBodyBytes}-byte read cap (status ${res.statusCode}); reading stopped`);
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          done({
            response: {
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: flattenHeaders(res.headers),
              body: Buffer.concat(chunks).toString('utf8'),
            },
          }),
        );
        res.on('error', (error) => done({ error: `response failed: ${error.message}` }));
      });
      deadline = setTimeout(
        () => abandon(`the response did not complete within ${timeoutMs} ms (received: ${received})`),
        timeoutMs,
      );
      req.on('error', (error) => done({ error: describeNetworkError(error) }));
      if (request.body !== undefined) {
        req.write(request.body);
      }
      req.end();
    });
  return {
    send,
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}

function describeNetworkError(error: Error & { code?: string }): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
