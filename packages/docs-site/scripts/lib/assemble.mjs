// Assembles the versioned site in one folder:
//   <version>/   each release's reference, built from its tag with that version's docs build
//   next/        the working tree's reference (main, when CI builds it)
//   latest/      a copy of the newest release that built (a copy, not a redirect: deep links keep working)
//   index.html   the versions with their dates;  changelog/index.html  the API changelog;  404.html;
//   versions.json  the same list for scripts (and for the 404 page to find the site's root)
// Every reference page gets the version banner; then every link of the folder is checked.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleAtRef, bundleWorkingTree, diffSpecs } from '@nox-energy/spec-diff';
import { injectBanner, renderBanner } from './banner.mjs';
import { checkLinks, formatLinkReport } from './link-check.mjs';
import { changelogId, renderChangelogPage, renderIndexPage, renderNotFoundPage } from './pages.mjs';
import { buildReference } from './reference-build.mjs';
import { listReleases } from './releases.mjs';

/** @typedef {import('./pages.mjs').SiteVersion} SiteVersion */
/** @typedef {import('./pages.mjs').ChangelogPair} ChangelogPair */
/**
 * @typedef {object} AssembleOptions
 * @property {string} root the repository (its release tags and working tree)
 * @property {string} out the folder to write (emptied first)
 * @property {'offline' | 'prefer-offline' | 'online'} [install]
 * @property {boolean} [releases] build the released versions (default true; false: next/ only, for previews)
 * @property {(line: string) => void} [log]
 */
/**
 * @typedef {object} AssembleResult
 * @property {SiteVersion[]} releases newest first, built or not
 * @property {SiteVersion} next
 * @property {SiteVersion | undefined} latest
 * @property {ChangelogPair[]} pairs newest first
 * @property {number} bytes size of the folder
 * @property {number} ms
 * @property {import('./link-check.mjs').LinkReport} links
 */

/** Banner links: at most this many releases by name; the list page has them all. */
const BANNER_RELEASES = 6;

/** @param {string} dir */
export function folderSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(path) : statSync(path).size;
  }
  return total;
}

/**
 * @param {string} root
 * @param {string} ref
 */
async function specAt(root, ref) {
  try {
    return await bundleAtRef(root, ref);
  } catch {
    return undefined;
  }
}

/**
 * @param {AssembleOptions} options
 * @returns {Promise<AssembleResult>}
 */
