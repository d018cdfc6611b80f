// The servers of the spec, grouped by API (`x-nox-api`) and environment (`x-nox-environment`): the root list,
// and the path-level and operation-level lists where a path's API is not the root one.
import { HINT } from './hints.js';
import { HTTP_METHODS, isObject, type OpenApiDocument } from './json.js';
import { derefObject } from './ref.js';

export interface ServerInfo {
  /** As the spec writes it, without a trailing slash. */
  url: string;
  /** `x-nox-api`: `authenticator`, `authenticator-v1`, `package`, ... */
  api: string;
  /** `x-nox-environment`: `production`, `sandbox`, ... */
  environment: string;
  description: string | undefined;
  /** Where the server is declared: `servers`, `paths./x.servers` or `paths./x.get.servers`. */
  declaredAt: string;
}

export interface ServersOfSpec {
  /** Every server, root first, then path-level and operation-level ones in the spec's order, duplicates once. */
  all: ServerInfo[];
  /** API -> environment -> URL. */
  byApi: Record<string, Record<string, string>>;
  /** The API of the root `servers` (the one of every path without servers of its own). */
  rootApi: string;
}

/** Reads one `servers` list; each server must name its API and environment. */
export function readServerList(list: unknown, declaredAt: string): ServerInfo[] {
  if (list === undefined) {
    return [];
  }
  if (!Array.isArray(list)) {
    throw new Error(`${declaredAt}: must be a list of servers`);
  }
  return list.map((server, index) => {
    const where = `${declaredAt}[${index}]`;
    if (!isObject(server) || typeof server.url !== 'string' || server.url === '') {
      throw new Error(`${where}.url: is required (the server's base URL)`);
    }
    for (const field of [HINT.api, HINT.environment]) {
      if (typeof server[field] !== 'string' || server[field] === '') {
        throw new Error(`${where}.${field}: is required on server ${server.url} (a non-empty string)`);
      }
    }
    return {
      url: server.url.replace(/\/+$/, ''),
      api: server[HINT.api] as string,
      environment: server[HINT.environment] as string,
      description: typeof server.description === 'string' ? server.description : undefined,
      declaredAt: where,
    };
  });
}

/** The single API a server list serves; a list mixing APIs is an error (an operation lives on one API). */
export function apiOfServers(servers: ServerInfo[], declaredAt: string): string {
  const apis = [...new Set(servers.map((server) => server.api))];
  if (apis.length !== 1) {
    throw new Error(`${declaredAt}: must name exactly one ${HINT.api}, found ${apis.join(', ') || 'none'}`);
  }
  return apis[0] as string;
}

/** Every server of the spec, grouped by API and environment. */
export function readServers(doc: OpenApiDocument): ServersOfSpec {
  const root = readServerList(doc.servers, 'servers');
  const rootApi = apiOfServers(root, 'servers');
  const all: ServerInfo[] = [...root];
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = derefObject(doc, rawItem);
    all.push(...readServerList(item.servers, `paths.${path}.servers`));
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObject(operation)) {
        all.push(...readServerList(operation.servers, `paths.${path}.${method}.servers`));
      }
    }
  }
  const byApi: Record<string, Record<string, string>> = {};
  const where: Record<string, string> = {};
  const unique: ServerInfo[] = [];
  for (const server of all) {
    const key = `${server.api} ${server.environment}`;
    const known = byApi[server.api]?.[server.environment];
    if (known !== undefined && known !== server.url) {
      throw new Error(
        `${server.declaredAt}: ${server.api} ${server.environment} is ${server.url} here but ${known} at ${where[key]}`,
      );
    }
    if (known === undefined) {
      byApi[server.api] ??= {};
      (byApi[server.api] as Record<string, string>)[server.environment] = server.url;
      where[key] = server.declaredAt;
      unique.push(server);
    }
  }
  return { all: unique, byApi, rootApi };
}
