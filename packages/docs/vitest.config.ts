import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
    // The lint and browser tests start Redocly and Chromium: seconds each on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
