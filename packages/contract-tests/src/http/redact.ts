// API keys never leave the process: not in a report, a request dump or an error message.

export const REDACTED = '[redacted]';

/** Replaces every occurrence of every secret in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) {
      out = out.split(secret).join(REDACTED);
    }
  }
  return out;
}

/** A deep copy of a JSON-serialisable value with every secret replaced in every string in it. */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((s) => s.length > 0);
  if (active.length === 0) {
    return value;
  }
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? redactText(v, active) : v)));
}
