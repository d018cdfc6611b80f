// The breaking-change gate end to end: a throw-away git repository with the real spec, a release tag, then
// spec edits and changesets, checked through the command line as the test command runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpBetween, compareVersions, runGate } from '../lib/gate.mjs';
import { repoRoot } from '../lib/workspace.mjs';

const cli = join(repoRoot, 'scripts/release/check-breaking.mjs');
let repo: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
/** The gate in this process (fast), with the command line's exit code and text. */
const check = async (options: { base?: string; baseFile?: string } = {}) => {
  const result = await runGate({ root: repo, ...options });
  return { code: result.ok ? 0 : 1, out: result.messages.join('\n') };
};
/** The gate as the test command runs it. */
const gate = (...args: string[]) => {
  const r = spawnSync(process.execPath, [cli, '--root', repo, ...args], { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
const writePackage = (name: string, version: string) => {
  const dir = join(repo, 'packages', name.split('/')[1] as string);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version }, null, 2)}\n`);
};
const changeset = (file: string, releases: Record<string, string>) => {
  const front = Object.entries(releases)
    .map(([name, type]) => `"${name}": ${type}`)
    .join('\n');
  writeFileSync(join(repo, '.changeset', file), `---\n${front}\n---\n\nWhat changed.\n`);
};
const rootSpec = () => join(repo, 'spec/openapi.yaml');
const removeDeviceConnections = () => {
  const text = readFileSync(rootSpec(), 'utf8');
  const edited = text.replace(/ {2}\/manufacturer\/device-connections:\n {4}\$ref: [^\n]+\n/, '');
  expect(edited).not.toBe(text);
  writeFileSync(rootSpec(), edited);
};

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'nox-gate-'));
  cpSync(join(repoRoot, 'spec'), join(repo, 'spec'), { recursive: true });
  cpSync(join(repoRoot, 'redocly.yaml'), join(repo, 'redocly.yaml'));
  mkdirSync(join(repo, '.changeset'));
  cpSync(join(repoRoot, '.changeset/config.json'), join(repo, '.changeset/config.json'));
  writeFileSync(join(repo, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writePackage('@nox-energy/types', '0.1.0');
  writePackage('@nox-energy/client', '0.1.0');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.name=Release Test', '-c', 'user.email=release@test.invalid', 'commit', '-q', '-m', 'first release');
});

afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('breaking-change gate (command line)', () => {
  it('passes and says so when there is no previous release', async () => {
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.out).toContain('No previous release');
  });

  it('explains the same with --report-only (pnpm spec:diff) when there is no previous release, and exits 0', () => {
    const gated = gate();
    const report = gate('--report-only');
    expect(report.code).toBe(0);
    expect(report.out).toContain('No previous release: no git tag matches @nox-energy/types@*');
    expect(report.out.trim()).toBe(gated.out.trim());
  });

  it('finds no change against the release tag of an unchanged spec', async () => {
    git('tag', '@nox-energy/types@0.1.0');
    const r = await check();
    expect(r.code).toBe(0);
    expect(r.out).toContain('Spec changes since @nox-energy/types@0.1.0: none');
  });

  it('fails on a removed operation without a major changeset, naming the change and the fix', () => {
    removeDeviceConnections();
    const r = gate();
    expect(r.code).toBe(1);
    expect(r.out).toContain('operation removed  [operation-removed]');
    expect(r.out).toContain('at POST /manufacturer/device-connections');
    expect(r.out).toContain('FAIL: the spec has breaking changes since @nox-energy/types@0.1.0');
    expect(r.out).toContain('run `pnpm changeset`');
  });

  it('still fails when the pending changesets ask only for a minor bump', async () => {
    changeset('minor-change.md', { '@nox-energy/client': 'minor' });
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.out).toContain('planned: @nox-energy/types: minor, @nox-energy/client: minor');
  });

  it('passes with a major changeset for one package of the fixed group (both move together)', () => {
    changeset('major-change.md', { '@nox-energy/types': 'major' });
    const r = gate();
    expect(r.code).toBe(0);
    expect(r.out).toContain('OK: the breaking changes come with a major bump');
    rmSync(join(repo, '.changeset/major-change.md'));
    rmSync(join(repo, '.changeset/minor-change.md'));
  });

  it('passes once `changeset version` has already raised the major version', async () => {
    writePackage('@nox-energy/types', '1.0.0');
    writePackage('@nox-energy/client', '1.0.0');
    expect((await check()).code).toBe(0);
    writePackage('@nox-energy/types', '0.2.0');
    writePackage('@nox-energy/client', '0.2.0');
    expect((await check()).code).toBe(1);
    writePackage('@nox-energy/types', '0.1.0');
    writePackage('@nox-energy/client', '0.1.0');
  });

  it('compares with a given file or git ref', async () => {
    // The released root file, beside the working tree's path files it refers to.
    writeFileSync(join(repo, 'spec/base.yaml'), git('show', 'HEAD:spec/openapi.yaml'));
    const fromFile = await check({ baseFile: join(repo, 'spec/base.yaml') });
    expect(fromFile.code).toBe(1);
    expect(fromFile.out).toContain('since the file');
    rmSync(join(repo, 'spec/base.yaml'));
    expect((await check({ base: 'HEAD' })).code).toBe(1);
    await expect(check({ base: 'no-such-ref' })).rejects.toThrow('--base no-such-ref is not a git ref');
  });

  it('exits 2 when it cannot compare, and 0 with --report-only', () => {
    expect(gate('--base', 'no-such-ref').code).toBe(2);
    expect(gate('--base', 'HEAD', '--report-only').code).toBe(0);
  });

  it('prints a JSON report on request', () => {
    const r = gate('--json');
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ ok: false, needed: 'major', base: '@nox-energy/types@0.1.0' });
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        level: 'breaking',
        rule: 'operation-removed',
        where: 'POST /manufacturer/device-connections',
      }),
    );
  });
});

describe('versions', () => {
  it('orders versions, prereleases before releases', () => {
    expect(['1.10.0', '1.2.0', '1.2.0-next.1', '0.9.9'].sort(compareVersions)).toEqual([
      '0.9.9',
      '1.2.0-next.1',
      '1.2.0',
      '1.10.0',
    ]);
  });

  it('tells the bump between two versions', () => {
    expect(bumpBetween('0.1.0', '1.0.0')).toBe('major');
    expect(bumpBetween('1.1.0', '1.2.0')).toBe('minor');
    expect(bumpBetween('1.1.0', '1.1.1')).toBe('patch');
    expect(bumpBetween('1.1.0', '1.1.0')).toBe('none');
  });
});
