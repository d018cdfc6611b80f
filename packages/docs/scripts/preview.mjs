#!/usr/bin/env node
// Serves the built docs site (dist/site) on 127.0.0.1 and prints its URL.
// Usage: node scripts/preview.mjs [--port 8080]   (or PORT=8080; 0 picks a free port)
// At the repository root, `pnpm docs:preview` builds first when the spec changed, then runs this.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { watchParent } from './lib/parent-watch.mjs';
import { startStaticServer } from './lib/static-server.mjs';

const site = join(dirname(fileURLToPath(import.meta.url)), '../dist/site');
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const portText = values.port ?? (process.env.PORT || '8080');
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  console.error(`preview: --port must be a number from 0 to 65535, got "${portText}"`);
  process.exit(2);
}
if (!existsSync(join(site, 'index.html'))) {
  console.error(
    'preview: dist/site/index.html is missing; build it first with `pnpm build` (or run `pnpm docs:preview` at the root)',
  );
  process.exit(1);
}

try {
  const server = await startStaticServer({ root: site, port });
  console.log(`NOX Energy API docs: ${server.url}  (serving ${site}; Ctrl+C to stop)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Killing `pnpm docs:preview` by its PID does not reach this process: it stops when its parent is gone.
  watchParent(stop);
} catch (error) {
  const code = /** @type {{ code?: string }} */ (error).code;
  console.error(
    `preview: cannot listen on 127.0.0.1:${port}${code === 'EADDRINUSE' ? ' (port in use; pass --port)' : ''}`,
  );
  process.exit(1);
}
