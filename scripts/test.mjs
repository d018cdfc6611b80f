#!/usr/bin/env node
// The one test command: every check of the repository, then one closing line `N passed, N failed`.
//
// Repository-wide checks run as steps below; each package's `lint` (type-check) and `test` (vitest)
// run through turbo, so a spec edit re-runs exactly what depends on it and the rest comes from cache.
// A vitest run counts its own tests (from the JSON report it writes to .reports/vitest.json); every
// other step or task counts as one test.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', FORCE_COLOR: '0' };

/** Repository-wide checks, in order. Each is one test. */
const steps = [
  { name: 'format and lint (biome)', cmd: 'pnpm', args: ['exec', 'biome', 'check', '.'] },
  { name: 'generated files are up to date', cmd: 'node', args: ['scripts/check-generated.mjs'] },
  {
    name: 'spec: no breaking change without a major changeset',
    cmd: 'node',
    args: ['scripts/release/check-breaking.mjs'],
  },
];

const results = [];
const run = (name, cmd, args) => {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const { status } = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  return status === 0;
};

for (const step of steps) {
  const ok = run(step.name, step.cmd, step.args);
  results.push({ name: step.name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
}

const workspaces = findWorkspaces();
for (const dir of workspaces) {
  rmSync(join(dir, '.reports'), { recursive: true, force: true });
}
rmSync(join(root, '.turbo/runs'), { recursive: true, force: true });
// Four tasks at a time: on a 2-core machine more only adds contention (and time-sensitive tests get slower).
run('packages: lint and test (turbo)', 'pnpm', [
  'exec',
  'turbo',
  'run',
  'lint',
  'test',
  '--continue',
  '--summarize',
  '--concurrency=4',
]);

const summary = readTurboSummary();
for (const task of summary?.tasks ?? []) {
  const dir = join(root, task.directory ?? '');
  const ok = task.execution?.exitCode === 0;
  const report = join(dir, '.reports/vitest.json');
  if (task.task === 'test' && existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && !s.assertionResults?.length);
    results.push({
      name: `${task.package} tests`,
      passed: r.numPassedTests,
      failed: r.numFailedTests + failedSuites.length + (ok || r.numFailedTests ? 0 : 1),
    });
  } else if (['lint', 'test'].includes(task.task)) {
    results.push({ name: `${task.package} ${task.task}`, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  }
}
if (!summary) {
  results.push({ name: 'turbo run summary', passed: 0, failed: 1 });
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('\n=== Summary');
for (const r of results) {
  console.log(`${r.failed ? 'FAIL' : 'ok  '} ${r.name} (passed ${r.passed}, failed ${r.failed})`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

function findWorkspaces() {
  const dirs = [];
  for (const parent of ['packages']) {
    for (const name of readdirSync(join(root, parent))) {
      const dir = join(root, parent, name);
      if (statSync(dir).isDirectory() && existsSync(join(dir, 'package.json'))) {
        dirs.push(dir);
      }
    }
  }
  if (existsSync(join(root, 'bench/package.json'))) {
    dirs.push(join(root, 'bench'));
  }
  return dirs;
}

function readTurboSummary() {
  const runs = join(root, '.turbo/runs');
  if (!existsSync(runs)) {
    return undefined;
  }
  const file = readdirSync(runs).find((f) => f.endsWith('.json'));
  return file ? JSON.parse(readFileSync(join(runs, file), 'utf8')) : undefined;
}
