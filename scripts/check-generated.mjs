#!/usr/bin/env node
// Fails when a generated file in git differs from what the spec generates now.
// It regenerates everything (turbo run generate) and asks git whether any generated file changed,
// appeared or disappeared. Generated files live in a `src/generated/` folder of their package.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

const gen = spawnSync('pnpm', ['exec', 'turbo', 'run', 'generate', '--output-logs=errors-only'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (gen.status !== 0) {
  console.error('check-generated: `turbo run generate` failed');
  process.exit(1);
}

const status = execFileSync(
  'git',
  ['status', '--porcelain', '--untracked-files=all', '--', ':(glob)**/src/generated/**'],
  { cwd: root, encoding: 'utf8' },
).trim();
if (status) {
  console.error('check-generated: these generated files differ from what the spec generates:');
  console.error(status);
  console.error('Run `pnpm generate` and commit the result.');
  process.exit(1);
}
console.log('check-generated: every generated file is up to date.');
