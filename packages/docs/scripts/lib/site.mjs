// The static docs site: one index.html that renders the spec with Redoc and needs nothing from any other
// origin. Redoc's standalone bundle and the spec are inlined; a Content-Security-Policy lets in only
// those scripts (by hash), inline styles, data: images and Redoc's search worker (a blob: URL).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The spec files the site offers for download, beside index.html. */
export const downloadFiles = ['openapi.yaml', 'openapi.json'];

// Redoc's side menu shows an "API docs by Redocly" logo loaded from Redocly's CDN. Its <img> hides itself
// when the image fails to load, and an empty src fails at once without any request.
const remoteLogo = '"https://cdn.redoc.ly/redoc/logo-mini.svg"';

/**
 * Redoc's standalone bundle (from the `redoc` package, pinned exactly), with its one remote image removed.
 * @returns {string}
 */
export function readRedocBundle() {
  const file = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
  const bundle = readFileSync(file, 'utf8');
  const count = bundle.split(remoteLogo).length - 1;
  if (count !== 1) {
    throw new Error(`${file}: expected the Redocly logo URL once, found it ${count} times; review readRedocBundle()`);
  }
  return bundle.replace(remoteLogo, '""');
}

/** The file beside index.html that Redoc's inlined bundle refers to for its license notices. */
export const redocLicenseFile = 'redoc.standalone.js.LICENSE.txt';

/**
 * Redoc's MIT license and the notices of the libraries in its bundle: they travel with the inlined copy.
 * @returns {string}
 */
export function readRedocLicenses() {
  const require = createRequire(import.meta.url);
  const license = readFileSync(require.resolve('redoc/LICENSE'), 'utf8').trim();
  const notices = readFileSync(require.resolve(`redoc/bundles/${redocLicenseFile}`), 'utf8').trim();
  return `Redoc (https://github.com/Redocly/redoc), inlined in index.html:\n\n${license}\n\n${notices}\n`;
}

/**
 * Makes script text safe to inline in a <script> element: the HTML parser must never see `</script`,
 * `<script` or `<!--` in it. In the places JavaScript may hold these (strings, regular expressions,
 * comments), `\x3C` means the same `<`.
 * @param {string} js
 */
export function inlineScriptText(js) {
  return js.replace(/<(?=\/?script|!--)/gi, '\\x3C');
}

/**
 * Escapes text for HTML element content and double-quoted attribute values.
 * @param {string} text
 */
export function escapeHtml(text) {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        char
      ] ?? char,
  );
}

/**
 * JSON for a <script type="application/json"> element: `<` only occurs inside JSON strings, where `\u003c`
 * means the same, so the HTML parser never sees a tag in it.
 * @param {unknown} value
 */
export function inlineJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const systemSans = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
const systemMono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

/**
 * Redoc's options for the site: system fonts (no web fonts), download links to the files beside the page,
 * every success response expanded.
 * @param {any} spec
 */
export function redocOptions(spec) {
  const successStatuses = new Set();
  for (const pathItem of Object.values(spec.paths ?? {})) {
    for (const operation of Object.values(/** @type {Record<string, any>} */ (pathItem))) {
      for (const status of Object.keys(operation?.responses ?? {})) {
        if (/^2\d\d$/.test(status)) {
          successStatuses.add(status);
        }
      }
    }
  }
  return {
    theme: {
      typography: {
        fontFamily: systemSans,
        headings: { fontFamily: systemSans },
        code: { fontFamily: systemMono },
      },
    },
    hideLoading: true,
    hideDownloadButtons: false,
    downloadUrls: downloadFiles.map((file) => ({ title: file, url: file })),
    // Set so that each download link keeps its own file name (Redoc would name every download openapi.json).
    downloadDefinitionUrl: downloadFiles[0],
    expandResponses: [...successStatuses].sort().join(','),
    requiredPropsFirst: true,
  };
}

/**
 * The script that starts Redoc on the inlined spec.
 * @param {unknown} options
 */
function initScript(options) {
  return `(function () {
  var spec = JSON.parse(document.getElementById('openapi').textContent);
  // Redoc's bundled Prism has no TypeScript grammar; the JavaScript one reads the TypeScript samples well.
  if (window.Prism && !window.Prism.languages.typescript) {
    window.Prism.languages.typescript = window.Prism.languages.javascript;
  }
  window.Redoc.init(spec, ${JSON.stringify(options)}, document.getElementById('redoc'));
})();`;
}

/** @param {string} script */
const sha256 = (script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

/**
 * The Content-Security-Policy of the page: no origin but its own inline content is allowed anything.
 * @param {string[]} scripts the exact text of every inline script
 */
export function contentSecurityPolicy(scripts) {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'worker-src blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The site's index.html for `spec`.
 * @param {any} spec the bundled spec, with its code samples
 * @param {string} redocBundle Redoc's standalone script (see readRedocBundle)
 * @returns {string}
 */
export function renderIndexHtml(spec, redocBundle) {
  const scripts = [inlineScriptText(redocBundle), initScript(redocOptions(spec))];
  const title = `${spec.info.title} ${spec.info.version}`;
  const summary = spec.info.summary ?? '';
  const downloads = downloadFiles.map((file) => `<a href="${file}" download>${file}</a>`).join(' ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${escapeHtml(summary)}">
<title>${escapeHtml(title)}</title>
<style>body { margin: 0; }</style>
</head>
<body>
<noscript>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(summary)}</p>
<p>This page needs JavaScript. The OpenAPI description: ${downloads}</p>
</noscript>
<div id="redoc"></div>
<script type="application/json" id="openapi">${inlineJson(spec)}</script>
${scripts.map((script) => `<script>${script}</script>`).join('\n')}
</body>
</html>
`;
}
