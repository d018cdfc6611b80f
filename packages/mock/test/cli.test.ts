// The command-line entry, as `pnpm mock` and `npx @nox-energy/mock` run it (the built dist/cli.js).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning, portIsFree } from '@nox-energy/browser-testing/processes';
import { withFixtureOperations } from '@nox-energy/spec-reader/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBundledSpec } from '../src/index.js';
import { operationsWithoutHandler } from './helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
  }
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = async (pattern: RegExp) => {
    for (let i = 0; i < 600 && !pattern.test(stdout) && child.exitCode === null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return stdout;
  };
  return { child, exited, output, stderr: () => stderr, stdout: () => stdout };
}

describe('nox-mock', () => {
  it('prints its URL, base URL and the demo credentials, serves, and stops on SIGTERM', async () => {
    const cli = run(['--port', '0']);
    const printed = await cli.output(/Ctrl\+C/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
    expect(url).toBeDefined();
    expect(printed).toContain(`${url}/v2`);
    expect(printed).toMatch(/supplier\s+Acme Energy\s+demo-supplier-key/);
    expect(printed).toMatch(/manufacturer\s+Acme Manufacturing\s+demo-manufacturer-key/);
    expect(printed).toContain('https://your-app.com/callback');

    const response = await fetch(`${url}/v2/manufacturer/device-connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo-manufacturer-key' },
      body: JSON.stringify({ user_id: 'cli-user' }),
    });
    expect(response.status).toBe(201);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('takes the port from PORT, and --port over PORT', async () => {
    const fromEnv = run([], { PORT: '0' });
    expect(await fromEnv.output(/Ctrl\+C/)).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    fromEnv.child.kill('SIGINT');
    expect(await fromEnv.exited).toBe(0);

    const badEnv = run([], { PORT: 'eighty' });
    expect(await badEnv.exited).toBe(2);
    expect(badEnv.stderr()).toContain('PORT: must be a port number');

    const flagWins = run(['--port', '0'], { PORT: 'eighty' });
    expect(await flagWins.output(/Ctrl\+C/)).toContain('listening on');
  });

  it('loads a config file, without printing its keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nox-mock-cli-'));
    const file = join(dir, 'mock.json');
    writeFileSync(
      file,
      JSON.stringify({
        accounts: [
          {
            role: 'supplier',
            name: 'Volt BV',
            apiKey: 'volt-private-key',
            allowedRedirectUrls: ['http://localhost:*'],
          },
        ],
      }),
    );
    const cli = run(['--port', '0', '--config', file]);
    const printed = await cli.output(/Ctrl\+C/);
    expect(printed).toMatch(/supplier\s+Volt BV/);
    expect(printed).not.toContain('volt-private-key');
    expect(printed).not.toContain('demo-supplier-key');
  });

  it('exits with 2 and a message naming the field on a bad config or option', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nox-mock-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ accounts: [{ role: 'supplier', name: 'X' }] }));
    const badConfig = run(['--config', file]);
    expect(await badConfig.exited).toBe(2);
    expect(badConfig.stderr()).toContain("config.accounts.0: must have required property 'apiKey'");

    const unknownOption = run(['--prot', '1']);
    expect(await unknownOption.exited).toBe(2);
    expect(unknownOption.stderr()).toContain("Unknown option '--prot'");
  });

  it('serves a --spec file, listing the operations it does not serve yet; names the file when it is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nox-mock-cli-'));
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(withFixtureOperations(loadBundledSpec())));
    const cli = run(['--port', '0', '--spec', file]);
    const printed = await cli.output(/Ctrl\+C/);
    const unserved = operationsWithoutHandler(withFixtureOperations(loadBundledSpec()));
    expect(unserved.length).toBeGreaterThan(0);
    expect(printed).toContain(
      `Not served yet (${unserved.length} operations of the spec answer 501 after the key check):`,
    );
    expect(printed).toMatch(/patchDeviceSettings\s+PATCH \/v1\/devices\/settings \(package API\)/);
    expect(printed).toMatch(/connectUserToNoxV1\s+POST \/users\/\{userId\}\/link \(authenticator-v1 API\)/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
    const response = await fetch(`${url}/v1/devices/settings`, {
      method: 'PATCH',
      headers: { 'x-api-key': 'demo-supplier-key', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^patchDeviceSettings: not implemented/) });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"openapi": ');
    const badSpec = run(['--spec', bad]);
    expect(await badSpec.exited).toBe(2);
    expect(badSpec.stderr()).toContain(`--spec ${bad}: is not valid JSON`);
  });

  it('serves every operation of the bundled spec, and fills the demo fleet of --devices with --seed', async () => {
    const cli = run(['--port', '0', '--devices', '25', '--seed', '3']);
    const printed = await cli.output(/Ctrl\+C/);
    expect(operationsWithoutHandler(loadBundledSpec())).toEqual([]);
    expect(printed).not.toContain('Not served yet');
    expect(printed).toMatch(/World: \d+ users, 25 devices/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
    const response = await fetch(`${url}/v1/devices?limit=4000`, { headers: { 'x-api-key': 'demo-supplier-key' } });
    expect(response.status).toBe(200);
    const pv = await fetch(`${url}/v1/devices/pv?limit=4000`, { headers: { 'x-api-key': 'demo-supplier-key' } });
    const count = (body: unknown) => (body as { data: unknown[] }).data.length;
    expect(count(await response.json()) + count(await pv.json())).toBe(25);
    expect(await run(['--devices', 'many']).exited).toBe(2);
  });

  it('prints its help', async () => {
    const cli = run(['--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('Usage: nox-mock');
  });

  it('stops, freeing its port, when the process that started it is killed (as killing `pnpm mock` by its PID)', async () => {
    // A wrapper like pnpm: it starts the CLI with its own stdio and does not pass signals on.
    const wrapper = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath, [${JSON.stringify(CLI)}, '--port', '0'], { stdio: 'inherit' }); console.log('server pid ' + c.pid)`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(wrapper);
    let printed = '';
    wrapper.stdout.on('data', (chunk) => {
      printed += chunk;
    });
    for (let i = 0; i < 600 && !/Ctrl\+C/.test(printed); i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(printed)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(await portIsFree(port)).toBe(false);
    const pid = Number(/server pid (\d+)/.exec(printed)?.[1]);
    expect(pid).toBeGreaterThan(0);
    wrapper.kill('SIGKILL');
    const killed = Date.now();
    // The server's exit is what frees its port; the port alone could be taken again by another test's server.
    while (isRunning(pid) && Date.now() - killed < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const ms = Date.now() - killed;
    expect(isRunning(pid), `server ${pid} still running ${ms} ms after the wrapper was killed`).toBe(false);
    expect(ms).toBeLessThan(5_000);
  });
});
