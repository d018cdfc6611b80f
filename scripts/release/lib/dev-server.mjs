// The `pnpm dev` loop: watch the spec, rebuild on every save, and reload the docs preview.
//
// The preview serves the built site from disk and adds, to HTML pages only and only in this server, a
// small script that listens on a server-sent-events endpoint: `reload` after a good build, `failed` (with
// the build's output) after a bad one. The site's page carries its own Content-Security-Policy (a meta tag
// allowing only its own scripts by hash, and no connections), which would block that script and its event
// stream: the served copy's policy also allows the script's hash and connections to this origin. Nothing of
// it is ever written into dist/: the built site stays exactly what `pnpm build` makes. The files themselves
// are served by the docs package's static server (`pnpm docs:preview`), so both previews resolve paths and
// refuse traversal the same way.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { serveFile } from '../../../packages/docs/scripts/lib/static-server.mjs';
import { watchFolder } from './watch-folder.mjs';

export const EVENTS_PATH = '/__dev/events';

/** The script added to HTML pages in dev mode: reload on `reload`, show the error on `failed`. */
export const LIVE_RELOAD_SCRIPT = `<script data-dev-reload>
(() => {
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('reload', () => location.reload());
  events.addEventListener('failed', (e) => {
    let box = document.getElementById('dev-build-failed');
    if (!box) {
      box = document.createElement('pre');
      box.id = 'dev-build-failed';
      box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:12px;background:#300;color:#fff;font:12px monospace;z-index:99999';
      document.body.appendChild(box);
    }
    box.textContent = 'Build failed; the page shows the last good build.\\n\\n' + JSON.parse(e.data).output;
  });
})();
</script>`;

/** The reload script's code, as the page's Content-Security-Policy hashes it. */
const LIVE_RELOAD_CODE = /** @type {string} */ (
  /^<script data-dev-reload>([\s\S]*)<\/script>$/.exec(LIVE_RELOAD_SCRIPT)?.[1]
);
export const LIVE_RELOAD_HASH = `'sha256-${createHash('sha256').update(LIVE_RELOAD_CODE, 'utf8').digest('base64')}'`;

/**
 * @typedef {object} DevLoopOptions
 * @property {Array<{ path: string, recursive?: boolean, match?: (file: string) => boolean }>} watch what to watch:
 *   a folder (recursively) or a folder's direct files that `match` accepts
 * @property {string} siteDir the built site to serve
 * @property {() => Promise<{ ok: boolean, output: string }>} build
 * @property {number} [port] 0 picks a free port
 * @property {string} [host]
 * @property {number} [debounceMs]
 * @property {(line: string) => void} [log]
 */

/**
 * @param {DevLoopOptions} options
 */
export async function startDevLoop(options) {
  const { siteDir, build, host = '127.0.0.1', debounceMs = 150, log = console.log } = options;
  /** @type {Set<import('node:http').ServerResponse>} */
  const clients = new Set();
  const send = (/** @type {string} */ event, /** @type {unknown} */ data) => {
    for (const client of clients) {
      client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    }
  };

  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === EVENTS_PATH) {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    // no-store: a page from before a rebuild is never shown from the cache (not even on Back).
    await serveFile(request, response, { root: siteDir, cacheControl: 'no-store', rewriteHtml: injectReloadScript });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok(undefined));
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === 'object' && address ? address.port : options.port}/`;

  let running = false;
  let again = false;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let builds = 0;
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = performance.now();
    const result = await build();
    builds++;
    const ms = Math.round(performance.now() - started);
    if (result.ok) {
      log(`dev: rebuilt in ${ms} ms; reloading ${clients.size} page(s)`);
      send('reload', { ms });
    } else {
      log(`dev: build failed after ${ms} ms (the preview keeps the last good build):\n${result.output.trim()}`);
      send('failed', { output: result.output });
    }
    running = false;
    if (again) {
      again = false;
      await rebuild();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), debounceMs);
  };
  // Folders, not files, are watched (see watch-folder.mjs): an editor's save by rename keeps being seen.
  const watchers = options.watch.map(({ path, recursive = true, match }) =>
    watchFolder(path, { recursive }, (file) => {
      if (!match || match(file)) {
        schedule();
      }
    }),
  );

  return {
    url,
    /** The number of builds finished since start. */
    builds: () => builds,
    /** The number of preview pages listening for reloads. */
    connections: () => clients.size,
    /** Run a build now (the first one, before any save). */
    rebuild,
    close: async () => {
      clearTimeout(timer);
      for (const watcher of watchers) {
        watcher.close();
      }
      for (const client of clients) {
        client.end();
      }
      await new Promise((ok) => server.close(() => ok(undefined)));
      server.closeAllConnections();
    },
  };
}

/**
 * Adds the live-reload script before `</body>` (or at the end), and lets it run under the page's own
 * Content-Security-Policy meta tag, if it has one.
 * @param {string} html
 */
export function injectReloadScript(html) {
  const page = allowReloadScript(html);
  const at = page.lastIndexOf('</body>');
  return at === -1 ? page + LIVE_RELOAD_SCRIPT : page.slice(0, at) + LIVE_RELOAD_SCRIPT + page.slice(at);
}

const CSP_META = /(<meta\s+http-equiv=["']?content-security-policy["']?\s+content=")([^"]*)(")/gi;

/**
 * The page with each Content-Security-Policy meta tag widened just enough for the reload script: its hash in
 * `script-src` and this origin in `connect-src` (its event stream). A policy sent as a header could not do
 * it: every policy of a page applies, so a second one can only restrict more.
 * @param {string} html
 */
export function allowReloadScript(html) {
  return html.replace(CSP_META, (_tag, start, policy, end) => {
    let widened = allowSource(policy, 'script-src', LIVE_RELOAD_HASH);
    widened = allowSource(widened, 'connect-src', "'self'");
    return start + widened + end;
  });
}

/**
 * `policy` with `source` allowed for `directive`. A directive the policy does not name falls back to
 * `default-src`: it is added with default-src's sources plus `source`; without either, all is allowed already.
 * @param {string} policy
 * @param {string} directive
 * @param {string} source
 */
export function allowSource(policy, directive, source) {
  const parts = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((tokens) => tokens[0]);
  const named = (/** @type {string} */ name) => parts.find((tokens) => tokens[0]?.toLowerCase() === name);
  const existing = named(directive);
  const fallback = named('default-src');
  if (!existing && !fallback) {
    return policy;
  }
  const sources = (existing ?? fallback ?? []).slice(1).filter((token) => token.toLowerCase() !== "'none'");
  const updated = [directive, ...sources, ...(sources.includes(source) ? [] : [source])];
  const result = existing ? parts.map((tokens) => (tokens === existing ? updated : tokens)) : [...parts, updated];
  return result.map((tokens) => tokens.join(' ')).join('; ');
}
