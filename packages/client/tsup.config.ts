import { defineConfig } from 'tsup';

export default defineConfig({
  // Pagination and webhooks are entries of their own, so the main entry's users do not carry them.
  entry: ['src/index.ts', 'src/pagination.ts', 'src/webhooks.ts'],
  format: ['esm', 'cjs'],
  // One shared chunk for the error classes in both formats: `instanceof NoxError` holds across entries.
  splitting: true,
  // The types of @nox-energy/types are inlined, so openapi-fetch stays the only dependency.
  dts: { resolve: ['@nox-energy/types'] },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
