// spec/README.md is where a reader finds each paginated operation, each inferred element and each decision
// on NOX's contradictions: this checks it lists everything the spec marks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operationsOf } from '../scripts/lib/operations.mjs';
import { atPointer, type Json, readBundle, rootDir } from './helpers/spec.js';

const spec = readBundle();
const readme = readFileSync(join(rootDir, 'spec/README.md'), 'utf8');
const lines = readme.split('\n');
const unescapeKey = (key: string) => key.replaceAll('~1', '/').replaceAll('~0', '~');

/** Every node carrying `x-nox-inferred`, by JSON pointer. */
function inferredNodes(node: Json, pointer = ''): { pointer: string; node: Json }[] {
  if (!node || typeof node !== 'object') {
    return [];
  }
  const own = typeof node['x-nox-inferred'] === 'string' ? [{ pointer, node }] : [];
  return [
    ...own,
    ...Object.entries(node).flatMap(([key, child]) =>
      inferredNodes(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`),
    ),
  ];
}

/** The names a README line must hold (in backticks) to list the element at `pointer`. */
function namesOf(pointer: string): string[] {
  const parts = pointer.split('/').slice(1).map(unescapeKey);
  const [root, a = '', b = '', c = '', d = ''] = parts;
  if (root === 'paths' || root === 'webhooks') {
    if (parts.length === 2) {
      return [a];
    }
    const operationId = atPointer(
      spec,
      `/${parts
        .slice(0, 3)
        .map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1'))
        .join('/')}`,
    ).operationId as string;
    if (c === 'parameters') {
      return [operationId, atPointer(spec, pointer).name];
    }
    return [root === 'webhooks' ? a : operationId];
  }
  if (root === 'components' && b && c === 'properties') {
    return [`${b}.${d}`];
  }
  return [b];
}

const listed = (names: string[]) => lines.some((line) => names.every((name) => line.includes(`\`${name}\``)));

describe('spec/README.md', () => {
  const inferred = inferredNodes({ paths: spec.paths, webhooks: spec.webhooks, components: spec.components });

  it('lists every inferred element, each with the sentence in its description', () => {
    expect(inferred.length).toBeGreaterThan(10);
    const missing = inferred.map(({ pointer }) => namesOf(pointer)).filter((names) => !listed(names));
    expect(missing).toEqual([]);
    for (const { pointer, node } of inferred) {
      if (typeof node.description === 'string') {
        expect(node.description, pointer).toContain('**Inferred:**');
      }
    }
  });

  it('lists every paginated operation', () => {
    const paginated = operationsOf(spec).filter((op) => op.operation['x-nox-pagination']);
    expect(paginated.length).toBeGreaterThan(0);
    expect(paginated.map((op) => op.operationId).filter((id) => !listed([id]))).toEqual([]);
  });

  it('records a decision for each of NOX contradictions 16 to 36', () => {
    for (let n = 16; n <= 36; n++) {
      expect(readme, `contradiction ${n}`).toMatch(new RegExp(`^\\| ${n} \\|`, 'm'));
    }
  });

  it('the check finds an unlisted element', () => {
    expect(listed(['listDevices'])).toBe(true);
    expect(listed(['noSuchOperation'])).toBe(false);
    expect(namesOf('/paths/~1v1~1devices~1pv/get/parameters/2')).toEqual(['listPvDevices', 'user_id']);
  });
});
