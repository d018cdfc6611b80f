// The lower bounds of the mock benchmark, run as a child process by the bench. BENCH_BARE=fixed (the default): a
// bare node:http server that reads the request body and answers every request with the same fixed JSON (the spec's
// 201 example). BENCH_BARE=json: what any JSON API on node:http does per request and no more: it collects the body,
// parses it, builds its answer from the spec's example with one field taken from the request, serialises it and
// sends it with a request id, without any checks.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCreateFixture } from '../spec.js';

const fixture = readCreateFixture();
const body = Buffer.from(fixture.responseText);
const example = JSON.parse(fixture.responseText) as Record<string, unknown>;
/** The example's field that echoes a request field of the same value (e.g. `language`), or the first field. */
const request = fixture.requestBody;
const echoed =
  Object.keys(example).find((field) => field in request && example[field] === request[field]) ??
  (Object.keys(example)[0] as string);

function answerFixed(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    res.writeHead(fixture.responseStatus, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
}

function answerJson(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const sent = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const text = JSON.stringify({ ...example, [echoed]: sent[echoed] });
    res.writeHead(fixture.responseStatus, [
      'x-request-id',
      randomUUID(),
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      Buffer.byteLength(text),
    ]);
    res.end(text);
  });
}

const server = createServer(process.env.BENCH_BARE === 'json' ? answerJson : answerFixed);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
