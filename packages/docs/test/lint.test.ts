// The spec lints clean under the strict configuration, and that configuration really fails a broken spec.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runRedocly } from '../scripts/lib/redocly.mjs';
import { type Json, rootDir } from './helpers/spec.js';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A copy of spec/ and redocly.yaml in a temporary folder, changed by `edit`. */
function specCopy(edit?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'nox-docs-lint-'));
  copies.push(dir);
  cpSync(join(rootDir, 'spec'), join(dir, 'spec'), { recursive: true });
  cpSync(join(rootDir, 'redocly.yaml'), join(dir, 'redocly.yaml'));
  edit?.(dir);
  return dir;
}

function editYaml(file: string, change: (doc: Json) => void) {
  const doc = parse(readFileSync(file, 'utf8'));
  change(doc);
  writeFileSync(file, stringify(doc));
}

async function lint(dir: string) {
  const result = await runRedocly(['lint', '--config', 'redocly.yaml', '--format', 'json'], { cwd: dir });
  const report = JSON.parse(result.stdout) as { problems: { ruleId: string; severity: string }[] };
  return { code: result.code, rules: report.problems.map((p) => `${p.ruleId}:${p.severity}`) };
}

describe('redocly lint (strict configuration)', () => {
  it('passes the spec with zero problems, and fails a copy with an invalid example or without an operation description', async () => {
    const supplierPath = 'spec/paths/supplier_link-sessions.yaml';
    const [clean, badExample, noDescription] = await Promise.all([
      lint(specCopy()),
      lint(
        specCopy((dir) =>
          editYaml(join(dir, supplierPath), (doc) => {
            doc.post.requestBody.content['application/json'].examples.heatPump.value.asset_type = 'heat-pump';
          }),
        ),
      ),
      lint(
        specCopy((dir) =>
          editYaml(join(dir, supplierPath), (doc) => {
            delete doc.post.description;
          }),
        ),
      ),
    ]);
    expect(clean).toEqual({ code: 0, rules: [] });
    expect(badExample.code).not.toBe(0);
    expect(badExample.rules).toContain('no-invalid-media-type-examples:error');
    expect(noDescription.code).not.toBe(0);
    expect(noDescription.rules).toContain('operation-description:error');
  });
});
