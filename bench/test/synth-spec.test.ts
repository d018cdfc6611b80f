import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countOperations, multiplySpec } from '../scripts/synth-spec.mjs';

const spec = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@nox-energy/docs/openapi.json'), 'utf8'));

/** Every `#/components/...` reference in a document. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) {
      refs(item, out);
    }
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        out.push(value);
      } else {
        refs(value, out);
      }
    }
  }
  return out;
}

function operationIds(document: { paths: Record<string, Record<string, { operationId?: string }>> }): string[] {
  return Object.values(document.paths).flatMap((item) =>
    Object.values(item).flatMap((op) => (op && typeof op === 'object' && op.operationId ? [op.operationId] : [])),
  );
}

describe('multiplySpec', () => {
  it('multiplies the operations and the schemas by the factor', () => {
    const x10 = multiplySpec(spec, 10);
    expect(countOperations(x10)).toBe(countOperations(spec) * 10);
    expect(Object.keys(x10.components.schemas)).toHaveLength(Object.keys(spec.components.schemas).length * 10);
  });
  it('keeps every operationId unique and every $ref resolvable', () => {
    const x3 = multiplySpec(spec, 3);
    const ids = operationIds(x3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(refs(x3).length).toBeGreaterThan(0);
    const dangling = refs(x3).filter((ref) => {
      const [, , section, name] = ref.split('/');
      return !(section && name && x3.components[section]?.[name]);
    });
    expect(dangling).toEqual([]);
    // Copies point at their own components, not the originals.
    const copyRefs = refs(x3.paths['/c3/supplier/link-sessions']);
    expect(copyRefs.length).toBeGreaterThan(0);
    expect(copyRefs.filter((ref) => !(ref.split('/')[3] ?? '').endsWith('C3'))).toEqual([]);
  });
  it('returns an equal spec for factor 1 and refuses a factor below 1', () => {
    expect(multiplySpec(spec, 1)).toEqual(spec);
    expect(() => multiplySpec(spec, 0)).toThrow(RangeError);
  });
});
