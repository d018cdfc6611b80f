// The client's size budget: its ESM entry with openapi-fetch, minified and brotli-compressed.
import { describe, expect, it } from 'vitest';
import { checkBudgets, measure, readBudgets } from '../lib/size.mjs';

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
