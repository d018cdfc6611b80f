// The version banner put at the top of every reference page when the site is assembled: which version this
// is, links to the others, the changelog and the list of versions. It is markup and one <style> only, added
// after <body>: the page's inline scripts are untouched, so the script hashes of its Content-Security-Policy
// stay valid. When the policy does not allow inline styles, the banner's style hash is added to style-src.
import { escapeHtml, sha256Source } from './html.mjs';

export const BANNER_ID = 'nox-version-banner';

const BANNER_STYLE = `#${BANNER_ID} { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; background: #102a43; color: #f0f4f8; padding: 6px 16px; display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
#${BANNER_ID} a { color: #9fd3ff; }
#${BANNER_ID} a[aria-current] { color: #fff; font-weight: 600; text-decoration: none; }
#${BANNER_ID} .nox-note { color: #f7c948; }`;

/**
 * @typedef {object} BannerLink
 * @property {string} label e.g. `1.2.0`, `latest (1.2.0)`, `next`
 * @property {string} dir the folder at the site's root, e.g. `1.2.0`
 */
/**
 * @typedef {object} BannerOptions
 * @property {string} title e.g. `NOX Energy API`
 * @property {string} label what this page is: `1.2.0`, `latest (1.2.0)`, `next (unreleased, from main)`
 * @property {string} dir this page's folder
 * @property {string} [note] a warning, e.g. that this is not the newest release
 * @property {BannerLink[]} versions the other pages to link to, in order
 */

/**
 * The banner's markup: links are relative to a page one folder below the site's root, and name index.html
 * so that they also work opened from disk.
 * @param {BannerOptions} options
 */
export function renderBanner({ title, label, dir, note, versions }) {
  const links = versions
    .map(({ label: text, dir: target }) => {
      const current = target === dir ? ' aria-current="page"' : '';
      return `<a href="../${encodeURI(target)}/index.html"${current}>${escapeHtml(text)}</a>`;
    })
    .join(' ');
  return [
    `<nav id="${BANNER_ID}" aria-label="API versions">`,
    `<strong>${escapeHtml(title)}</strong>`,
    `<span>Version <b data-version>${escapeHtml(label)}</b></span>`,
    note ? `<span class="nox-note">${escapeHtml(note)}</span>` : '',
    `<span>Versions: ${links}</span>`,
    '<a href="../changelog/index.html">API changelog</a>',
    '<a href="../index.html">All versions</a>',
    '</nav>',
  ]
    .filter(Boolean)
    .join('\n');
}

const CSP_META = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"\s*\/?>/i;

/**
 * Whether a policy lets an inline <style> element apply.
 * @param {string} policy
 */
function allowsInlineStyle(policy) {
  const directives = new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [String(parts[0]).toLowerCase(), parts.slice(1)]),
  );
  const sources = directives.get('style-src-elem') ?? directives.get('style-src') ?? directives.get('default-src');
  if (!sources) {
    return true;
  }
  // A hash or nonce makes browsers ignore 'unsafe-inline'.
  return sources.includes("'unsafe-inline'") && !sources.some((s) => /^'(sha\d+|nonce)-/.test(s));
}

/**
 * The page with the banner after <body>. Throws when the page has no <body> (not a page this can annotate).
 * @param {string} html a reference page
 * @param {string} banner the markup from renderBanner
 */
export function injectBanner(html, banner) {
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) {
    throw new Error('the page has no <body> to put the version banner in');
  }
  const style = `<style>${BANNER_STYLE}</style>`;
  let page = `${html.slice(0, body.index + body[0].length)}\n${style}\n${banner}${html.slice(body.index + body[0].length)}`;
  const csp = CSP_META.exec(page);
  if (csp && !allowsInlineStyle(csp[1] ?? '')) {
    const hash = sha256Source(BANNER_STYLE);
    const policy = String(csp[1]);
    const next = /(^|;)\s*style-src\s/i.test(policy)
      ? policy.replace(/((?:^|;)\s*style-src)(\s)/i, `$1 ${hash}$2`)
      : `${policy}; style-src ${hash}`;
    page = page.replace(csp[0], csp[0].replace(`content="${policy}"`, `content="${next}"`));
  }
  return page;
}
