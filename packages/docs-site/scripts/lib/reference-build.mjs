// Builds one version's reference with that version's own site builder: the sources of a git tag (or of the
// working tree, for next/) are exported to a temporary folder, the docs package's dependencies installed
// there from the lockfile of that version, and the docs package's own `build` script run. Its
// `packages/docs/dist/site/` is the reference. Nothing is hand-copied and the checkout is never touched.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The package whose `build` makes the site, and where it writes it, in every version. */
export const DOCS_PACKAGE = '@nox-energy/docs';
export const DOCS_DIR = 'packages/docs';
export const SITE_DIR = 'packages/docs/dist/site';

/** Each step is bounded: a version that hangs is reported as not built, the others go on. */
const STEP_TIMEOUT_MS = 10 * 60_000;

/**
 * @typedef {object} BuildOptions
 * @property {string} root the repository
 * @property {string} [ref] a tag or commit; without it, the working tree (tracked and untracked, not ignored, files)
 * @property {'offline' | 'prefer-offline' | 'online'} [install] how pnpm may reach the registry (default prefer-offline)
 */
/**
 * @typedef {{ ok: true, dir: string, site: string, ms: number, cleanup: () => void }
 *   | { ok: false, error: string, ms: number }} BuildResult
 */

/**
 * Runs a command, resolving with its exit code and the end of its output; never rejects.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd: string }} options
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(cmd, args, { cwd }) {
  return new Promise((resolve) => {
    // Variables a parent `pnpm run` sets would point the child at the outer workspace.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(npm_|PNPM_SCRIPT_SRC_DIR|INIT_CWD)/i.test(k)),
    );
    const child = spawn(cmd, args, { cwd, env: { ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (/** @type {Buffer} */ chunk) => {
      output = (output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(stopped after ${STEP_TIMEOUT_MS / 60_000} minutes)`;
      child.kill('SIGKILL');
    }, STEP_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/**
 * Writes the files of `ref` into `dir` (`git archive`, no checkout).
 * @param {string} root
 * @param {string} ref
 * @param {string} dir
 */
async function exportRef(root, ref, dir) {
  const archive = join(dir, '.export.tar');
  const made = await run('git', ['archive', '--format=tar', '-o', archive, `${ref}^{commit}`], { cwd: root });
  if (made.code !== 0) {
    throw new Error(`git archive ${ref} failed: ${made.output.trim()}`);
  }
  const unpacked = await run('tar', ['-xf', archive, '-C', dir], { cwd: dir });
  rmSync(archive, { force: true });
  if (unpacked.code !== 0) {
    throw new Error(`could not unpack ${ref}: ${unpacked.output.trim()}`);
  }
}

/**
 * Copies the working tree's files (tracked or new, not ignored) into `dir`.
 * @param {string} root
 * @param {string} dir
 */
function exportWorkingTree(root, dir) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = join(root, file);
    if (existsSync(from)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      copyFileSync(from, join(dir, file));
    }
  }
}

/**
 * Builds the reference of `ref` (or the working tree). On failure the temporary folder is removed and the
 * reason returned; on success the caller copies `site` and calls `cleanup`.
 * @param {BuildOptions} options
 * @returns {Promise<BuildResult>}
 */
export async function buildReference({ root, ref, install = 'prefer-offline' }) {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'nox-docs-version-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const fail = (/** @type {string} */ error) => {
    cleanup();
    return /** @type {BuildResult} */ ({ ok: false, error, ms: Math.round(performance.now() - started) });
  };
  try {
    if (ref) {
      await exportRef(root, ref, dir);
    } else {
      exportWorkingTree(root, dir);
    }
    const manifest = join(dir, DOCS_DIR, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.build) {
      return fail(`it has no ${DOCS_DIR}/package.json with a build script`);
    }
    const installArgs = ['install', '--frozen-lockfile', '--filter', DOCS_PACKAGE, '--reporter=append-only'];
    if (install !== 'online') {
      installArgs.push(`--${install}`);
    }
    const installed = await run('pnpm', installArgs, { cwd: dir });
    if (installed.code !== 0) {
      return fail(`pnpm install failed:\n${installed.output.trim()}`);
    }
    const built = await run('pnpm', ['run', 'build'], { cwd: join(dir, DOCS_DIR) });
    if (built.code !== 0) {
      return fail(`the docs build failed:\n${built.output.trim()}`);
    }
    const site = join(dir, SITE_DIR);
    if (!existsSync(join(site, 'index.html'))) {
      return fail(`the docs build wrote no ${SITE_DIR}/index.html`);
    }
    return { ok: true, dir, site, ms: Math.round(performance.now() - started), cleanup };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
