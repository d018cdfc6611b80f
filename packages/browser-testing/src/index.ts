// Launches Debian's Chromium for the workspace's browser tests. A test never downloads a browser here: when
// Chromium is missing, launching fails and says how to install it.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

export const defaultChromiumPath = '/usr/bin/chromium';

/**
 * Headless, and with Chromium's own background traffic (updates, sync, QUIC) switched off, so a test sends
 * nothing beyond what its pages ask for. `--no-sandbox` lets it start as root (CI containers).
 */
export const chromiumFlags: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a test says when there is no Chromium at `path`. */
export function chromiumNotFoundMessage(path: string): string {
  return `Chromium not found at ${path}; install it with \`apt-get install chromium\` (Debian) or set CHROMIUM_PATH`;
}

/** The Chromium executable: CHROMIUM_PATH, else /usr/bin/chromium. Throws how to install it when missing. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH || defaultChromiumPath;
  if (!existsSync(path)) {
    throw new Error(chromiumNotFoundMessage(path));
  }
  return path;
}

/**
 * Starts Chromium from `chromiumPath()` with `chromiumFlags` (plus any `args` given). Each launch gets a fresh,
 * empty profile: Playwright makes a new temporary --user-data-dir and removes it on `browser.close()` (it refuses
 * a --user-data-dir in `args`).
 */
export async function launchChromium(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  return await chromium.launch({ ...options, executablePath, args: [...chromiumFlags, ...(options.args ?? [])] });
}
