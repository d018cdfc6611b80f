// Runs the Redocly CLI installed with this package, with telemetry and update checks off, and without its
// Node.js 20 end-of-life banner.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';

const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

/**
 * @typedef {{ code: number, stdout: string, stderr: string }} RedoclyResult
 */

// Redocly CLI 2.x prints a boxed "Deprecation warning: Node.js 20 support is ending" on every run under Node 20
// (no setting or environment variable turns it off). It is about Redocly's own future releases: this package
// pins a Redocly that runs on Node 20, and the toolkit supports Node >= 20. Left in, it sits in the middle of
// every lint failure; it is cut from the output, and only that box.
const BOX = /^[ \t]*╔═+╗\r?\n(?:[ \t]*║.*║\r?\n)*[ \t]*╚═+╝[ \t]*(?:\r?\n)+/gmu;

/**
 * `text` without Redocly's Node.js 20 end-of-life box (other boxes stay).
 * @param {string} text
 */
export function withoutNode20Banner(text) {
  return text.replace(BOX, (box) => (/Node\.js 20 support is ending/.test(box) ? '' : box));
}

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
      resolve({
        code: error ? Number(error.code) : 0,
        stdout: withoutNode20Banner(stdout),
        stderr: withoutNode20Banner(stderr),
      });
    });
  });
}
