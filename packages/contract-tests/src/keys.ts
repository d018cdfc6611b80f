// What an API key must look like before a run uses it. A key too short to be real would also turn
// redaction into vandalism: every "x" of a report redacted, the JSON report broken, the verdict wrong.

/** Fewest characters of an API key: the same minimum as the accounts of @nox-energy/mock's config. */
export const MIN_API_KEY_LENGTH = 8;
/** Most characters of an API key (the mock's config maximum too). */
export const MAX_API_KEY_LENGTH = 1024;

/**
 * Throws unless `value` is a plausible API key. `name` says where it came from (`--api-key`, `NOX_API_KEY`,
 * `apiKeys.supplier`); the message names it and the rule, never the key.
 */
export function checkApiKey(value: string, name: string): void {
  if (value.length < MIN_API_KEY_LENGTH) {
    throw new Error(
      `${name} is too short to be an API key: it needs at least ${MIN_API_KEY_LENGTH} characters (nothing was sent)`,
    );
  }
  if (value.length > MAX_API_KEY_LENGTH) {
    throw new Error(
      `${name} is too long to be an API key: at most ${MAX_API_KEY_LENGTH} characters (nothing was sent)`,
    );
  }
  // It travels as a header value: visible ASCII only, no spaces or control characters.
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new Error(`${name} must be visible ASCII characters without spaces (nothing was sent)`);
  }
}
