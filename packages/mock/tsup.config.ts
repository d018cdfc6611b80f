import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  // The spec reader's types are inlined too: the published types must not import a private package.
  dts: { entry: 'src/index.ts', resolve: ['@nox-energy/spec-reader'] },
  clean: true,
  sourcemap: true,
  // `import.meta.url` (to find the bundled spec) also works in the CommonJS build.
  shims: true,
  target: 'es2022',
  // The spec reader is a private workspace package: bundled in, so the published package does not depend on it.
  noExternal: ['@nox-energy/spec-reader'],
});
