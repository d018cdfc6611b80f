import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumPath, defaultChromiumPath } from './helpers/chromium.js';
import { packageDir } from './helpers/spec.js';

describe('chromiumPath', () => {
  it('fails, saying how to install Chromium, when CHROMIUM_PATH names a missing file', () => {
    const missing = join(packageDir, 'no-such-chromium');
    expect(() => chromiumPath({ CHROMIUM_PATH: missing })).toThrow(
      `Chromium not found at ${missing}; install it with \`apt-get install chromium\` (Debian) or set CHROMIUM_PATH`,
    );
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
