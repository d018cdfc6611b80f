// Watches a folder for changes to the files in it (and in its subfolders, when recursive), by watching each
// folder rather than each file. Node 20's `fs.watch(dir, { recursive: true })` on Linux watches every file
// itself (its inode): after a save by rename (a temporary file renamed over the file, as vim, JetBrains and
// `git checkout` do) it watches the replaced inode and later saves of that file go unseen. A folder's watch
// reports any file in it by name, whatever inode the name points to.
import { readdirSync, watch } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * @param {string} root
 * @param {{ recursive?: boolean }} options
 * @param {(file: string) => void} onChange called with the changed file's path relative to `root`
 * @returns {{ close: () => void }}
 */
export function watchFolder(root, { recursive = true }, onChange) {
  /** @type {Map<string, import('node:fs').FSWatcher>} */
  const watchers = new Map();
  let closed = false;

  const unwatch = (/** @type {string} */ dir) => {
    for (const [path, watcher] of watchers) {
      if (path === dir || path.startsWith(`${dir}/`)) {
        watcher.close();
        watchers.delete(path);
      }
    }
  };
  /** Watches `dir` and, when recursive, every folder below it not watched yet. */
  const add = (/** @type {string} */ dir) => {
    if (closed || watchers.has(dir)) {
      return;
    }
    /** @type {import('node:fs').FSWatcher} */
    let watcher;
    try {
      watcher = watch(dir, (event, name) => {
        const file = name ? relative(root, join(dir, String(name))) : relative(root, dir);
        if (recursive && event === 'rename') {
          // A folder may have appeared (watch it) or gone (its watch ends with an error).
          scan(dir);
        }
        onChange(file);
      });
    } catch {
      return; // gone before it could be watched
    }
    watcher.on('error', () => unwatch(dir));
    watchers.set(dir, watcher);
    if (recursive) {
      scan(dir);
    }
  };
  const scan = (/** @type {string} */ dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      unwatch(dir);
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        add(join(dir, entry.name));
      }
    }
  };

  add(root);
  return {
    close: () => {
      closed = true;
      for (const watcher of watchers.values()) {
        watcher.close();
      }
      watchers.clear();
    },
  };
}
