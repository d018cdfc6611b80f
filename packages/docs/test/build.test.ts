// The build command itself: reproducible from the spec, and stopped by any lint finding.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRedocly, withoutNode20Banner } from '../scripts/lib/redocly.mjs';
import { distDir, packageDir, rootDir } from './helpers/spec.js';

const work = mkdtempSync(join(tmpdir(), 'nox-docs-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of spec/ and redocly.yaml, changed by `edit`. */
function specCopy(name: string, edit?: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(join(rootDir, 'spec'), join(dir, 'spec'), { recursive: true });
  cpSync(join(rootDir, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  edit?.(dir);
  return dir;
}

function build(root: string, out: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(packageDir, 'scripts/build.mjs'), '--root', root, '--out', out],
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

describe('scripts/build.mjs', () => {
  it('rebuilds dist byte for byte from the same spec, and stops at a lint finding without writing anything', async () => {
    const clean = specCopy('clean');
    const broken = specCopy('broken', (dir) => {
      const file = join(dir, 'spec/paths/manufacturer_device-connections.yaml');
      const text = readFileSync(file, 'utf8');
      // The request example's user_id becomes a number: no longer a UserId (a string).
      writeFileSync(file, text.replace('user_id: manufacturer_user_id_123', 'user_id: 123'));
      expect(readFileSync(file, 'utf8')).not.toBe(text);
    });
    const [rebuilt, failed] = await Promise.all([
      build(clean, join(clean, 'dist')),
      build(broken, join(broken, 'dist')),
    ]);

    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(files(join(clean, 'dist'))).toEqual(files(distDir));
    for (const file of files(distDir)) {
      expect(readFileSync(join(clean, 'dist', file), 'utf8'), file).toBe(readFileSync(join(distDir, file), 'utf8'));
    }

    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('no-invalid-media-type-examples');
    expect(failed.stderr).toContain('docs build failed: redocly lint found problems in spec/');
    expect(existsSync(join(broken, 'dist'))).toBe(false);
    // Redocly's Node.js 20 end-of-life box is not in the failure's output (the findings and the summary are).
    expect(failed.stderr).toContain('Validation failed');
    expect(`${failed.stdout}${failed.stderr}`).not.toMatch(/Node\.js 20 support is ending|[╔║╚]/);
  });
});

describe('withoutNode20Banner', () => {
  const box = (line: string) => `    ╔════════╗\n    ║        ║\n    ║  ${line}  ║\n    ║        ║\n    ╚════════╝\n\n`;
  it("cuts Redocly's Node.js 20 end-of-life box and nothing else", () => {
    const before = 'spec/openapi.yaml:\n  2:1  error    struct  The field `title` must be present.\n\n';
    const after = "validating spec/openapi.yaml using lint rules for api 'nox'...\n";
    expect(withoutNode20Banner(before + box('Deprecation warning: Node.js 20 support is ending') + after)).toBe(
      before + after,
    );
    const other = before + box('Something else to know') + after;
    expect(withoutNode20Banner(other)).toBe(other);
  });

  it('is what runRedocly returns: a failing lint under this Node prints no box', async () => {
    const dir = specCopy('banner', (root) => {
      const file = join(root, 'spec/openapi.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}title:/m, '  titl:'));
    });
    const lint = await runRedocly(['lint', '--config', 'redocly.yaml', '--format', 'stylish'], { cwd: dir });
    expect(lint.code).toBe(1);
    expect(lint.stdout + lint.stderr).toContain('The field `title` must be present');
    expect(lint.stdout + lint.stderr).not.toMatch(/Node\.js 20 support is ending|[╔║╚]/);
  });
});
