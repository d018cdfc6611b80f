// Runs the Redocly CLI installed with this package, with telemetry and update checks off.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

/**
 * @typedef {{ code: number, stdout: string, stderr: string }} RedoclyResult
 */

/**
 * Runs `redocly <args>` in `cwd` and resolves with its exit code and output (it never rejects on a
 * non-zero exit: the caller decides what a finding means).
 * @param {string[]} args
 * @param {{ cwd: string }} options
 * @returns {Promise<RedoclyResult>}
 */
export function runRedocly(args, { cwd }) {
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(error);
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
