import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
    // The site test installs and builds two tagged versions and drives Chromium: minutes on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
