// HTML helpers for the site's own pages: escaping, one page shell with a strict Content-Security-Policy and
// the sha256 source of an inline script or style.
import { createHash } from 'node:crypto';

/**
 * Escapes text for element content and double-quoted attribute values.
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
 * The CSP source of an inline script or style: `'sha256-...'`.
 * @param {string} text
 */
export function sha256Source(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Shared look of the site's own pages (the references keep Redoc's). */
export const PAGE_STYLE = `body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1f2933; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
a { color: #1d5fbf; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d9e2ec; vertical-align: top; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.breaking { color: #b42318; font-weight: 600; }
.muted { color: #616e7c; }
ul.changes { padding-left: 1.2rem; }
h3 { margin-bottom: .3rem; }`;

/**
 * A complete page of the site. Nothing is loaded from anywhere: the policy allows only its own inline style
 * and, when given, its one inline script (by hash) and requests to its own origin.
 * @param {{ title: string, body: string, script?: string }} page
 */
export function renderPage({ title, body, script }) {
  const policy = [
    "default-src 'none'",
    `style-src ${sha256Source(PAGE_STYLE)}`,
    ...(script ? [`script-src ${sha256Source(script)}`, "connect-src 'self'"] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script>${script}</script>\n` : ''}</body>
</html>
`;
}
