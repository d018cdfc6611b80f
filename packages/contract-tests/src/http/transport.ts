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
  /** Undefined when no response came (connection refused, reset, timeout): see `error`. */
  response?: HttpResponse;
  error?: string;
  durationMs: number;
}

export type Transport = (request: HttpRequest) => Promise<Exchange>;

const MAX_BODY_BYTES = 1024 * 1024;

/** A transport with keep-alive connections; `close()` frees its sockets. */
export function createTransport(timeoutMs: number): { send: Transport; close: () => void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 4 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 4 }),
  };
  const send: Transport = (request) =>
    new Promise((resolve) => {
      const started = performance.now();
      const done = (result: Omit<Exchange, 'request' | 'durationMs'>) =>
        resolve({ request, ...result, durationMs: performance.now() - started });
      const url = new URL(request.url);
      const protocol = url.protocol === 'https:' ? https : http;
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) {
        headers['content-length'] = Buffer.byteLength(request.body);
      }
      const req = protocol.request(url, { method: request.method, headers, agent, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) {
            chunks.push(chunk);
          }
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
      req.on('timeout', () => req.destroy(new Error(`no response within ${timeoutMs} ms`)));
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
