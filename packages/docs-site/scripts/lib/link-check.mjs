// Checks every link of the assembled site without a browser: each href/src in the markup of every HTML page
// (script and style contents are left out: Redoc renders its own links at run time) must name a file of the
// site, and its fragment must name something there: an element id on the site's own pages, an operation or
// tag of the spec beside a reference page (Redoc answers `#operation/<id>` and `#tag/<name>`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * @typedef {object} BrokenLink
 * @property {string} file the page, relative to the site
 * @property {string} href as written
 * @property {string} reason
 */
/**
 * @typedef {object} LinkReport
 * @property {number} pages
 * @property {number} links checked (relative) links
 * @property {string[]} external links to another origin (not followed; listed so none slips in unseen)
 * @property {BrokenLink[]} broken
 */

/** @param {string} dir */
function htmlFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...htmlFiles(path));
    } else if (entry.name.endsWith('.html')) {
      out.push(path);
    }
  }
  return out.sort();
}

/**
 * The href/src values of the page's markup.
 * @param {string} html
 */
export function linksOf(html) {
  const markup = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/gi, '$1$3');
  /** @type {string[]} */
  const links = [];
  for (const [tag] of markup.matchAll(/<[a-z][^>]*>/gi)) {
    for (const [, , value = ''] of tag.matchAll(/\s(href|src)\s*=\s*"([^"]*)"/gi)) {
      links.push(value.replace(/&amp;/g, '&'));
    }
  }
  return links;
}

/** @param {string} html */
function idsOf(html) {
  return new Set(Array.from(html.matchAll(/\sid="([^"]*)"/g), (m) => String(m[1])));
}

/** The operationIds and tag names of the spec beside a reference page, or undefined when there is none. */
const specAnchors = new Map();
/** @param {string} page */
function anchorsBeside(page) {
  const spec = join(dirname(page), 'openapi.json');
  if (!specAnchors.has(spec)) {
    let anchors;
    if (existsSync(spec)) {
      const doc = JSON.parse(readFileSync(spec, 'utf8'));
      anchors = new Set((doc.tags ?? []).map((/** @type {{ name: string }} */ t) => `tag/${t.name}`));
      for (const section of ['paths', 'webhooks']) {
        for (const item of Object.values(doc[section] ?? {})) {
          for (const op of Object.values(/** @type {Record<string, any>} */ (item))) {
            if (op && typeof op === 'object' && typeof op.operationId === 'string') {
              anchors.add(`operation/${op.operationId}`);
            }
          }
        }
      }
    }
    specAnchors.set(spec, anchors);
  }
  return /** @type {Set<string> | undefined} */ (specAnchors.get(spec));
}

/**
 * @param {string} site the assembled folder
 * @returns {LinkReport}
 */
export function checkLinks(site) {
  const root = resolve(site);
  specAnchors.clear();
  /** @type {LinkReport} */
  const report = { pages: 0, links: 0, external: [], broken: [] };
  /** @type {Map<string, Set<string>>} */
  const ids = new Map();
  const idsIn = (/** @type {string} */ file) => {
    if (!ids.has(file)) {
      ids.set(file, idsOf(readFileSync(file, 'utf8')));
    }
    return /** @type {Set<string>} */ (ids.get(file));
  };
  for (const page of htmlFiles(root)) {
    report.pages++;
    const name = relative(root, page);
    for (const href of linksOf(readFileSync(page, 'utf8'))) {
      const broken = (/** @type {string} */ reason) => report.broken.push({ file: name, href, reason });
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
        if (!/^(data|blob):/i.test(href)) {
          report.external.push(`${name}: ${href}`);
        }
        continue;
      }
      if (href.startsWith('/')) {
        broken('root-relative: breaks under a base path such as /<repo>/');
        continue;
      }
      report.links++;
      const hash = href.indexOf('#');
      const path = (hash === -1 ? href : href.slice(0, hash)).split('?')[0] ?? '';
      const fragment = hash === -1 ? '' : decodeURIComponent(href.slice(hash + 1));
      let target = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
      if (target !== root && !target.startsWith(root + sep)) {
        broken('leaves the site');
        continue;
      }
      if (existsSync(target) && statSync(target).isDirectory()) {
        target = join(target, 'index.html');
      }
      if (!existsSync(target)) {
        broken('no such file');
        continue;
      }
      if (!fragment || !target.endsWith('.html')) {
        continue;
      }
      const anchors = anchorsBeside(target);
      if (anchors && /^(operation|tag)\//.test(fragment)) {
        if (!anchors.has(fragment)) {
          broken(`the reference has no ${fragment}`);
        }
      } else if (!idsIn(target).has(fragment)) {
        broken(`no element with id "${fragment}"`);
      }
    }
  }
  return report;
}

/**
 * @param {LinkReport} report
 */
export function formatLinkReport(report) {
  const head = `links: ${report.links} checked on ${report.pages} pages, ${report.broken.length} broken, ${report.external.length} to other origins`;
  return [head, ...report.broken.map((b) => `  broken: ${b.file}: ${b.href} (${b.reason})`)].join('\n');
}
