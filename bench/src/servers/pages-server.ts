// A loopback server that pages through 10,000 heat pumps as the spec's `x-nox-pagination` of GET /v1/devices
// describes (items at `data`, the next token at `meta.next_token`). Every page is serialised once at start, so
// the server's cost per page is the same for every client under test. Run as a child process by the bench.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readPagesFixture } from '../spec.js';

const fixture = readPagesFixture();
const { total, item, path } = fixture;
const items = Array.from({ length: total }, (_, i) => ({ ...item, device_id: `device-${i}` }));
const cache = new Map<string, Buffer>();

/** Sets a value at a JSON Pointer's tokens, creating the objects on the way. */
function place(node: Record<string, unknown>, keys: string[], value: unknown): void {
  let at = node;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys.at(-1) as string] = value;
}

const server = createServer((req, res) => {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== path) {
    res.writeHead(404).end();
    return;
  }
  const limit = Number(url.searchParams.get(fixture.limitParameter) ?? 1000);
  const offset = Number(url.searchParams.get(fixture.tokenParameter) ?? 0);
  const key = `${offset}:${limit}`;
  let body = cache.get(key);
  if (!body) {
    const end = Math.min(offset + limit, total);
    const page: Record<string, unknown> = {};
    place(page, fixture.items, items.slice(offset, end));
    place(page, fixture.nextToken, end < total ? String(end) : null);
    body = Buffer.from(JSON.stringify(page));
    cache.set(key, body);
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
