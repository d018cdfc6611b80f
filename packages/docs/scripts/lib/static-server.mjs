// A small static file server (node:http) for the built site: GET and HEAD of files under one folder.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** @type {Record<string, string>} */
const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The file under `root` that a request path names (`/` is `index.html`), or undefined when the path
 * is malformed or leaves `root`.
 * @param {string} root
 * @param {string} requestPath
 */
export function fileFor(root, requestPath) {
  let path;
  try {
    path = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) {
    return undefined;
  }
  const base = resolve(root);
  const file = resolve(join(base, path.endsWith('/') ? `${path}index.html` : path));
  return file.startsWith(base + sep) ? file : undefined;
}

/**
 * Serves the files under `root` on `host:port` (port 0 picks a free one).
 * @param {{ root: string, host?: string, port?: number }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startStaticServer({ root, host = '127.0.0.1', port = 8080 }) {
  const server = createServer(async (request, response) => {
    const reply = (/** @type {number} */ status, /** @type {string} */ text) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      reply(405, 'Method not allowed');
      return;
    }
    const file = fileFor(root, new URL(request.url ?? '/', 'http://localhost').pathname);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      reply(404, 'Not found');
      return;
    }
    response.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).pipe(response);
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => resolveListen(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}/`,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
