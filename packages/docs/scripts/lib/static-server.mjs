// A small static file server (node:http) for the built site: GET and HEAD of files under one folder.
// `serveFile` is the part other servers reuse (the `pnpm dev` preview adds its live-reload script with it).
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
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
  '.txt': 'text/plain; charset=utf-8',
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
 * Answers `request` with the file under `root` that its path names, with its content type (404 when there is
 * none or the path leaves `root`). A HEAD gets the headers only. `rewriteHtml`, when given, changes HTML pages
 * on the way out (the file on disk stays as it is).
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 * @param {{ root: string, cacheControl?: string, rewriteHtml?: (html: string) => string }} options
 */
export async function serveFile(request, response, { root, cacheControl = 'no-cache', rewriteHtml }) {
  const file = fileFor(root, new URL(request.url ?? '/', 'http://localhost').pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    replyText(response, 404, 'Not found');
    return;
  }
  const type = contentTypes[extname(file)] ?? 'application/octet-stream';
  const rewritten =
    rewriteHtml && type.startsWith('text/html') ? Buffer.from(rewriteHtml(await readFile(file, 'utf8'))) : undefined;
  response.writeHead(200, {
    'content-type': type,
    'content-length': rewritten ? rewritten.byteLength : info.size,
    'cache-control': cacheControl,
    'x-content-type-options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  if (rewritten) {
    response.end(rewritten);
    return;
  }
  createReadStream(file).pipe(response);
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {string} text
 */
function replyText(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
}

/**
 * Serves the files under `root` on `host:port` (port 0 picks a free one).
 * @param {{ root: string, host?: string, port?: number }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startStaticServer({ root, host = '127.0.0.1', port = 8080 }) {
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      replyText(response, 405, 'Method not allowed');
      return;
    }
    await serveFile(request, response, { root });
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
