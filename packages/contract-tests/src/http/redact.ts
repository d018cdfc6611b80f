// API keys never leave the process: not in a report, a request dump or an error message, and not in the
// shapes a server may echo them in (another letter case, URL encoding, base64, hex, a JSON escape, a header name).

export const REDACTED = '[redacted]';

/** Replaces every occurrence of every secret, in any of its usual encodings, in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  const pattern = patternFor(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/**
 * A deep copy of a JSON value with every secret replaced in every string and every property name in it
 * (a server can echo a key as a header name). Strings stay strings, so JSON stays valid JSON.
 */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (!patternFor(secrets)) {
    return value;
  }
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      return redactText(node, secrets);
    }
    if (Array.isArray(node)) {
      return node.map(walk);
    }
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [redactText(key, secrets), walk(child)]));
    }
    return node;
  };
  return walk(value) as T;
}

/**
 * The forms of one secret that are matched. Any letter case of the key itself and of its hex; base64 and
 * base64url of the key on its own, and the part of them that does not depend on what precedes it (the key
 * inside a longer base64 text, as in `Basic base64(user:key)`) at each of the three byte alignments.
 * In every form, each character may also appear percent-encoded (either hex case) or as a JSON `\uXXXX` escape.
 */
export function secretForms(secret: string): { text: string; caseless: boolean }[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: { text: string; caseless: boolean }[] = [
    { text: secret, caseless: true },
    { text: bytes.toString('hex'), caseless: true },
  ];
  const base64 = bytes.toString('base64');
  const base64url = bytes.toString('base64url');
  const padding = base64.slice(base64url.length);
  // With and without the `=` padding, in either alphabet.
  for (const text of [base64, base64url, base64url + padding, base64.slice(0, base64url.length)]) {
    forms.push({ text, caseless: false });
  }
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes, Buffer.alloc(2)]);
    // Character i carries bits [6i, 6i + 6); keep the characters made of the secret's bits alone.
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    forms.push(
      { text: padded.toString('base64').slice(start, end), caseless: false },
      { text: padded.toString('base64url').slice(start, end), caseless: false },
    );
  }
  const seen = new Set<string>();
  return forms
    .filter((form) => form.text.length > 0 && !seen.has(form.text) && seen.add(form.text))
    .sort((a, b) => b.text.length - a.text.length);
}

const cache = new Map<string, RegExp | undefined>();

/** One global pattern for all secrets, longest forms first so the fullest match wins; cached per secret list. */
function patternFor(secrets: readonly string[]): RegExp | undefined {
  const active = secrets.filter((s) => s.length > 0);
  const cacheKey = active.join('\u0000');
  if (cache.has(cacheKey)) {
    return cache.get(cacheKey);
  }
  const forms = active.flatMap(secretForms).sort((a, b) => b.text.length - a.text.length);
  const pattern =
    forms.length === 0
      ? undefined
      : new RegExp(
          forms.map((form) => [...form.text].map((ch) => charPattern(ch, form.caseless)).join('')).join('|'),
          'g',
        );
  if (cache.size > 32) {
    cache.clear();
  }
  cache.set(cacheKey, pattern);
  return pattern;
}

function charPattern(ch: string, caseless: boolean): string {
  const alternatives = [literal(ch, caseless)];
  const utf8 = [...Buffer.from(ch, 'utf8')];
  alternatives.push(utf8.map((byte) => `%${anyCaseHex(byte.toString(16).padStart(2, '0'))}`).join(''));
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xffff) {
    alternatives.push(`\\\\[uU]${anyCaseHex(code.toString(16).padStart(4, '0'))}`);
  }
  if (ch === '"' || ch === '\\' || ch === '/') {
    alternatives.push(`\\\\${escapeRegExp(ch)}`);
  }
  return `(?:${alternatives.join('|')})`;
}

function literal(ch: string, caseless: boolean): string {
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  if (!caseless || lower === upper || lower.length !== 1 || upper.length !== 1) {
    return escapeRegExp(ch);
  }
  return `[${escapeRegExp(lower)}${escapeRegExp(upper)}]`;
}

function anyCaseHex(hex: string): string {
  return [...hex].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
