import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The types of @nox-energy/types are inlined, so openapi-fetch stays the only dependency.
  dts: { resolve: ['@nox-energy/types'] },
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
