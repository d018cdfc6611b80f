// Process and port checks the workspace's server tests share: whether a server a test started has really exited,
// and whether its port is free again.
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** Whether a process runs (a zombie waiting to be reaped has exited: its sockets are closed). */
export function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    if (existsSync('/proc/self/stat')) {
      return false;
    }
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Whether nothing listens on 127.0.0.1:port (a connection is refused). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}
