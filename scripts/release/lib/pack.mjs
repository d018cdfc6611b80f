// Packs the published packages exactly as `pnpm publish` would (workspace:* ranges become versions).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { publishedPackages } from './workspace.mjs';

/** @typedef {import('./workspace.mjs').WorkspacePackage} WorkspacePackage */
/**
 * @typedef {object} PackedPackage
 * @property {string} name
 * @property {string} version
 * @property {string} dir the package's folder in the workspace
 * @property {string} tarball absolute path of the .tgz
 * @property {number} size bytes of the .tgz
 * @property {number} unpackedSize bytes of all files
 * @property {{ path: string, size: number, mode: string }[]} files paths inside the tarball, without `package/`
 * @property {Record<string, any>} manifest the package.json inside the tarball
 */

/**
 * @param {string} outDir
 * @param {WorkspacePackage[]} [packages]
 * @returns {PackedPackage[]}
 */
export function packAll(outDir, packages = publishedPackages()) {
  return packages.map((pkg) => {
    const out = execFileSync('pnpm', ['pack', '--pack-destination', outDir, '--json'], {
      cwd: pkg.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const info = JSON.parse(out.slice(out.indexOf('{')));
    const tarball = /** @type {string} */ (info.filename);
    const files = listTarball(tarball);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    return {
      name: pkg.name,
      version: pkg.version,
      dir: pkg.dir,
      tarball,
      size: statSync(tarball).size,
      unpackedSize: files.reduce((n, f) => n + f.size, 0),
      files,
      manifest,
    };
  });
}

/**
 * The regular files of a .tgz, from GNU tar's verbose listing.
 * @param {string} tarball
 */
export function listTarball(tarball) {
  const out = execFileSync('tar', ['-tzvf', tarball, '--numeric-owner'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.startsWith('-'))
    .map((line) => {
      const [mode, , size, , , ...rest] = line.trim().split(/\s+/);
      return { mode: mode ?? '', size: Number(size), path: rest.join(' ').replace(/^package\//, '') };
    });
}

/**
 * A byte count for people: 1234 -> "1.2 kB".
 * @param {number} bytes
 */
export function formatBytes(bytes) {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
