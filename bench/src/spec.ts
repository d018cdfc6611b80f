// The request every benchmark sends, read from the bundled spec: the supplier's create-link-session POST with the
// operation's first request example, and the first 201 example as the fixed answer of stubs and the bare server.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { paths } from '@nox-energy/types';

// biome-ignore lint/suspicious/noExplicitAny: the bundled spec is plain JSON; the fields read below are checked.
type Json = any;

/** The operation benchmarked; typed against the generated paths so a rename in the spec fails the type-check. */
export const CREATE_PATH = '/supplier/link-sessions' satisfies keyof paths;

export interface CreateFixture {
  /** The bundled spec's path on disk (Prism reads it). */
  specFile: string;
  /** The production server URL of the spec, e.g. `https://auth.nox.energy/v2`. */
  serverUrl: string;
  path: typeof CREATE_PATH;
  /** The header carrying the API key, from the operation's security scheme. */
  apiKeyHeader: string;
  /** The role of that security scheme (`x-nox-role`), to pick the mock's demo key. */
  role: string;
  requestBody: Record<string, unknown>;
  /** The 201 example, as JSON text. */
  responseText: string;
  responseStatus: number;
}

export function bundledSpecFile(): string {
  return createRequire(import.meta.url).resolve('@nox-energy/docs/openapi.json');
}

function firstExample(content: Json, where: string): unknown {
  const media = content?.['application/json'];
  const examples = media?.examples ? Object.values(media.examples) : [];
  const value = (examples[0] as Json)?.value ?? media?.example;
  if (value === undefined) {
    throw new Error(`The bundled spec has no JSON example for ${where}.`);
  }
  return value;
}

export function readCreateFixture(specFile = bundledSpecFile()): CreateFixture {
  const spec: Json = JSON.parse(readFileSync(specFile, 'utf8'));
  const operation = spec.paths?.[CREATE_PATH]?.post;
  if (!operation) {
    throw new Error(`The bundled spec has no POST ${CREATE_PATH}.`);
  }
  const schemeName = Object.keys(operation.security?.[0] ?? {})[0];
  const scheme = schemeName ? spec.components?.securitySchemes?.[schemeName] : undefined;
  if (scheme?.in !== 'header') {
    throw new Error(`POST ${CREATE_PATH} has no API-key header security scheme.`);
  }
  const serverUrl =
    spec.servers?.find((s: Json) => s['x-nox-environment'] === 'production')?.url ?? spec.servers?.[0]?.url;
  const created = Object.keys(operation.responses).find((status) => status.startsWith('2'));
  if (!created || typeof serverUrl !== 'string') {
    throw new Error(`POST ${CREATE_PATH} has no 2xx response or the spec no server.`);
  }
  return {
    specFile,
    serverUrl,
    path: CREATE_PATH,
    apiKeyHeader: String(scheme.name).toLowerCase(),
    role: String(scheme['x-nox-role']),
    requestBody: firstExample(operation.requestBody?.content, `POST ${CREATE_PATH} request`) as Record<string, unknown>,
    responseText: JSON.stringify(firstExample(operation.responses[created].content, `POST ${CREATE_PATH} ${created}`)),
    responseStatus: Number(created),
  };
}

/** The mock's demo API key for a role. */
export async function demoKeyFor(role: string): Promise<string> {
  const { DEMO_ACCOUNTS } = await import('@nox-energy/mock');
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) {
    throw new Error(`The mock has no demo account with role ${role}.`);
  }
  return account.apiKey;
}

/** The paginated list the `paginate` suite walks: GET /v1/devices, typed so a rename in the spec fails the type-check. */
export const PAGES_PATH = '/v1/devices' satisfies keyof paths;

export interface PagesFixture {
  path: typeof PAGES_PATH;
  /** Items the server holds. */
  total: number;
  /** The first item of the operation's 200 example: every served item is a copy with its own `device_id`. */
  item: Record<string, unknown>;
  /** From `x-nox-pagination`: JSON Pointer tokens of the items and the next token in the body, and the query names. */
  items: string[];
  nextToken: string[];
  tokenParameter: string;
  limitParameter: string;
}

export function readPagesFixture(specFile = bundledSpecFile()): PagesFixture {
  const spec: Json = JSON.parse(readFileSync(specFile, 'utf8'));
  const operation = spec.paths?.[PAGES_PATH]?.get;
  const marker = operation?.['x-nox-pagination'];
  if (!marker) {
    throw new Error(`GET ${PAGES_PATH} is not marked x-nox-pagination in the bundled spec.`);
  }
  const tokens = (pointer: string) => pointer.split('/').slice(1);
  const page = firstExample(operation.responses['200'].content, `GET ${PAGES_PATH} 200`) as Json;
  const item = tokens(marker.items).reduce((node: Json, key: string) => node?.[key], page)?.[0];
  if (!item) {
    throw new Error(`GET ${PAGES_PATH}: the 200 example has no item.`);
  }
  return {
    path: PAGES_PATH,
    total: 10_000,
    item,
    items: tokens(marker.items),
    nextToken: tokens(marker.nextToken),
    tokenParameter: marker.tokenParameter,
    limitParameter: marker.limitParameter,
  };
}
