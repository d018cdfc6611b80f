// The site's own pages: the list of versions (index.html), the API changelog (changelog/index.html) and the
// 404 page. All links are relative and name index.html, so the site works under any base path and from disk.
import { changelogSections, entryText, summaryLine } from '@nox-energy/spec-diff';
import { escapeHtml, renderPage } from './html.mjs';

/** @typedef {import('@nox-energy/spec-diff').SpecChange} SpecChange */
/** @typedef {import('@nox-energy/spec-diff').ChangeOperation} ChangeOperation */
/**
 * @typedef {object} SiteVersion
 * @property {string} version `1.2.0`, or `next`
 * @property {string} dir its folder at the site's root
 * @property {string} date `YYYY-MM-DD`: the release tag's date, or the build's for next
 * @property {boolean} built whether its reference is in the site
 * @property {string} [error] why it is not
 */
/**
 * @typedef {object} ChangelogPair
 * @property {SiteVersion} from
 * @property {SiteVersion} to
 * @property {SpecChange[]} changes
 */

/**
 * Where Redoc shows an operation: it answers `#operation/<operationId>` by scrolling to it; without an
 * operationId, the operation's tag.
 * @param {ChangeOperation} operation
 * @returns {string | undefined}
 */
export function redocAnchor(operation) {
  if (operation.operationId) {
    return `operation/${operation.operationId}`;
  }
  return operation.tag ? `tag/${operation.tag}` : undefined;
}

/**
 * The id of a version's section of the changelog page.
 * @param {SiteVersion} version
 */
export const changelogId = (version) => (version.version === 'next' ? 'next' : `v${version.version}`);

/**
 * @param {SiteVersion} version
 * @param {string} [anchor]
 * @param {string} [up] the way from the linking page to the site's root
 */
function referenceHref(version, anchor, up = '../') {
  const fragment = anchor ? `#${anchor.split('/').map(encodeURIComponent).join('/')}` : '';
  return `${up}${encodeURI(version.dir)}/index.html${fragment}`;
}

/**
 * @param {{ title: string, latest?: SiteVersion, next?: SiteVersion, releases: SiteVersion[], pairs: ChangelogPair[], preview?: boolean }} site
 *   preview: the releases were not built on purpose (a pull request's preview)
 */
