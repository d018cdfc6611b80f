// The spec diff as an API changelog: changes grouped by operation (or webhook), each called added, changed,
// deprecated or removed, breaking ones marked. One structure, rendered as Markdown here (release notes, job
// summaries) and as HTML by the docs site, so every place says the same.
import type { Level } from './levels.js';
import type { ChangeOperation, SpecChange } from './types.js';

export type ChangeKind = 'added' | 'changed' | 'deprecated' | 'removed';

export interface ChangelogEntry {
  kind: ChangeKind;
  level: Level;
  breaking: boolean;
  rule: string;
  /** What changed, e.g. `value "es" removed`. */
  message: string;
  /** Where inside the operation (e.g. `request body (application/json) › language`); empty for the operation itself. */
  at: string;
}

export interface ChangelogSection {
  /** `POST /supplier/link-sessions`, `Webhook POST device.updated`, or `The whole API` for document-wide changes. */
  title: string;
  /** The operation, when the section is one; `removed` when it is gone from the newer version. */
  operation?: ChangeOperation;
  removed: boolean;
  entries: ChangelogEntry[];
}

/** Rules whose name says "added"/"removed" but that change an existing thing's allowed values. */
const CHANGED_RULES = new Set(['enum-added', 'enum-removed', 'nullable-added', 'nullable-removed']);

export function changeKind(rule: string): ChangeKind {
  if (rule === 'deprecated') {
    return 'deprecated';
  }
  if (CHANGED_RULES.has(rule)) {
    return 'changed';
  }
  if (rule.endsWith('-added')) {
    return 'added';
  }
  return rule.endsWith('-removed') ? 'removed' : 'changed';
}

const operationLabel = (op: ChangeOperation) => `${op.method} ${op.path}`;

/** The part of `where` after the operation's own label. */
function within(change: SpecChange): string {
  if (!change.operation) {
    return change.where;
  }
  const label = operationLabel(change.operation);
  const at = change.where.indexOf(label);
  if (at === -1) {
    return change.where;
  }
  return change.where.slice(at + label.length).replace(/^ › /, '');
}

/**
 * The changes grouped by operation, in the order the diff found them; document-wide changes last.
 * @param options.includeFixes also list documentation-only changes (default: they are only counted)
 */
export function changelogSections(changes: SpecChange[], options: { includeFixes?: boolean } = {}): ChangelogSection[] {
  const sections = new Map<string, ChangelogSection>();
  const whole: ChangelogSection = { title: 'The whole API', removed: false, entries: [] };
  for (const change of changes) {
    if (change.level === 'fix' && !options.includeFixes) {
      continue;
    }
    const entry: ChangelogEntry = {
      kind: changeKind(change.rule),
      level: change.level,
      breaking: change.level === 'breaking',
      rule: change.rule,
      message: change.message,
      at: within(change),
    };
    const op = change.operation;
    if (!op) {
      whole.entries.push(entry);
      continue;
    }
    const key = `${op.kind} ${operationLabel(op)}`;
    let section = sections.get(key);
    if (!section) {
      const title = op.kind === 'webhooks' ? `Webhook ${operationLabel(op)}` : operationLabel(op);
      section = { title, operation: op, removed: false, entries: [] };
      sections.set(key, section);
    }
    if (change.rule === 'operation-removed') {
      section.removed = true;
    }
    section.entries.push(entry);
  }
  return [...sections.values(), ...(whole.entries.length ? [whole] : [])];
}

/** A count with its noun, plural when needed: `1 breaking change`, `2 features`. */
function count(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryLine(changes: SpecChange[]): string {
  const by = (level: Level) => changes.filter((c) => c.level === level).length;
  if (!changes.length) {
    return 'No change to the API.';
  }
  return `${count(by('breaking'), 'breaking change', 'breaking changes')}, ${count(by('feature'), 'feature', 'features')}, ${count(by('fix'), 'documentation fix', 'documentation fixes')}.`;
}

const KIND_WORD: Record<ChangeKind, string> = {
  added: 'Added',
  changed: 'Changed',
  deprecated: 'Deprecated',
  removed: 'Removed',
};

/** One entry as a sentence, without its breaking mark: `Removed: value "es" removed (request body › language)`. */
export function entryText(entry: ChangelogEntry): string {
  const at = entry.at ? ` (${entry.at})` : '';
  return `${KIND_WORD[entry.kind]}: ${entry.message}${at}`;
}

/** Markdown special characters in running text, escaped so that paths and names show as written. */
function md(text: string) {
  return text.replace(/([\\`*_{}[\]<>|#])/g, '\\$1');
}

export interface MarkdownOptions {
  /** The older and newer version's names (e.g. `1.0.0`, `2.0.0`, `main`). */
  from: string;
  to: string;
  /** Heading level of the title (default 2). */
  level?: number;
  /** A URL of an operation in a version's reference, or undefined for no link. */
  link?: (operation: ChangeOperation, side: 'from' | 'to') => string | undefined;
  /** List documentation fixes too (default: counted only). */
  includeFixes?: boolean;
}

/** The changes between two versions as Markdown (GitHub release notes, job summaries). */
export function changelogMarkdown(changes: SpecChange[], options: MarkdownOptions): string {
  const h = '#'.repeat(options.level ?? 2);
  const lines = [`${h} API changes from ${md(options.from)} to ${md(options.to)}`, '', summaryLine(changes)];
  for (const section of changelogSections(changes, { includeFixes: options.includeFixes ?? false })) {
    const url = section.operation && options.link?.(section.operation, section.removed ? 'from' : 'to');
    const id = section.operation?.operationId ? ` (\`${section.operation.operationId}\`)` : '';
    const title = url ? `[${md(section.title)}](${url})` : md(section.title);
    lines.push('', `${h}# ${title}${id}`, '');
    for (const entry of section.entries) {
      lines.push(`- ${entry.breaking ? '⚠️ **Breaking** · ' : ''}${md(entryText(entry))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
