// Where requests go: only local hosts unless the caller says the run is live.

/** Requests a second against a live (non-local) host when the caller sets no `maxRps`. */
export const DEFAULT_LIVE_MAX_RPS = 5;

/** `localhost`, `*.localhost`, 127.0.0.0/8 and `::1`. */
export function isLocalUrl(url: string | URL): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** Throws unless every base URL is local or `live` is set; returns the rate to use. */
export function checkTarget(baseUrls: string[], live: boolean, maxRps: number | undefined): number {
  const remote = baseUrls.filter((url) => !isLocalUrl(url));
  for (const url of baseUrls) {
    const { protocol } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new Error(`Base URL ${url} must be http or https`);
    }
  }
  if (remote.length > 0 && !live) {
    throw new Error(
      `Refusing to send test traffic to ${[...new Set(remote.map((u) => new URL(u).host))].join(', ')}: it is not a local host. ` +
        'Pass --live (library: live: true) to check a live API; requests are then limited to ' +
        `${DEFAULT_LIVE_MAX_RPS} a second unless --max-rps says otherwise.`,
    );
  }
  if (maxRps !== undefined) {
    if (!(maxRps > 0)) {
      throw new Error(`maxRps must be a positive number, got ${maxRps}`);
    }
    return maxRps;
  }
  return remote.length > 0 ? DEFAULT_LIVE_MAX_RPS : Number.POSITIVE_INFINITY;
}
