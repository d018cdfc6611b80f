import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { MockConfigError, readConfigFile, startMockServer } from '../src/index.js';
import { isAllowedRedirect, parseRedirectRule } from '../src/redirect-rules.js';
import { errorMessage, post, SUPPLIER_PATH, startTestMock, supplierBody } from './helpers.js';

const ROLES = ['supplier', 'manufacturer'];
const account = {
  role: 'supplier',
  name: 'Volt BV',
  apiKey: 'volt-secret-key',
  allowedRedirectUrls: ['https://volt.example/cb'],
};

describe('config validation', () => {
  it.each([
    [
      { accounts: [{ ...account, role: 'installer' }] },
      'config.accounts.0.role: must be one of supplier, manufacturer',
    ],
    [{ accounts: [{ ...account, apiKey: undefined }] }, "config.accounts.0: must have required property 'apiKey'"],
    [
      { accounts: [{ ...account, apiKey: 'short' }] },
      'config.accounts.0.apiKey: must NOT have fewer than 8 characters',
    ],
    [
      { accounts: [account, { ...account, name: 'Other' }] },
      'config.accounts.1.apiKey: the same key is used by another account',
    ],
    [{ accounts: [] }, 'config.accounts: must NOT have fewer than 1 items'],
    [{ maxLiveSessions: 0 }, 'config.maxLiveSessions: must be >= 1'],
    [{ maxLiveSession: 5 }, 'config: has an unknown property "maxLiveSession"'],
    [{ publicUrl: 'ftp://x' }, 'config.publicUrl: must match pattern "^https?://"'],
    [
      { accounts: [{ ...account, allowedRedirectUrls: ['volt.example/cb'] }] },
      'config.accounts.0.allowedRedirectUrls.0: "volt.example/cb" is not an http(s) URL or a pattern like http://localhost:*',
    ],
    [
      { accounts: [{ ...account, allowedRedirectUrls: ['http://localhost:*/cb'] }] },
      'config.accounts.0.allowedRedirectUrls.0: "http://localhost:*/cb": a pattern with port * allows every path; leave the path out',
    ],
  ])('refuses %j', (config, message) => {
    expect(() => resolveConfig(config, ROLES)).toThrow(new MockConfigError(message));
  });

  it('applies defaults and keeps the demo accounts when none are given', () => {
    const resolved = resolveConfig({}, ROLES);
    expect(resolved.maxLiveSessions).toBe(10_000);
    expect(resolved.maxBodyBytes).toBe(65_536);
    expect(resolved.accounts.map((item) => item.apiKey)).toEqual(['demo-supplier-key', 'demo-manufacturer-key']);
  });

  it('reads a config file and names the file in its errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nox-mock-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ accounts: [account] }));
    expect(readConfigFile(good)).toEqual({ accounts: [account] });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "accounts": [ }');
    expect(() => readConfigFile(bad)).toThrow(/bad\.json: is not valid JSON/);
    expect(() => readConfigFile(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read it \(ENOENT\)/);
  });

  it('makes startMockServer reject an invalid config', async () => {
    await expect(startMockServer({ port: 0, config: { maxBodyBytes: 10 } })).rejects.toThrow(
      'config.maxBodyBytes: must be >= 1024',
    );
  });
});

describe('redirect rules', () => {
  const rules = ['https://app.example/callback', 'http://localhost:*', 'http://[::1]:*'].map(parseRedirectRule);
  it.each([
    ['https://app.example/callback', true],
    ['https://app.example/callback?state=1#x', true],
    ['https://APP.example/callback', true],
    ['https://app.example:443/callback', true],
    ['https://app.example/callback/', false],
    ['https://app.example/Callback', false],
    ['https://app.example.evil/callback', false],
    ['http://app.example/callback', false],
    ['http://localhost', true],
    ['http://localhost:65535/a/b?c', true],
    ['https://localhost:3000/', false],
    ['http://localhost@evil.example/', false],
    ['http://[::1]:8080/cb', true],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedRedirect(rules, url)).toBe(allowed);
  });
});

describe('a configured account', () => {
  it('authenticates with its key, answers with its name and allows only its URLs', async () => {
    const mock = await startTestMock({ config: { accounts: [account], maxBodyBytes: 2048 } });
    const ok = await post(mock, SUPPLIER_PATH, supplierBody({ redirect_url: 'https://volt.example/cb' }), {
      key: 'volt-secret-key',
    });
    expect(ok.status).toBe(201);
    expect(ok.json.supplier).toBe('Volt BV');
    const demoKey = await post(mock, SUPPLIER_PATH, supplierBody(), { key: 'demo-supplier-key' });
    expect(demoKey.status).toBe(401);
    const localhost = await post(mock, SUPPLIER_PATH, supplierBody({ redirect_url: 'http://localhost:3000/cb' }), {
      key: 'volt-secret-key',
    });
    expect(errorMessage(localhost)).toMatch(/^redirect_url: is not an allowed redirect URL of Volt BV/);
    const large = await post(mock, SUPPLIER_PATH, supplierBody({ padding: 'x'.repeat(3000) }), {
      key: 'volt-secret-key',
    });
    expect(errorMessage(large)).toBe('body: must not exceed 2048 bytes');
  });

  it('uses publicUrl in link_url', async () => {
    const mock = await startTestMock({ config: { publicUrl: 'https://mock.example.test:8443/' } });
    const result = await post(mock, SUPPLIER_PATH, supplierBody(), { key: 'demo-supplier-key' });
    expect(String(result.json.link_url)).toMatch(/^https:\/\/mock\.example\.test:8443\/ui\?token=/);
  });
});
