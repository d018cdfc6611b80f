// The operations of the spec, as the checks need them: method, path, server, which key, what may come back.
import { deref, isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from './document.js';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One way to authenticate: an API key in a header, belonging to a role (`x-nox-role`). */
export interface ApiKeyScheme {
  scheme: string;
  role: string;
  header: string;
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface RequestBodySpec {
  required: boolean;
  /** Every documented media type. */
  mediaTypes: string[];
  /** The JSON media type the suite sends, and its schema. */
  jsonMediaType?: string;
  schema?: JsonSchema;
  /** Named examples of the JSON media type (the `value`s). */
  examples: unknown[];
}

export interface HeaderSpec {
  required: boolean;
  schema?: JsonSchema;
}

export interface ResponseSpec {
  /** `201`, `4XX` or `default`, as the spec writes it. */
  status: string;
  /** Media type -> schema (undefined when the media type has none). */
  content: Record<string, JsonSchema | undefined>;
  headers: Record<string, HeaderSpec>;
}

export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  path: string;
  /** The `x-nox-api` of the server the operation lives on (undefined when the server has none). */
  api: string | undefined;
  serverUrl: string;
  /** Alternatives: any one of these keys is accepted. Empty when the operation needs no key. */
  security: ApiKeyScheme[];
  parameters: ParameterSpec[];
  requestBody: RequestBodySpec | undefined;
  responses: ResponseSpec[];
}

/** Every operation under `paths` (callbacks and webhooks are requests the server makes, not receives). */
export function listOperations(doc: OpenApiDocument): OperationSpec[] {
  const operations: OperationSpec[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) {
        continue;
      }
      operations.push(readOperation(doc, path, method, item, operation));
    }
  }
  return operations;
}

/** The documented methods of a path. */
export function documentedMethods(doc: OpenApiDocument, path: string): HttpMethod[] {
  const item = deref(doc, doc.paths?.[path]);
  return HTTP_METHODS.filter((method) => isObject(item[method]));
}

function readOperation(
  doc: OpenApiDocument,
  path: string,
  method: HttpMethod,
  item: JsonObject,
  operation: JsonObject,
): OperationSpec {
  const operationId =
    typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${path}`;
  const server = pickServer(operation.servers) ?? pickServer(item.servers) ?? pickServer(doc.servers);
  if (!server || typeof server.url !== 'string') {
    throw new Error(`Operation ${operationId} has no server URL in the spec`);
  }
  return {
    operationId,
    method,
    path,
    api: typeof server['x-nox-api'] === 'string' ? server['x-nox-api'] : undefined,
    serverUrl: server.url.replace(/\/+$/, ''),
    security: readSecurity(doc, operation.security ?? doc.security, operationId),
    parameters: readParameters(doc, item.parameters, operation.parameters),
    requestBody: readRequestBody(doc, operation.requestBody),
    responses: readResponses(doc, operation.responses),
  };
}

function pickServer(servers: unknown): JsonObject | undefined {
  if (!Array.isArray(servers) || servers.length === 0) {
    return undefined;
  }
  return servers.find((s) => isObject(s) && s['x-nox-api'] !== undefined) ?? servers[0];
}

function readSecurity(doc: OpenApiDocument, security: unknown, operationId: string): ApiKeyScheme[] {
  if (!Array.isArray(security)) {
    return [];
  }
  const schemes = isObject(doc.components?.securitySchemes) ? doc.components.securitySchemes : {};
  const alternatives: ApiKeyScheme[] = [];
  for (const requirement of security) {
    const names = isObject(requirement) ? Object.keys(requirement) : [];
    if (names.length === 0) {
      // `{}` makes authentication optional: the operation cannot be expected to reject a missing key.
      return [];
    }
    if (names.length > 1) {
      throw new Error(`Operation ${operationId}: a security requirement combining several schemes is not supported`);
    }
    const name = names[0] as string;
    const scheme = deref(doc, schemes[name]);
    if (scheme.type !== 'apiKey' || scheme.in !== 'header' || typeof scheme.name !== 'string') {
      throw new Error(`Operation ${operationId}: security scheme ${name} is not an API key in a header`);
    }
    const role = typeof scheme['x-nox-role'] === 'string' ? scheme['x-nox-role'] : name;
    alternatives.push({ scheme: name, role, header: scheme.name.toLowerCase() });
  }
  return alternatives;
}

function readParameters(doc: OpenApiDocument, ...lists: unknown[]): ParameterSpec[] {
  const byKey = new Map<string, ParameterSpec>();
  for (const list of lists) {
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = deref(doc, raw);
      if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string') {
        continue;
      }
      byKey.set(`${parameter.in}:${parameter.name}`, {
        name: parameter.name,
        in: parameter.in as ParameterSpec['in'],
        required: parameter.required === true || parameter.in === 'path',
        schema: (parameter.schema as JsonSchema | undefined) ?? {},
      });
    }
  }
  return [...byKey.values()];
}

function readRequestBody(doc: OpenApiDocument, raw: unknown): RequestBodySpec | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const body = deref(doc, raw);
  const content = isObject(body.content) ? body.content : {};
  const mediaTypes = Object.keys(content);
  const jsonMediaType = mediaTypes.find(isJsonMediaType);
  const media = jsonMediaType ? deref(doc, content[jsonMediaType]) : undefined;
  const examples: unknown[] = [];
  if (media) {
    if (media.example !== undefined) {
      examples.push(media.example);
    }
    for (const example of Object.values(isObject(media.examples) ? media.examples : {})) {
      const resolved = deref(doc, example);
      if (resolved.value !== undefined) {
        examples.push(resolved.value);
      }
    }
  }
  return {
    required: body.required === true,
    mediaTypes,
    jsonMediaType,
    schema: media?.schema as JsonSchema | undefined,
    examples,
  };
}

function readResponses(doc: OpenApiDocument, raw: unknown): ResponseSpec[] {
  const responses: ResponseSpec[] = [];
  for (const [status, rawResponse] of Object.entries(isObject(raw) ? raw : {})) {
    const response = deref(doc, rawResponse);
    const content: Record<string, JsonSchema | undefined> = {};
    for (const [mediaType, rawMedia] of Object.entries(isObject(response.content) ? response.content : {})) {
      content[mediaType] = deref(doc, rawMedia).schema as JsonSchema | undefined;
    }
    const headers: Record<string, HeaderSpec> = {};
    for (const [name, rawHeader] of Object.entries(isObject(response.headers) ? response.headers : {})) {
      const header = deref(doc, rawHeader);
      headers[name.toLowerCase()] = { required: header.required === true, schema: header.schema as JsonSchema };
    }
    responses.push({ status: status.toUpperCase(), content, headers });
  }
  return responses;
}

/** `application/json`, `application/problem+json`, with or without parameters. */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[^/]+\+json$/.test(essence);
}

/** The documented response for a status: the exact code, else its `4XX` range, else `default`. */
export function findResponse(operation: OperationSpec, status: number): ResponseSpec | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    operation.responses.find((r) => r.status === exact) ??
    operation.responses.find((r) => r.status === range) ??
    operation.responses.find((r) => r.status === 'DEFAULT')
  );
}

/** The documented 4xx statuses (exact codes) of an operation. */
export function documentedClientErrors(operation: OperationSpec): number[] {
  return operation.responses
    .map((r) => Number(r.status))
    .filter((status) => Number.isInteger(status) && status >= 400 && status < 500);
}
