import { defineConfig } from 'tsup';

export default defineConfig({
  // The runner, and the servers it starts as child processes (one process per server under load).
  entry: ['src/cli.ts', 'src/servers/bare-server.ts', 'src/servers/mock-server.ts', 'src/servers/pages-server.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'node',
  // Everything from node_modules stays an import: the bench runs where it is installed.
  skipNodeModulesBundle: true,
});
