#!/usr/bin/env node
// `pnpm dev`: edit the spec and see it. Watches spec/ and redocly.yaml; on every save it lints and bundles
// the spec, rebuilds the docs site and regenerates the types and the client's generated files; the docs
// preview at the printed URL reloads itself after each good build and shows the error output after a bad
// one (the page keeps the last good build). Ctrl+C stops.
//
//   node scripts/release/dev.mjs [--port 8080]     (or PORT=8080; 0 picks a free port)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { watchParent } from '../../packages/docs/scripts/lib/parent-watch.mjs';
import { startDevLoop } from './lib/dev-server.mjs';
import { repoRoot } from './lib/workspace.mjs';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const portText = values.port ?? (process.env.PORT || '8080');
if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
  console.error(`dev: --port must be a number from 0 to 65535, got "${portText}"`);
  process.exit(2);
}

/**
 * What a save redoes: lint + bundle the spec and build the docs site (@nox-energy/docs), regenerate the types
 * (turbo: cached when nothing changed), then regenerate the client's files from the new bundle. The tsup
 * builds of the libraries are left to `pnpm build`: they take most of a full build and the preview needs none.
 */
const STEPS = [
  ['exec', 'turbo', 'run', 'generate', '--filter=@nox-energy/types', '--output-logs=errors-only'],
  ['--filter', '@nox-energy/client', 'run', 'generate'],
];
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
};

/**
 * @param {string[]} args
 * @returns {Promise<{ ok: boolean, output: string }>}
 */
const pnpm = (args) =>
  new Promise((done) => {
    const child = spawn('pnpm', args, { cwd: repoRoot, env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => done({ ok: code === 0, output }));
  });

const build = async () => {
  let output = '';
  for (const step of STEPS) {
    const result = await pnpm(step);
    output += result.output;
    if (!result.ok) {
      return { ok: false, output };
    }
  }
  return { ok: true, output };
};

const loop = await startDevLoop({
  watch: [
    { path: join(repoRoot, 'spec') },
    { path: repoRoot, recursive: false, match: (file) => file === 'redocly.yaml' },
  ],
  siteDir: join(repoRoot, 'packages/docs/dist/site'),
  build,
  port: Number(portText),
}).catch((/** @type {{ code?: string }} */ error) => {
  console.error(
    `dev: cannot listen on 127.0.0.1:${portText}${error.code === 'EADDRINUSE' ? ' (port in use; pass --port)' : ''}`,
  );
  process.exit(1);
});

console.log(`dev: docs preview at ${loop.url} (reloads after each build); watching spec/ and redocly.yaml`);
await loop.rebuild();
const stop = () => loop.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Killing `pnpm dev` by its PID does not reach this process: it stops when its parent is gone.
watchParent(stop);