export function renderIndexPage({ title, latest, next, releases, pairs, preview = false }) {
  const changesOf = (/** @type {SiteVersion} */ v) => pairs.find((p) => p.to === v);
  const row = (/** @type {SiteVersion} */ v, /** @type {string} */ label) => {
    const pair = changesOf(v);
    const reference = v.built
      ? `<a href="${referenceHref(v, undefined, '')}">reference</a>`
      : `<span class="muted">not available: ${escapeHtml(firstLine(v.error ?? 'not built'))}</span>`;
    const changes = pair
      ? `<a href="changelog/index.html#${changelogId(v)}">since ${escapeHtml(pair.from.version)}</a>: ${escapeHtml(summaryLine(pair.changes))}`
      : '<span class="muted">first version here</span>';
    return `<tr><td>${label}</td><td>${escapeHtml(v.date)}</td><td>${reference}</td><td>${changes}</td></tr>`;
  };
  const rows = [];
  if (latest) {
    rows.push(
      `<tr><td><a href="latest/index.html">latest</a></td><td>${escapeHtml(latest.date)}</td><td>the newest release, ${escapeHtml(latest.version)}</td><td></td></tr>`,
    );
  }
  if (next) {
    rows.push(row(next, '<b>next</b> <span class="muted">(unreleased, from main)</span>'));
  }
  for (const v of releases) {
    rows.push(row(v, `<b>${escapeHtml(v.version)}</b>`));
  }
  const none = preview
    ? '<p>A preview: only <code>next</code>, built from this change, is here; the released versions are on the hosted site.</p>'
    : releases.length
      ? ''
      : '<p>No version has been released yet: only <code>next</code> is here.</p>';
  return renderPage({
    title: `${title}: API reference versions`,
    body: `<h1>${escapeHtml(title)}: API reference</h1>
<p>One reference per released version of <code>@nox-energy/types</code> and <code>@nox-energy/client</code>, built from its own release tag, and <code>next</code> from the main branch. What changed between versions: the <a href="changelog/index.html">API changelog</a>.</p>
${none}
<table>
<thead><tr><th>version</th><th>date</th><th>reference</th><th>API changes</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
  });
}

/** @param {string} text */
function firstLine(text) {
  return text.split('\n')[0] ?? '';
}

/**
 * @param {{ title: string, pairs: ChangelogPair[] }} site pairs newest first
 */
export function renderChangelogPage({ title, pairs }) {
  const parts = pairs.map((pair) => {
    const { from, to, changes } = pair;
    const heading =
      to.version === 'next'
        ? `next <span class="muted">(unreleased, from main), changes since ${escapeHtml(from.version)}</span>`
        : `${escapeHtml(to.version)} <span class="muted">released ${escapeHtml(to.date)}, changes since ${escapeHtml(from.version)}</span>`;
    const sections = changelogSections(changes).map((section) => {
      const side = section.removed ? from : to;
      const anchor = section.operation && redocAnchor(section.operation);
      const name = escapeHtml(section.title);
      const title = anchor && side.built ? `<a href="${referenceHref(side, anchor)}">${name}</a>` : name;
      const id = section.operation?.operationId ? ` <code>${escapeHtml(section.operation.operationId)}</code>` : '';
      const items = section.entries.map(
        (entry) =>
          `<li>${entry.breaking ? '<span class="breaking">Breaking</span> · ' : ''}${escapeHtml(entryText(entry))}</li>`,
      );
      return `<h3>${title}${id}</h3>\n<ul class="changes">\n${items.join('\n')}\n</ul>`;
    });
    const fixes = changes.filter((c) => c.level === 'fix');
    const fixList = fixes.length
      ? `<details><summary>${fixes.length} documentation fix${fixes.length === 1 ? '' : 'es'}</summary>\n<ul class="changes">\n${fixes
          .map((c) => `<li>${escapeHtml(c.where)}: ${escapeHtml(c.message)}</li>`)
          .join('\n')}\n</ul></details>`
      : '';
    return `<section id="${changelogId(to)}">
<h2>${heading}</h2>
<p>${escapeHtml(summaryLine(changes))}</p>
${sections.join('\n')}
${fixList}
</section>`;
  });
  return renderPage({
    title: `${title}: API changelog`,
    body: `<p><a href="../index.html">All versions</a></p>
<h1>${escapeHtml(title)}: API changelog</h1>
<p>What changed in the API between consecutive releases, from the same spec comparison as the breaking-change gate. <span class="breaking">Breaking</span> changes need a change in code that uses the API; each operation links to its reference in the version that has it.</p>
${parts.length ? parts.join('\n') : '<p>No two versions to compare yet.</p>'}`,
  });
}

/**
 * The script of the 404 page: a host serves it at any missing address, at any depth, so its relative links
 * cannot know the site's root. It looks for versions.json from the deepest folder up, and points the links
 * there.
 */
const NOT_FOUND_SCRIPT = `(function () {
  var parts = location.pathname.split('/').slice(0, -1);
  var links = document.querySelectorAll('a[data-site-path]');
  function point(root) {
    for (var i = 0; i < links.length; i++) {
      links[i].setAttribute('href', root + links[i].getAttribute('data-site-path'));
    }
  }
  function probe(n) {
    if (n < 1 || location.protocol === 'file:') {
      return;
    }
    var root = parts.slice(0, n).join('/') + '/';
    fetch(root + 'versions.json', { cache: 'no-cache' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) { if (v && v.site === 'nox-docs') { point(root); } else { probe(n - 1); } })
      .catch(function () { probe(n - 1); });
  }
  probe(parts.length);
})();`;

/** @param {{ title: string, hasLatest: boolean }} site */
export function renderNotFoundPage({ title, hasLatest }) {
  const latest = hasLatest
    ? '<a href="latest/index.html" data-site-path="latest/index.html">the newest release</a>, '
    : '';
  return renderPage({
    title: `Page not found: ${title}`,
    script: NOT_FOUND_SCRIPT,
    body: `<h1>Page not found</h1>
<p>There is no page at this address. The ${escapeHtml(title)} reference: ${latest}<a href="index.html" data-site-path="index.html">all versions</a>, <a href="changelog/index.html" data-site-path="changelog/index.html">the API changelog</a>.</p>`,
  });
}
