import type { IncomingMessage, ServerResponse } from 'node:http';
import { newRequestId } from '../ids.js';

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. A larger body is refused as soon as its `content-length` or the bytes
 * received pass the limit: the rest is not buffered.
 */
export function readBody(req: IncomingMessage, limit: number, done: (result: BodyResult) => void): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    done({ ok: false, reason: 'too-large' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (result: BodyResult) => {
    if (!finished) {
      finished = true;
      done(result);
    }
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) {
      return;
    }
    size += chunk.length;
    if (size > limit) {
      req.pause();
      finish({ ok: false, reason: 'too-large' });
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () =>
    finish({ ok: true, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) }),
  );
  // A client that goes away mid-body: nothing to answer.
  req.on('error', () => finish({ ok: false, reason: 'aborted' }));
}

/** `readBody` as a promise. */
export function readBodyAsync(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => readBody(req, limit, resolve));
}

// Every response carries its own `x-request-id`. Headers go to `res.writeHead` as one flat array, and nothing is set
// with `res.setHeader` before: Node then writes them in one pass instead of first copying them into its header map
// (measurably cheaper per request). So every response of the mock is written by `send` or `writeHead` below.

/** Writes the status and headers (`[name, value, ...]`, then the `extra` ones), with a new request id first. */
export function writeHead(
  res: ServerResponse,
  status: number,
  fields: ReadonlyArray<string | number>,
  extra: Readonly<Record<string, string | number>> = {},
): void {
  res.writeHead(status, ['x-request-id', newRequestId(), ...fields, ...Object.entries(extra).flat()]);
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers?: Readonly<Record<string, string | number>>,
): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  // The same headers as `writeHead` writes, built in place: this is the path of every API response.
  const fields: Array<string | number> = [
    'x-request-id',
    newRequestId(),
    'content-type',
    contentType,
    'content-length',
    Buffer.byteLength(body),
    'cache-control',
    'no-store',
  ];
  if (headers !== undefined) {
    for (const name in headers) {
      fields.push(name, headers[name] as string | number);
    }
  }
  res.writeHead(status, fields);
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers?: Readonly<Record<string, string | number>>,
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** The media type of a `content-type` header, lower case, without parameters. */
export function mediaType(header: string | undefined): string {
  if (!header) {
    return '';
  }
  const end = header.indexOf(';');
  return (end === -1 ? header : header.slice(0, end)).trim().toLowerCase();
}
