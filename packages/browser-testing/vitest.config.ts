import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
    // Starting Chromium takes seconds on a busy 2-core machine.
    testTimeout: 60_000,
  },
});
