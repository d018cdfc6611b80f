// Servers: the client's base URL comes from them, so a removed or moved server breaks it. Compared for the
// document, and for a path item or operation that has servers of its own.

import type { Json } from './normalize.js';
import { sameJson } from './normalize.js';
import { compareDocs, compareExtensions, type Report } from './schema.js';

/**
 * @param where `servers` for the document's list, else the operation whose servers these are
 */
export function compareServers(report: Report, b: Json[], a: Json[], where: string) {
  const aByUrl = new Map(a.map((s) => [s.url, s]));
  const bUrls = new Set(b.map((s) => s.url));
  const at = (server: Json) => (where === 'servers' ? `server ${server.url}` : `${where} › server ${server.url}`);
  for (const server of b) {
    const match = aByUrl.get(server.url);
    if (!match) {
      report('breaking', 'server-removed', where, `server ${server.url} removed`);
      continue;
    }
    compareDocs(report, server, match, at(server));
    compareExtensions(report, server, match, at(server));
    if (!sameJson(server.variables, match.variables)) {
      report('breaking', 'server-variables-changed', at(server), 'server variables changed');
    }
  }
  for (const server of a.filter((s) => !bUrls.has(s.url))) {
    report('feature', 'server-added', where, `new server ${server.url}`);
  }
}
