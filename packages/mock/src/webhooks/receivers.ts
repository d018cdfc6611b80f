// Where webhooks may go. By default only to the loopback interface: the mock runs on developers' machines and in
// CI, and a config (or a test control) must not turn it into a client of other hosts.
import { isIPv4 } from 'node:net';

/**
 * Whether an http(s) URL's host is the loopback interface (`localhost`, 127.0.0.0/8, `[::1]`); `undefined` when
 * it is not an http(s) URL or carries credentials (which would end up in the log).
 */
export function isLoopbackUrl(text: string): boolean | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') {
    return true;
  }
  // The URL parser has already normalised the address (e.g. `127.1` -> `127.0.0.1`).
  return isIPv4(host) && host.startsWith('127.');
}
