import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { chromiumFlags, chromiumPath, defaultChromiumPath, launchChromium } from '../src/index.js';

const missing = join(import.meta.dirname, 'no-such-chromium');
const installHint = `Chromium not found at ${missing}; install it with \`apt-get install chromium\` (Debian) or set CHROMIUM_PATH`;

describe('chromiumPath', () => {
  it('fails, saying how to install Chromium, when CHROMIUM_PATH names a missing file', () => {
    expect(existsSync(missing)).toBe(false);
    expect(() => chromiumPath({ CHROMIUM_PATH: missing })).toThrow(installHint);
  });

  it('uses CHROMIUM_PATH when that file exists', () => {
    expect(chromiumPath({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('falls back to /usr/bin/chromium when CHROMIUM_PATH is unset or empty', () => {
    for (const env of [{}, { CHROMIUM_PATH: '' }]) {
      // Returns the path when Chromium is installed; otherwise the error names the path it looked at.
      const outcome = (() => {
        try {
          return chromiumPath(env);
        } catch (error) {
          return String(error);
        }
      })();
      expect(outcome).toContain(defaultChromiumPath);
    }
  });
});

describe('launchChromium', () => {
  it('rejects with the install hint, launching nothing, when Chromium is missing', async () => {
    vi.stubEnv('CHROMIUM_PATH', missing);
    try {
      await expect(launchChromium()).rejects.toThrow(installHint);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('starts Chromium with the flags, any extra args and a fresh temporary profile on every launch', async () => {
    /** Chromium's own page on how it was started: its command line and its profile folder. */
    const startedWith = async (args?: string[]) => {
      const browser = await launchChromium(args ? { args } : {});
      try {
        const page = await browser.newPage();
        await page.goto('chrome://version');
        return {
          commandLine: (await page.textContent('#command_line')) ?? '',
          profile: (await page.textContent('#profile_path')) ?? '',
        };
      } finally {
        await browser.close();
      }
    };
    // Chromium ignores a switch it does not know, but lists it on its command line.
    const first = await startedWith(['--nox-extra-switch']);
    const second = await startedWith();
    for (const flag of [...chromiumFlags, '--nox-extra-switch']) {
      expect(first.commandLine.split(' ')).toContain(flag);
    }
    expect(second.commandLine.split(' ')).not.toContain('--nox-extra-switch');
    expect(first.profile.startsWith(join(tmpdir(), 'playwright_chromiumdev_profile-'))).toBe(true);
    expect(second.profile.startsWith(join(tmpdir(), 'playwright_chromiumdev_profile-'))).toBe(true);
    expect(second.profile).not.toBe(first.profile);
    // Removed on close, so no launch sees another's cookies or storage.
    expect(existsSync(first.profile)).toBe(false);
  });
});
