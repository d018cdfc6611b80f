// Servers under load run in their own process (autocannon runs in the bench's process), one at a time.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Sends a message and resolves with the child's answer of the same `type` (servers started with IPC only). */
  ask<T>(message: { type: string; [key: string]: unknown }): Promise<T>;
  stop(): Promise<void>;
}

/** One of this package's server scripts, built beside the runner (dist/servers/NAME.js). */
export function serverScript(name: 'bare-server' | 'mock-server' | 'pages-server'): URL {
  return new URL(`./servers/${name}.js`, import.meta.url);
}

/** A free TCP port on 127.0.0.1 (closed again at once; the server that gets it binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') {
    throw new Error('could not find a free port');
  }
  return address.port;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function describeExit(child: ChildProcess, output: () => string): Promise<never> {
  return once(child, 'exit').then(([code, signal]) => {
    throw new Error(`server process exited early (code ${code}, signal ${signal}): ${output().slice(-2000)}`);
  });
}

/**
 * Forks one of this package's server scripts (dist/servers/*.js). The script sends `{ type: 'listening', url }`
 * when it is ready and answers messages by `type`.
 */
export async function forkServer(
  script: URL,
  options: { execArgv?: string[]; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  let output = '';
  const child = fork(script, [], {
    execArgv: options.execArgv ?? [],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const listening = new Promise<string>((resolve) => {
    const onMessage = (message: { type?: string; url?: string }) => {
      if (message.type === 'listening' && message.url) {
        child.off('message', onMessage);
        resolve(message.url);
      }
    };
    child.on('message', onMessage);
  });
  const url = await Promise.race([listening, describeExit(child, () => output)]);
  return {
    url,
    child,
    ask<T>(message: { type: string; [key: string]: unknown }) {
      return new Promise<T>((resolve, reject) => {
        const onMessage = (answer: { type?: string }) => {
          if (answer.type === message.type) {
            child.off('message', onMessage);
            resolve(answer as T);
          }
        };
        child.on('message', onMessage);
        if (!child.send(message)) {
          reject(new Error('the server process does not take messages'));
        }
      });
    },
    stop: () => stopChild(child),
  };
}

/** Resolves once something accepts TCP connections on the port (e.g. a server started by a CLI). */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`the process exited (code ${child.exitCode}) before listening on port ${port}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) {
      return;
    }
    await sleep(100);
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

/** Starts a CLI server (e.g. Prism) as a plain process and waits for its port. */
export async function spawnServer(
  command: string,
  args: string[],
  port: number,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  let output = '';
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  child.stdout?.on('data', (chunk) => {
    output = (output + chunk).slice(-20_000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + chunk).slice(-20_000);
  });
  try {
    await waitForPort(port, options.timeoutMs ?? 60_000, child);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}; output: ${output.slice(-2000)}`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    ask: () => Promise.reject(new Error('this server takes no messages')),
    stop: () => stopChild(child),
  };
}
