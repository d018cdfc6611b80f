// A temporary clone of this repository with two release tags whose specs differ in a known way:
//   @nox-energy/types@1.0.0  the spec as committed;
//   @nox-energy/types@2.0.0  one operation added (a copy of an existing one under a new path and operationId)
//                            and one value removed from the Language enum of the link-session requests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface TwoReleases {
  repo: string;
  /** operationId of the operation 2.0.0 adds. */
  addedOperationId: string;
  addedPath: string;
  /** The Language value 2.0.0 removes. */
  removedValue: string;
}

const tagDates = { '1.0.0': '2026-01-15T10:00:00Z', '2.0.0': '2026-02-20T10:00:00Z' };

export function makeTwoReleases(): TwoReleases {
  const repo = mkdtempSync(join(tmpdir(), 'nox-docs-site-repo-'));
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', '--single-branch', repoRoot, repo]);
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-c', 'user.name=Docs Test', '-c', 'user.email=docs@test.invalid', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const tag = (version: keyof typeof tagDates) =>
    git(['tag', '-a', '-m', `release ${version}`, `@nox-energy/types@${version}`], {
      GIT_COMMITTER_DATE: tagDates[version],
    });
  tag('1.0.0');

  // An added operation: the last path of the spec again, under a new path and operationId.
  const rootFile = join(repo, 'spec/openapi.yaml');
  const root = readFileSync(rootFile, 'utf8');
  const paths: Record<string, { $ref: string }> = parse(root).paths;
  const [path, item] = Object.entries(paths).at(-1) ?? [];
  if (!path || !item) {
    throw new Error('spec/openapi.yaml has no paths');
  }
  const source = readFileSync(join(repo, 'spec', item.$ref), 'utf8');
  const ids = Array.from(source.matchAll(/operationId: (\w+)/g), (m) => m[1]);
  if (ids.length !== 1) {
    throw new Error(`expected one operation in ${item.$ref}, found ${ids.length}`);
  }
  const addedOperationId = `${ids[0]}Preview`;
  const addedPath = `${path}-preview`;
  const addedFile = item.$ref.replace(/\.yaml$/, '-preview.yaml');
  writeFileSync(
    join(repo, 'spec', addedFile),
    source
      .replace(/operationId: \w+/, `operationId: ${addedOperationId}`)
      .replace(/summary: (.*)/, 'summary: $1 (preview)'),
  );
  // Every operation has a TypeScript sample calling it (the docs build checks): the copied operation's.
  const samples = join(repo, 'spec/code-samples/typescript');
  const sample = readFileSync(join(samples, `${ids[0]}.ts`), 'utf8');
  writeFileSync(join(samples, `${addedOperationId}.ts`), sample.replaceAll(`'${path}'`, `'${addedPath}'`));
  writeFileSync(rootFile, root.replace(/^paths:\n/m, `paths:\n  ${addedPath}:\n    $ref: ${addedFile}\n`));

  // A removed enum value in a request: a Language that is neither the default nor in any example.
  const languageFile = join(repo, 'spec/components/schemas/Language.yaml');
  const languageText = readFileSync(languageFile, 'utf8');
  const language = parse(languageText);
  const removedValue = [...language.enum]
    .reverse()
    .find((v: string) => v !== language.default && !(language.examples ?? []).includes(v));
  const edited = languageText.replace(`\n  - ${removedValue}\n`, '\n');
  if (!removedValue || edited === languageText) {
    throw new Error('could not remove a value from spec/components/schemas/Language.yaml');
  }
  writeFileSync(languageFile, edited);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'API 2.0.0'], {
    GIT_COMMITTER_DATE: tagDates['2.0.0'],
    GIT_AUTHOR_DATE: tagDates['2.0.0'],
  });
  tag('2.0.0');
  return { repo, addedOperationId, addedPath, removedValue };
}
