// The client's size budgets: each of its ESM entry points with what it imports, minified and brotli-compressed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkBudgets, measure, readBudgets } from '../lib/size.mjs';

const clientManifest = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@nox-energy/client/package.json'), 'utf8'),
) as { exports: Record<string, unknown> };

describe('size budget', () => {
  it('@nox-energy/client (with openapi-fetch, min + brotli) stays within its budget', async () => {
    const [client] = (await checkBudgets()).filter((r) => r.name === '@nox-energy/client');
    expect(client, 'the budget file names @nox-energy/client').toBeDefined();
    if (!client) {
      return;
    }
    console.log(
      `@nox-energy/client: ${client.minified} B minified, ${client.brotli} B brotli, ${client.gzip} B gzip (budget ${client.budget} B brotli)`,
    );
    expect(client.inputs).toEqual(expect.arrayContaining(['@nox-energy/client', 'openapi-fetch']));
    expect(client.brotli, `${client.brotli} B brotli is over the budget of ${client.budget} B`).toBeLessThanOrEqual(
      client.budget,
    );
  });

  it('every entry point of the client has a budget, and each stays within it', async () => {
    const entries = Object.keys(clientManifest.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => `@nox-energy/client${subpath.slice(1)}`);
    expect(entries).toEqual(
      expect.arrayContaining(['@nox-energy/client', '@nox-energy/client/pagination', '@nox-energy/client/webhooks']),
    );
    expect(Object.keys(readBudgets())).toEqual(expect.arrayContaining(entries));
    const reports = await checkBudgets();
    for (const entry of entries) {
      const report = reports.find((r) => r.name === entry);
      console.log(`${entry}: ${report?.minified} B minified, ${report?.brotli} B brotli (budget ${report?.budget} B)`);
      expect(report?.ok, `${entry}: ${report?.brotli} B brotli is over ${report?.budget} B`).toBe(true);
    }
    // The webhooks entry is for edge functions: it must not pull in openapi-fetch.
    expect(reports.find((r) => r.name === '@nox-energy/client/webhooks')?.inputs).toEqual(['@nox-energy/client']);
  });

  it('measures real compressed bytes (a bundle is smaller compressed than minified, and not empty)', async () => {
    const types = await measure('@nox-energy/types');
    expect(types.brotli).toBeGreaterThan(100);
    expect(types.brotli).toBeLessThan(types.minified);
  });

  it('every budget says why it is what it is', () => {
    for (const budget of Object.values(readBudgets())) {
      expect(budget.brotli).toBeGreaterThan(0);
      expect(budget.why.length).toBeGreaterThan(40);
    }
  });
});
