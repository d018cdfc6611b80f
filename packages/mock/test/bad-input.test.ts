import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  errorMessage,
  isErrorResponse,
  post,
  rawRequest,
  reply,
  SUPPLIER_KEY,
  SUPPLIER_PATH,
  startTestMock,
  supplierBody,
} from './helpers.js';

const mock = await startTestMock();
const apiPath = new URL(mock.baseUrls.authenticator as string).pathname + SUPPLIER_PATH;

function rawSocket(payload: string): Promise<string> {
  const { port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(payload));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('bad input', () => {
  it('answers 415 to a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data']) {
      const result = await post(mock, SUPPLIER_PATH, supplierBody(), {
        key: SUPPLIER_KEY,
        headers: { 'content-type': type },
      });
      expect(result.status, type).toBe(415);
      expect(errorMessage(result)).toBe('content-type: must be application/json');
    }
    const missing = await rawRequest(mock.url, {
      method: 'POST',
      path: apiPath,
      headers: { 'x-api-key': SUPPLIER_KEY },
      body: JSON.stringify(supplierBody()),
    });
    expect(missing.status).toBe(415);
  });

  it('accepts JSON with parameters and any case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const result = await post(mock, SUPPLIER_PATH, supplierBody(), {
        key: SUPPLIER_KEY,
        headers: { 'content-type': type },
      });
      expect(result.status, type).toBe(201);
    }
  });

  it('answers 400 to malformed or empty JSON', async () => {
    for (const body of ['{', '{"user_id": }', "{'a': 1}", '\u0000', '']) {
      const result = await post(mock, SUPPLIER_PATH, body, { key: SUPPLIER_KEY });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(errorMessage(result)).toMatch(/^body: /);
    }
  });

  it('answers 413 to a body over 64 KiB, declared or streamed, and keeps serving', async () => {
    const big = JSON.stringify(supplierBody({ padding: 'x'.repeat(70 * 1024) }));
    const declared = await post(mock, SUPPLIER_PATH, big, { key: SUPPLIER_KEY });
    expect(declared.status).toBe(413);
    expect(errorMessage(declared)).toBe('body: must not exceed 65536 bytes');

    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) {
          controller.enqueue(new TextEncoder().encode('x'.repeat(8 * 1024)));
        }
        controller.close();
      },
    });
    const streamed = await reply(
      await fetch(`${mock.baseUrls.authenticator}${SUPPLIER_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': SUPPLIER_KEY },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
    expect(isErrorResponse(streamed.json)).toBe(true);

    // Just under the limit is read and judged on its content.
    const underLimit = JSON.stringify(supplierBody({ padding: 'x'.repeat(60 * 1024) }));
    expect((await post(mock, SUPPLIER_PATH, underLimit, { key: SUPPLIER_KEY })).status).toBe(201);
  });

  it('answers 404 to an unknown path', async () => {
    for (const path of ['/v2', '/v1/supplier/link-sessions', `${apiPath}/`, `${apiPath}x`, '/supplier/link-sessions']) {
      const result = await reply(await fetch(mock.url + path, { method: 'POST' }));
      expect(result.status, path).toBe(404);
      expect(isErrorResponse(result.json)).toBe(true);
    }
  });

  it('answers 405 with Allow to a method the path does not have', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
      const result = await rawRequest(mock.url, { method, path: apiPath });
      expect(result.status, method).toBe(405);
      expect(result.headers.allow).toBe('POST');
      if (method !== 'HEAD') {
        expect(isErrorResponse(JSON.parse(result.text))).toBe(true);
      }
    }
    const ui = await rawRequest(mock.url, { method: 'POST', path: '/ui' });
    expect(ui.status).toBe(405);
    expect(ui.headers.allow).toBe('GET');
  });

  it('ignores a query string on an API path', async () => {
    const result = await reply(
      await fetch(`${mock.baseUrls.authenticator}${SUPPLIER_PATH}?debug=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': SUPPLIER_KEY },
        body: JSON.stringify(supplierBody()),
      }),
    );
    expect(result.status).toBe(201);
  });

  it('answers a request Node cannot parse with 400 and the error body', async () => {
    const answer = await rawSocket('NOT A REQUEST\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/);
    const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
    expect(isErrorResponse(JSON.parse(body))).toBe(true);

    const huge = await rawSocket(`GET / HTTP/1.1\r\nHost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('never mixes the 400 for bytes that are not HTTP into a response under way', async () => {
    const statusLines = (text: string) => text.match(/HTTP\/1\.1 \d{3} /g) ?? [];
    // A response written at once (405: the path takes POST) is finished when the bytes after it fail to parse: the
    // 400 follows it, whole.
    const flushed = await rawSocket(`GET ${apiPath} HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP\r\n\r\n`);
    expect(statusLines(flushed)).toEqual(['HTTP/1.1 405 ', 'HTTP/1.1 400 ']);
    expect(flushed.slice(flushed.lastIndexOf('\r\n\r\n') + 4)).toMatch(/^\{"error":"Malformed HTTP request/);
    // A create answers after its body is read, so its response is under way when the bytes after the body fail to
    // parse: the connection is closed without a 400 written into it.
    const body = JSON.stringify(supplierBody());
    const underWay = await rawSocket(
      `POST ${apiPath} HTTP/1.1\r\nHost: x\r\nx-api-key: ${SUPPLIER_KEY}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}NOT HTTP\r\n\r\n`,
    );
    expect(statusLines(underWay)).not.toContain('HTTP/1.1 400 ');
    expect(statusLines(underWay).length).toBeLessThanOrEqual(1);
  });

  it('proves the error-body check can fail', () => {
    expect(isErrorResponse({ message: 'x' })).toBe(false);
    expect(isErrorResponse({ error: 1 })).toBe(false);
  });
});
