import { defineConfig } from 'vitest/config';

// Only the pure helpers are tested here; the benchmarks themselves run with `pnpm bench`, never as tests.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
  },
});