export async function assembleSite({
  root,
  out,
  install = 'prefer-offline',
  releases: withReleases = true,
  log = () => {},
}) {
  const started = performance.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const tags = withReleases ? listReleases(root) : [];
  log(`docs site: ${tags.length} released version(s) from tags @nox-energy/types@x.y.z, and next`);
  /** @type {SiteVersion[]} */
  const releases = [];
  const seconds = (/** @type {number} */ since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  for (const release of tags) {
    const versionStarted = performance.now();
    const built = await buildReference({ root, ref: release.tag, install });
    /** @type {SiteVersion} */
    const version = { version: release.version, dir: release.version, date: release.date, built: built.ok };
    if (built.ok) {
      cpSync(built.site, join(out, version.dir), { recursive: true });
      built.cleanup();
      log(`  ${release.version} (${release.date}): built in ${seconds(versionStarted)}`);
    } else {
      version.error = built.error;
      log(
        `  ${release.version} (${release.date}): LEFT OUT, its tag ${release.tag} could not be built: ${built.error}`,
      );
    }
    releases.push(version);
  }

  const nextStarted = performance.now();
  const nextBuild = await buildReference({ root, install });
  if (!nextBuild.ok) {
    throw new Error(`the working tree's reference (next) could not be built: ${nextBuild.error}`);
  }
  cpSync(nextBuild.site, join(out, 'next'), { recursive: true });
  nextBuild.cleanup();
  const headDate = execFileSync('git', ['log', '-1', '--format=%cs'], { cwd: root, encoding: 'utf8' }).trim();
  /** @type {SiteVersion} */
  const next = { version: 'next', dir: 'next', date: headDate, built: true };
  log(`  next (working tree): built in ${seconds(nextStarted)}`);

  // The changelog compares the specs as the gate does (bundled, no code samples), tag by tag.
  const changelogStarted = performance.now();
  /** @type {ChangelogPair[]} */
  const pairs = [];
  const oldestFirst = [...releases].reverse();
  const specs = new Map();
  for (const [i, v] of oldestFirst.entries()) {
    specs.set(v, await specAt(root, /** @type {{ tag: string }} */ (tags[tags.length - 1 - i]).tag));
  }
  specs.set(next, await bundleWorkingTree(root));
  const chain = [...oldestFirst, next];
  for (let i = 1; i < chain.length; i++) {
    const from = /** @type {SiteVersion} */ (chain[i - 1]);
    const to = /** @type {SiteVersion} */ (chain[i]);
    const [a, b] = [specs.get(from), specs.get(to)];
    if (a && b) {
      pairs.unshift({ from, to, changes: diffSpecs(a, b) });
    } else {
      log(`  changelog: ${from.version} → ${to.version} left out (a spec could not be read at its tag)`);
    }
  }

  log(`  changelog: ${pairs.length} comparison(s) in ${seconds(changelogStarted)}`);
  const latestRelease = releases.find((v) => v.built);
  /** @type {SiteVersion | undefined} */
  const latest = latestRelease && { ...latestRelease, dir: 'latest' };
  if (latestRelease) {
    cpSync(join(out, latestRelease.dir), join(out, 'latest'), { recursive: true });
  }

  const title = String(specs.get(next)?.info?.title ?? 'API');
  const bannerVersions = [
    ...(latest ? [{ label: `latest (${latest.version})`, dir: 'latest' }] : []),
    { label: 'next', dir: 'next' },
    ...releases
      .filter((v) => v.built)
      .slice(0, BANNER_RELEASES)
      .map((v) => ({ label: v.version, dir: v.dir })),
  ];
  /** @type {{ dir: string, label: string, note?: string }[]} */
  const pages = [
    ...(latest ? [{ dir: 'latest', label: `latest (${latest.version}, released ${latest.date})` }] : []),
    { dir: 'next', label: 'next', note: `Unreleased: the main branch as of ${next.date}.` },
    ...releases
      .filter((v) => v.built)
      .map((v) => ({
        dir: v.dir,
        label: `${v.version} (released ${v.date})`,
        ...(v !== latestRelease && latest ? { note: `An older version: the newest is ${latest.version}.` } : {}),
      })),
  ];
  for (const page of pages) {
    const file = join(out, page.dir, 'index.html');
    const banner = renderBanner({ title, versions: bannerVersions, ...page });
    writeFileSync(file, injectBanner(readFileSync(file, 'utf8'), banner));
  }

  mkdirSync(join(out, 'changelog'));
  writeFileSync(join(out, 'changelog/index.html'), renderChangelogPage({ title, pairs }));
  writeFileSync(
    join(out, 'index.html'),
    renderIndexPage({ title, latest, next, releases, pairs, preview: !withReleases }),
  );
  writeFileSync(join(out, '404.html'), renderNotFoundPage({ title, hasLatest: Boolean(latest) }));
  const listed = (/** @type {SiteVersion} */ v) => ({
    version: v.version,
    date: v.date,
    path: v.built ? `${v.dir}/` : null,
    ...(v.error ? { error: v.error.split('\n')[0] } : {}),
    ...(pairs.some((p) => p.to === v) ? { changelog: `changelog/#${changelogId(v)}` } : {}),
  });
  writeFileSync(
    join(out, 'versions.json'),
    `${JSON.stringify(
      {
        site: 'nox-docs',
        latest: latest?.version ?? null,
        next: listed(next),
        releases: releases.map(listed),
      },
      null,
      2,
    )}\n`,
  );

  const linksStarted = performance.now();
  const links = checkLinks(out);
  log(`  ${formatLinkReport(links)} (${seconds(linksStarted)})`);
  if (links.broken.length) {
    throw new Error(`the assembled site has broken links:\n${formatLinkReport(links)}`);
  }
  const bytes = folderSize(out);
  return { releases, next, latest, pairs, bytes, ms: Math.round(performance.now() - started), links };
}
