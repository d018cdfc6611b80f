// dist/site/index.html: self-contained, under a strict Content-Security-Policy, titled from the spec.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineJson, inlineScriptText, readRedocBundle, redocLicenseFile } from '../scripts/lib/site.mjs';
import { remoteReferences } from './helpers/remote-references.js';
import { readBundle, siteDir } from './helpers/spec.js';

const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
const spec = readBundle();
const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1] ?? '';
const directives = new Map(
  csp.split(';').map((d) => {
    const [name = '', ...values] = d.trim().split(/\s+/);
    return [name, values] as const;
  }),
);
const inlineScripts = Array.from(html.matchAll(/<script>([\s\S]*?)<\/script>/g), (m) => m[1] ?? '');

describe('dist/site', () => {
  it('holds index.html, the two spec files and the license notices of the inlined Redoc', () => {
    const { version } = createRequire(import.meta.url)('redoc/package.json') as { version: string };
    const notices = readFileSync(join(siteDir, redocLicenseFile), 'utf8');
    expect(notices).toMatch(/^Redoc .*\n\nThe MIT License/);
    expect(notices).toContain(`Version: "${version}"`);
    expect(html).toContain(`For license information please see ${redocLicenseFile}`);
    for (const file of ['index.html', 'openapi.yaml', 'openapi.json']) {
      expect(existsSync(join(siteDir, file)), file).toBe(true);
    }
  });
});

describe('index.html', () => {
  it('loads nothing from another origin', () => {
    const { loads, scriptLinks } = remoteReferences(html);
    expect(loads).toEqual([]);
    // The only remote href in the scripts is Redoc's "API docs by Redocly" text link (a link, not a load).
    expect(scriptLinks).toEqual(['https://redocly.com/redoc/']);
  });

  it('the remote-reference check finds a CDN script, a web font, a remote image and a stylesheet link', () => {
    const page = `<html><head><link rel="stylesheet" href="https://fonts.example/x.css">
      <style>@import url("https://fonts.example/font.css"); body { background: url(//img.example/a.png) }</style>
      <script src="https://cdn.example/redoc.js"></script></head>
      <body><a href="https://docs.example">docs</a><script>e.createElement("img",{src:"https://cdn.example/logo.svg"})</script></body></html>`;
    expect(remoteReferences(page).loads).toEqual([
      '<link rel="stylesheet" href="https://fonts.example/x.css">',
      '<script src="https://cdn.example/redoc.js">',
      'src:"https://cdn.example/logo.svg',
      'url("https://fonts.example/font.css")',
      'url(//img.example/a.png)',
      '@import url("https://fonts.example/font.css")',
    ]);
  });

  it('has a strict Content-Security-Policy naming no origin and allowing exactly its inline scripts', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:|\*|'unsafe-eval'|'self'/);
    const hashes = inlineScripts.map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
    expect(inlineScripts).toHaveLength(2);
    expect(directives.get('script-src')).toEqual(hashes);
  });

  it('takes its title, version and summary from the spec, and inlines the bundled spec itself', () => {
    expect(html).toContain(`<title>${escapeHtml(`${spec.info.title} ${spec.info.version}`)}</title>`);
    expect(html).toContain(`<meta name="description" content="${escapeHtml(spec.info.summary)}">`);
    const inlined = html.match(/<script type="application\/json" id="openapi">([\s\S]*?)<\/script>/)?.[1];
    expect(JSON.parse(inlined ?? 'null')).toEqual(spec);
  });

  it('links the spec files for download without JavaScript too', () => {
    expect(html).toMatch(/<noscript>[\s\S]*<a href="openapi.yaml" download>[\s\S]*<a href="openapi.json" download>/);
  });

  it('inlines Redoc without its remote logo', () => {
    const redoc = readRedocBundle();
    expect(redoc).not.toContain('cdn.redoc.ly');
    expect(inlineScripts[0]).toBe(inlineScriptText(redoc));
  });
});

describe('inlining', () => {
  it('keeps script text meaning the same while hiding every tag from the HTML parser', () => {
    const js = `var a = "</script><!-- <script>"; var b = ['<!--', '</script>', 'x'].map((t) => /<\\/script|<!--/i.test(t)); var c = '<SCRIPT src=x>';`;
    const safe = inlineScriptText(js);
    expect(safe).not.toMatch(/<\/?script|<!--/i);
    const run = (code: string) => new Function(`${code}; return [a, b, c];`)();
    expect(run(safe)).toEqual(run(js));
  });

  it('keeps JSON meaning the same while hiding every tag from the HTML parser', () => {
    const value = { text: '</script><!-- <script>', n: 1 };
    expect(inlineJson(value)).not.toContain('<');
    expect(JSON.parse(inlineJson(value))).toEqual(value);
  });
});
