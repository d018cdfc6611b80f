// The changesets configuration: valid for this workspace, types and client versioned together, public
// access, private packages never versioned nor tagged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { read } from '@changesets/config';
import { describe, expect, it } from 'vitest';
import { RELEASE_TAG_PACKAGE, repoRoot, SPEC_PACKAGES, workspacePackages } from '../lib/workspace.mjs';

describe('changesets configuration', () => {
  it('is valid for the packages of this workspace (changesets reads it without error)', async () => {
    const config = await read(repoRoot);
    expect(config.fixed).toContainEqual(expect.arrayContaining(SPEC_PACKAGES));
    expect(config.access).toBe('public');
    expect(config.baseBranch).toBe('main');
    expect(config.privatePackages).toEqual({ version: false, tag: false });
  });

  it('versions the types and the client together, and tags releases by the types package', () => {
    const raw = JSON.parse(readFileSync(join(repoRoot, '.changeset/config.json'), 'utf8'));
    const group = raw.fixed.find((g: string[]) => g.includes(RELEASE_TAG_PACKAGE));
    expect(group).toEqual(expect.arrayContaining(SPEC_PACKAGES));
  });

  it('publishes the five packages and keeps every other workspace package private', () => {
    const published = workspacePackages()
      .filter((p) => !p.private)
      .map((p) => p.name)
      .sort();
    expect(published).toEqual([
      '@nox-energy/client',
      '@nox-energy/contract-tests',
      '@nox-energy/docs',
      '@nox-energy/mock',
      '@nox-energy/types',
    ]);
    const spec = workspacePackages().filter((p) => SPEC_PACKAGES.includes(p.name));
    expect(new Set(spec.map((p) => p.version)).size, 'types and client share one version').toBe(1);
  });
});
