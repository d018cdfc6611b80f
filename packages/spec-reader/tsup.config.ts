import { defineConfig, type Options } from 'tsup';

const common: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  // The build script empties dist first: two parallel builds must not clean each other's output.
  clean: false,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
  // `import.meta.url` (to find the fixture spec) also works in the CommonJS build.
  shims: true,
};

// Two builds, so that each entry's types are one self-contained file: the mock and the contract tests inline
// the reader's types into their own published types, and a shared chunk would not come along.
export default defineConfig([
  { ...common, entry: ['src/index.ts'] },
  { ...common, entry: ['src/fixtures.ts'] },
]);
