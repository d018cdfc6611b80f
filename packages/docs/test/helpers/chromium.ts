// Finds Debian's Chromium for the browser tests. A test tool never downloads a browser here: when it is
// missing, the tests fail and say how to install it.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const defaultChromiumPath = '/usr/bin/chromium';

/** The Chromium executable: CHROMIUM_PATH, else /usr/bin/chromium. Throws how to install it when missing. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.CHROMIUM_PATH || defaultChromiumPath;
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}; install it with \`apt-get install chromium\` (Debian) or set CHROMIUM_PATH`,
    );
  }
  return path;
}

/** Starts headless Chromium (Playwright gives it a fresh profile) with its own background traffic switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
