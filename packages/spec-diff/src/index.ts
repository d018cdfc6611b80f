// @nox-energy/spec-diff: every difference between two OpenAPI documents, classified as breaking, feature or
// fix (the breaking-change gate), and the same differences as an API changelog (the docs site, the release
// notes). Bundling helpers give both sides the same shape first.

export {
  type ChangeKind,
  type ChangelogEntry,
  type ChangelogSection,
  changeKind,
  changelogMarkdown,
  changelogSections,
  entryText,
  type MarkdownOptions,
  summaryLine,
} from './changelog.js';
export { diffSpecs, formatReport, requiredBump } from './diff.js';
export type { Level } from './levels.js';
export type { Json } from './normalize.js';
export { bundleAtRef, bundleFile, bundleWorkingTree, specRoot } from './source.js';
export type { ChangeOperation, SpecChange } from './types.js';
