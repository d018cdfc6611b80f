// The lower bound of the mock benchmark: a bare node:http server that reads the request body and answers every
// request with the same fixed JSON (the spec's 201 example). Run as a child process by the bench.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readCreateFixture } from '../spec.js';

const fixture = readCreateFixture();
const body = Buffer.from(fixture.responseText);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(fixture.responseStatus, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
