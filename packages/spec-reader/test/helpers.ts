import { fixtureSpec } from '../src/fixtures.js';
import type { OpenApiDocument } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the fixture freely.
export type Editable = any;

/** The fixture spec with an edit applied (a fresh copy each time). */
export function changedFixture(edit: (spec: Editable) => void): OpenApiDocument {
  const spec = fixtureSpec();
  edit(spec);
  return spec;
}
