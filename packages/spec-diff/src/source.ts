// Gets a bundled (single-document, local $refs only) spec from the working tree, a git ref or a file.
//
// Both sides of a comparison are bundled by the same bundler, so that a spec split into other files or a
// moved component is not seen as a change: only the API it describes is compared. The bundler is Redocly's
// own (`@redocly/openapi-core`, the engine of `redocly bundle`), run in this process to save a CLI start-up
// per bundle: for this spec its output is byte for byte what `redocly bundle nox --ext json` writes. (The
// docs package then adds x-codeSamples to its copy; those are documentation, not API, and are left out here.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import { parse as parseYaml } from 'yaml';
import type { Json } from './normalize.js';

/**
 * The root file of the spec, from the first api in redocly.yaml (default spec/openapi.yaml).
 * @param dir a checkout (working tree or exported ref)
 */
export function specRoot(dir: string) {
  const config = join(dir, 'redocly.yaml');
  if (existsSync(config)) {
    const apis: Record<string, { root?: string }> = parseYaml(readFileSync(config, 'utf8'))?.apis ?? {};
    const first = Object.values(apis)[0];
    if (first?.root) {
      return resolve(dir, first.root);
    }
  }
  return resolve(dir, 'spec/openapi.yaml');
}

/**
 * Bundles one spec file (YAML or JSON, any number of files behind it) into a JSON object. Only references
 * are resolved: no lint rule or decorator of any redocly.yaml applies.
 */
export async function bundleFile(file: string): Promise<Json> {
  if (!existsSync(file)) {
    throw new Error(`no spec at ${file}`);
  }
  const result = await bundle({ ref: resolve(file), config: await createConfig({}) });
  const missing = result.problems.filter((p) => p.ruleId === 'no-unresolved-refs');
  if (missing.length) {
    throw new Error(`could not bundle ${file}: ${missing.map((p) => p.message).join('; ')}`);
  }
  const parsed = result.bundle.parsed;
  if (!parsed || typeof parsed !== 'object' || !('openapi' in parsed)) {
    throw new Error(`${file} is not an OpenAPI document`);
  }
  return parsed as Json;
}

/**
 * The spec of the working tree.
 * @param root repository root
 */
export function bundleWorkingTree(root: string) {
  return bundleFile(specRoot(root));
}

/**
 * The spec as it was at a git ref: its spec/ folder and redocly.yaml are exported to a temporary folder
 * (no checkout: the working tree is untouched) and bundled there.
 * @param root repository root
 * @param ref a tag, branch or commit
 */
export async function bundleAtRef(root: string, ref: string) {
  const work = mkdtempSync(join(tmpdir(), 'nox-spec-at-ref-'));
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const files = git('ls-tree', '-r', '-z', '--name-only', ref, '--', 'spec', 'redocly.yaml')
      .toString('utf8')
      .split('\0')
      .filter(Boolean);
    if (!files.some((f) => f.startsWith('spec/'))) {
      throw new Error(`${ref} has no spec/ folder`);
    }
    for (const file of files) {
      const target = join(work, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git('show', `${ref}:${file}`));
    }
    return await bundleFile(specRoot(work));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
