// Lints the spec (strict: any finding fails the build) and bundles it into dist/openapi.{yaml,json}.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(pkg, '../..');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
const redocly = (...args) => execFileSync('redocly', args, { cwd: root, env, stdio: 'inherit' });

mkdirSync(resolve(pkg, 'dist'), { recursive: true });
redocly('lint', '--config', 'redocly.yaml', '--max-problems', '1000');
redocly('bundle', 'nox', '--config', 'redocly.yaml', '-o', resolve(pkg, 'dist/openapi.yaml'));
redocly('bundle', 'nox', '--config', 'redocly.yaml', '--ext', 'json', '-o', resolve(pkg, 'dist/openapi.json'));
