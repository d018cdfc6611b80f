// The READMEs' recipe for trying the packed packages before they are on npm: every `npm install` line of it
// installs, with each package's tarball, the tarballs of the workspace packages it depends on (npm would look
// those up on the registry otherwise), and the pack command makes every tarball the lines install.
// (The recipe itself was run in an empty folder: see the report of the change; `pnpm check:packages` installs
// the same tarballs in its consumer projects.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, repoRoot } from '../lib/workspace.mjs';

const packages = publishedPackages();
const byName = new Map(packages.map((p) => [p.name, p]));
/** `@nox-energy/mock` -> `nox-energy-mock` (the tarball name pnpm pack gives, before `-<version>.tgz`). */
const tarballStem = (name: string) => name.replace(/^@/, '').replace('/', '-');
const byStem = new Map(packages.map((p) => [tarballStem(p.name), p.name]));

/** The workspace packages `name` needs installed beside it, itself included. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  seen.add(name);
  const deps = byName.get(name)?.manifest.dependencies ?? {};
  for (const [dep, range] of Object.entries(deps)) {
    if (String(range).startsWith('workspace:') && !seen.has(dep)) {
      closure(dep, seen);
    }
  }
  return seen;
}

/** The shell code blocks of a README section (by its heading), continuation lines joined. */
function recipe(file: string, heading: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const start = text.indexOf(`${heading}\n`);
  expect(start, `${file} has a "${heading}" section`).toBeGreaterThan(-1);
  const section = text.slice(start, text.indexOf('\n#', start + heading.length + 1) >>> 0);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((match) => (match[1] as string).replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

const installed = (line: string) =>
  [...line.matchAll(/\/(nox-energy-[a-z-]+?)-\*\.tgz/g)].map((match) => byStem.get(match[1] as string));

describe('the packed-tarball recipe', () => {
  for (const [file, heading] of [
    ['README.md', '### Trying the packed packages before they are on npm'],
    ['packages/mock/README.md', '### Before it is on npm'],
  ] as const) {
    it(`${file}: each npm install line brings the workspace packages its tarballs depend on`, () => {
      const lines = recipe(file, heading);
      const pack = lines.find((line) => /\bpack --pack-destination\b/.test(line)) ?? '';
      const packed = new Set([...pack.matchAll(/--filter (@nox-energy\/[a-z-]+)/g)].map((match) => match[1]));
      const installs = lines.filter((line) => line.startsWith('npm install '));
      expect(installs.length).toBeGreaterThan(0);
      for (const line of installs) {
        const names = installed(line);
        expect(names, line).not.toContain(undefined);
        const needed = new Set(names.flatMap((name) => [...closure(name as string)]));
        expect(new Set(names), line).toEqual(needed);
        for (const name of names) {
          expect(packed.has(name as string), `${name} is packed by: ${pack}`).toBe(true);
        }
      }
    });
  }

  it('would catch a mock installed without the docs and types tarballs', () => {
    const names = installed('npm install /tmp/nox-packs/nox-energy-mock-*.tgz');
    expect([...closure(names[0] as string)].sort()).toEqual([
      '@nox-energy/docs',
      '@nox-energy/mock',
      '@nox-energy/types',
    ]);
  });
});
