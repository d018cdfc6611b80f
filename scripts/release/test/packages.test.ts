// The published packages as npm users get them: pack each one, check the tarball (manifest, publint,
// arethetypeswrong), then install all tarballs into throw-away consumer projects and run them on
// Node 20, 22 and 24. Each check is also shown failing on a broken package.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTRA_NODE_VERSIONS, nodeMatrix } from '../lib/node-matrix.mjs';
import { formatBytes, listTarball, type PackedPackage, packAll } from '../lib/pack.mjs';
import { checkManifest, checkPrivateImports, runAttw, runPublint } from '../lib/package-checks.mjs';
import { CONSUMERS, prepareConsumers, removeConsumers, runConsumers, type SmokeResult } from '../lib/smoke.mjs';
import { publishedPackages } from '../lib/workspace.mjs';

const names = publishedPackages().map((p) => p.name);
const nodeVersions = [process.versions.node, ...EXTRA_NODE_VERSIONS];
let out: string;
let packs: PackedPackage[];
let consumersDir: string | undefined;
let results: SmokeResult[] = [];

const packOf = (name: string) => {
  const pack = packs.find((p) => p.name === name);
  if (!pack) {
    throw new Error(`${name} was not packed`);
  }
  return pack;
};

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'nox-packs-'));
  packs = packAll(out);
  for (const p of packs) {
    console.log(
      `${p.name}@${p.version}: ${formatBytes(p.size)} packed, ${formatBytes(p.unpackedSize)} unpacked, ${p.files.length} files`,
    );
  }
  const nodes = nodeMatrix();
  const started = performance.now();
  const prepared = await prepareConsumers(packs);
  consumersDir = prepared.dir;
  results = await runConsumers(prepared.dir, nodes);
  console.log(
    `consumers: npm install ${Math.round(prepared.installMs)} ms, tsc ${Math.round(prepared.compileMs)} ms, ` +
      `${results.length} runs, ${Math.round(performance.now() - started)} ms in all`,
  );
}, 600_000);

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  if (consumersDir) {
    removeConsumers(consumersDir);
  }
});

describe.each(names)('%s (packed)', (name) => {
  it('has the manifest npm users and provenance need', () => {
    expect(checkManifest(packOf(name))).toEqual([]);
  });

  it('needs no private workspace package (bundled in, types inlined)', () => {
    expect(checkPrivateImports(packOf(name))).toEqual([]);
  });

  it('passes publint (strict)', async () => {
    expect((await runPublint(packOf(name))).problems).toEqual([]);
  });

  it('passes arethetypeswrong (node10, node16 CJS and ESM, bundler)', async () => {
    expect(await runAttw(packOf(name))).toEqual([]);
  });
});

describe('consumer smoke tests', () => {
  const matrix = nodeVersions.flatMap((node) => CONSUMERS.map((c) => [c.name, node] as const));

  it.each(matrix)('the %s consumer runs on Node %s', (consumer, node) => {
    const result = results.find((r) => r.consumer === consumer && r.node === node);
    expect(result, 'the consumer ran').toBeDefined();
    expect(result?.ok, result?.output).toBe(true);
    expect(result?.output).toContain(`ok ${consumer} on Node v${node}`);
  });

  it('a consumer that fails is reported as failing', async () => {
    expect(consumersDir).toBeDefined();
    const failing = await runConsumers(consumersDir as string, [{ version: 'none', bin: '/bin/false' }]);
    expect(failing).toHaveLength(CONSUMERS.length);
    expect(failing.every((r) => !r.ok)).toBe(true);
  });
});

describe('the package checks fail on a broken package', () => {
  const fixtureDirs: string[] = [];
  afterAll(() => {
    for (const dir of fixtureDirs) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Packs a small package made for the test with npm (no workspace involved). */
  const packFixture = (manifest: Record<string, unknown>, files: Record<string, string>): PackedPackage => {
    const dir = mkdtempSync(join(tmpdir(), 'nox-broken-'));
    fixtureDirs.push(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
      chmodSync(join(dir, path), 0o644);
    }
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: dir,
      encoding: 'utf8',
    }).trim();
    const tarball = join(dir, tgz.split('\n').pop() as string);
    const listed = listTarball(tarball);
    return {
      name: String(manifest.name),
      version: String(manifest.version),
      dir,
      tarball,
      size: 0,
      unpackedSize: 0,
      files: listed,
      manifest,
    };
  };

  it('a package whose exports point to missing files, with no types, repository or README', async () => {
    const pkg = packFixture(
      {
        name: 'broken-exports',
        version: '1.0.0',
        type: 'module',
        license: 'MIT',
        main: './dist/index.cjs',
        exports: { '.': { import: './dist/index.js', require: './dist/index.cjs' } },
        files: ['dist'],
      },
      { 'dist/index.js': 'export const x = 1;\n' },
    );
    const manifest = checkManifest(pkg, { license: 'MIT', repository: { url: 'git+https://example.test/x.git' } });
    expect(manifest).toEqual(
      expect.arrayContaining([
        'package.json has no "description"',
        'package.json has no "engines.node"',
        'the tarball has no README.md',
        'exports["."].import needs both "types" and "default"',
      ]),
    );
    const publint = await runPublint(pkg);
    expect(publint.problems.join('\n')).toMatch(/FILE_DOES_NOT_EXIST/);
    expect(await runAttw(pkg)).toEqual(['ships JavaScript without types']);
  });

  it('a package that imports a private workspace package, or depends on one', () => {
    const pkg = packFixture(
      {
        name: 'leaks-private',
        version: '1.0.0',
        type: 'module',
        dependencies: { '@nox-energy/browser-testing': '0.0.0' },
        exports: { '.': { types: './index.d.ts', import: './index.js', require: './index.cjs' } },
      },
      {
        'index.js': "export { readSpec } from '@nox-energy/spec-reader';\n",
        'index.cjs': "module.exports = require('@nox-energy/spec-reader/fixtures');\n",
        'index.d.ts': "export { readSpec } from '@nox-energy/spec-reader';\n",
        'index.js.map': '{"sourcesContent":["import x from \'@nox-energy/spec-reader\'"]}',
      },
    );
    expect(checkPrivateImports(pkg, ['@nox-energy/spec-reader', '@nox-energy/browser-testing'])).toEqual([
      'dependencies names @nox-energy/browser-testing, a private package npm users cannot install',
      'index.cjs imports @nox-energy/spec-reader, a private package npm users cannot install',
      'index.d.ts imports @nox-energy/spec-reader, a private package npm users cannot install',
      'index.js imports @nox-energy/spec-reader, a private package npm users cannot install',
    ]);
  });

  it('a package whose CommonJS entry gets ESM types (masquerading as ESM)', async () => {
    const pkg = packFixture(
      {
        name: 'false-esm',
        version: '1.0.0',
        type: 'module',
        exports: { '.': { types: './index.d.ts', import: './index.js', require: './index.cjs' } },
      },
      {
        'index.js': 'export const x = 1;\n',
        'index.cjs': 'exports.x = 1;\n',
        'index.d.ts': 'export declare const x: number;\n',
      },
    );
    const problems = await runAttw(pkg);
    expect(problems.join('\n')).toMatch(/^FalseESM /m);
  });
});
