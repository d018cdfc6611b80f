// Which redirect URLs an account may use. An entry of `allowedRedirectUrls` is either
// - an exact URL, `https://your-app.com/callback`: scheme, host, port and path must be equal (a query string
//   of the redirect URL is allowed and kept, e.g. for an OAuth-style `state`); or
// - a pattern with `*` as the port and no path, `http://localhost:*`: that scheme and host on any port (or none),
//   any path.

const ENTRY = /^(https?):\/\/([^/:?#*]+|\[[0-9a-f:.]+\])(?::(\d+|\*))?(\/[^?#*]*)?$/i;

export interface RedirectRule {
  readonly entry: string;
  matches(url: URL): boolean;
}

/** Parses one allowed-redirect entry; throws a message naming the entry when it is neither form. */
export function parseRedirectRule(entry: string): RedirectRule {
  const match = ENTRY.exec(entry);
  if (!match) {
    throw new Error(`"${entry}" is not an http(s) URL or a pattern like http://localhost:*`);
  }
  const [, scheme, host, port, path] = match as unknown as [string, string, string, string?, string?];
  if (port === '*') {
    if (path !== undefined && path !== '/') {
      throw new Error(`"${entry}": a pattern with port * allows every path; leave the path out`);
    }
    const protocol = `${scheme.toLowerCase()}:`;
    const hostname = new URL(`${scheme}://${host}`).hostname;
    return { entry, matches: (url) => url.protocol === protocol && url.hostname === hostname };
  }
  const expected = new URL(entry);
  return {
    entry,
    matches: (url) => url.origin === expected.origin && url.pathname === expected.pathname,
  };
}

/** True when the URL is allowed by one of the rules. `url` must be absolute (the request schema checked it). */
export function isAllowedRedirect(rules: readonly RedirectRule[], url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) {
    return false;
  }
  return rules.some((rule) => rule.matches(parsed));
}
