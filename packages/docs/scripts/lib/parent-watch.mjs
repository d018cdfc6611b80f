// Stops a command-line server when the process that started it is gone. `pnpm docs:preview` (and `pnpm dev`)
// run node as a child of pnpm; killing pnpm's PID does not pass the signal on, and the child kept the port.
// Neither stdin (usually the terminal, still open) nor SIGHUP (only when the terminal closes) says so, and
// Node has no parent-death signal; what does, on every platform, is the parent's PID: an orphan is handed to
// another parent (its ppid changes), and a gone PID no longer answers signal 0.

/** How often the parent is checked: the bound on how long a server outlives it. */
export const PARENT_CHECK_MS = 500;

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once when this process's parent exits. Started by PID 1 or with no parent (a container's
 * entry point, a service manager) there is nothing to follow. The timer never keeps the process alive.
 * @param {() => void} onGone
 * @param {number} [intervalMs]
 * @returns {() => void} stops watching
 */
export function watchParent(onGone, intervalMs = PARENT_CHECK_MS) {
  const parent = process.ppid;
  if (parent <= 1) {
    return () => {};
  }
  const timer = setInterval(() => {
    if (process.ppid !== parent || !isAlive(parent)) {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
