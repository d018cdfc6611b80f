// The version banner goes into a reference page without touching its scripts: every inline script still
// matches a hash of the page's Content-Security-Policy, and a policy without inline styles gets the banner's.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BANNER_ID, injectBanner, renderBanner } from '../scripts/lib/banner.mjs';

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const scripts = ['window.a = 1;', 'window.b = "</div>";'];
const page = (styleSrc: string) => `<!doctype html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${scripts.map(hash).join(' ')}; ${styleSrc}">
</head>
<body class="x">
<div id="redoc"></div>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body></html>`;

const banner = renderBanner({
  title: 'NOX <API>',
  label: '1.0.0 (released 2026-01-15)',
  dir: '1.0.0',
  note: 'An older version: the newest is 2.0.0.',
  versions: [
    { label: 'latest (2.0.0)', dir: 'latest' },
    { label: 'next', dir: 'next' },
    { label: '1.0.0', dir: '1.0.0' },
  ],
});

const policyOf = (html: string) => /content="([^"]*)"/.exec(html)?.[1] ?? '';
const inlineScripts = (html: string) => Array.from(html.matchAll(/<script>([\s\S]*?)<\/script>/g), (m) => m[1] ?? '');
const inlineStyles = (html: string) => Array.from(html.matchAll(/<style>([\s\S]*?)<\/style>/g), (m) => m[1] ?? '');

describe('version banner', () => {
  it('links the other versions, the changelog and the list relative to its folder, escaped', () => {
    expect(banner).toContain('<a href="../latest/index.html">latest (2.0.0)</a>');
    expect(banner).toContain('<a href="../1.0.0/index.html" aria-current="page">1.0.0</a>');
    expect(banner).toContain('<a href="../changelog/index.html">API changelog</a>');
    expect(banner).toContain('<a href="../index.html">All versions</a>');
    expect(banner).toContain('<strong>NOX &lt;API&gt;</strong>');
  });

  it('leaves the scripts and their hashes as they were', () => {
    const before = page("style-src 'unsafe-inline'");
    const after = injectBanner(before, banner);
    expect(after).toMatch(new RegExp(`<body class="x">\\n<style>[^<]*</style>\\n<nav id="${BANNER_ID}"`));
    expect(inlineScripts(after)).toEqual(scripts);
    for (const script of inlineScripts(after)) {
      expect(policyOf(after)).toContain(hash(script));
    }
    expect(policyOf(after)).toBe(policyOf(before));
  });

  it('adds its style hash where the policy allows no inline style (and only there)', () => {
    for (const styleSrc of ["style-src 'self'", "style-src 'unsafe-inline' 'sha256-AAAA'", 'img-src data:']) {
      const after = injectBanner(page(styleSrc), banner);
      const [style = ''] = inlineStyles(after);
      expect(policyOf(after), styleSrc).toMatch(new RegExp(`style-src [^;]*${hash(style).replace(/[+/]/g, '\\$&')}`));
      expect(inlineScripts(after)).toEqual(scripts);
    }
  });

  it('refuses a page without a body', () => {
    expect(() => injectBanner('<p>no body</p>', banner)).toThrow('no <body>');
  });
});
