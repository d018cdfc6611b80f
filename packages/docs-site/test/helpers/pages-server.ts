// Serves a folder the way GitHub Pages serves a project site: under a base path (`/<repo>/`), a folder's
// index.html for a path ending in `/`, and the site's 404.html with status 404 for anything missing.
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startPagesServer(root: string, basePath: string) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file: string | undefined;
    if (path.startsWith(basePath)) {
      const rest = path.slice(basePath.length);
      const candidate = resolve(join(base, rest.endsWith('/') || rest === '' ? `${rest}index.html` : rest));
      if (candidate.startsWith(base + sep) && (await stat(candidate).catch(() => undefined))?.isFile()) {
        file = candidate;
      }
    }
    if (!file) {
      response.writeHead(404, { 'content-type': types['.html'] as string });
      response.end(await readFile(join(base, '404.html')));
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(await readFile(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
