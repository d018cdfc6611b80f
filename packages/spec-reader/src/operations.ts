// The operations under `paths`, as plain data: method, path, API and servers, which key (and role), parameters,
// request body, responses (schemas, headers, links), status markers, pagination and the other `x-nox-*` hints.
import { HINT, inferredOf, noxExtensions } from './hints.js';
import type { OpenApiDocument } from './json.js';
import { HTTP_METHODS, type HttpMethod, isJsonMediaType, isObject, type JsonObject, type JsonSchema } from './json.js';
import { type Pagination, readPagination } from './pagination.js';
import { derefObject } from './ref.js';
import { apiOfServers, readServerList, type ServerInfo } from './servers.js';

/** One way to authenticate: an API key in a header, belonging to a role (`x-nox-role`). */
export interface SecurityScheme {
  /** The name of the scheme under `components.securitySchemes`. */
  scheme: string;
  /** Its `x-nox-role`; undefined when the scheme has none. */
  role: string | undefined;
  /** The header carrying the key, lower case. */
  header: string;
}

export interface ParameterInfo {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** The schema as the spec writes it (a `$ref` stays a `$ref`, so validators resolve it against the spec). */
  schema: JsonSchema;
  /** The `$ref` the parameter was written as, e.g. `#/components/parameters/Limit`. */
  ref: string | undefined;
  description: string | undefined;
  deprecated: boolean;
  inferred: string | undefined;
}

export interface MediaTypeInfo {
  schema: JsonSchema | undefined;
  /** `example`, then the `value` of each named example. */
  examples: unknown[];
}

export interface RequestBodyInfo {
  required: boolean;
  /** Every documented media type, as written. */
  mediaTypes: string[];
  content: Record<string, MediaTypeInfo>;
  /** The first JSON media type, and its schema and examples. */
  jsonMediaType: string | undefined;
  schema: JsonSchema | undefined;
  examples: unknown[];
}

export interface HeaderInfo {
  required: boolean;
  schema: JsonSchema | undefined;
  /** The `$ref` the header was written as, e.g. `#/components/headers/RequestId`. */
  ref: string | undefined;
}

/** A standard OpenAPI link: a value of this response feeds a parameter or the body of another operation. */
export interface LinkInfo {
  name: string;
  operationId: string | undefined;
  operationRef: string | undefined;
  parameters: Record<string, unknown>;
  requestBody: unknown;
  description: string | undefined;
}

export interface ResponseInfo {
  /** `201`, `4XX` or `DEFAULT`: as the spec writes it, upper case. */
  status: string;
  description: string | undefined;
  /** Media type -> schema (undefined when the media type has none). Empty for a response without a body. */
  content: Record<string, JsonSchema | undefined>;
  /** Media type -> examples. */
  examples: Record<string, unknown[]>;
  /** Header name (lower case) -> header. */
  headers: Record<string, HeaderInfo>;
  links: LinkInfo[];
}

export interface CallbackInfo {
  /** The callback's name under the operation's `callbacks`. */
  name: string;
  /** The runtime expression, e.g. `{$request.body#/redirect_url}`. */
  expression: string;
  method: HttpMethod;
  parameters: ParameterInfo[];
}

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** The path as the spec writes it, e.g. `/v1/devices`. */
  path: string;
  /** The `x-nox-api` of the operation's servers. */
  api: string;
  /** The servers the operation lives on: its own, else its path's, else the root ones. */
  servers: ServerInfo[];
  /** The production server's URL (the first server's when none is `production`), without a trailing slash. */
  serverUrl: string;
  tags: string[];
  summary: string | undefined;
  /** Alternatives: any one of these keys is accepted. */
  security: SecurityScheme[];
  /** True when one alternative is `{}`: the operation may be called without a key. */
  securityOptional: boolean;
  parameters: ParameterInfo[];
  requestBody: RequestBodyInfo | undefined;
  responses: ResponseInfo[];
  callbacks: CallbackInfo[];
  deprecated: boolean;
  /** `x-nox-legacy`: documented only on NOX's legacy reference pages. */
  legacy: boolean;
  /** `x-nox-inferred` of the operation or its path: why it is inferred rather than documented. */
  inferred: string | undefined;
  /** `x-nox-pagination`, resolved and checked against the operation. */
  pagination: Pagination | undefined;
  /** Every `x-nox-*` extension of the operation, as written. */
  extensions: Record<string, unknown>;
  /** The operation object itself, for the rare reader that needs more. */
  node: JsonObject;
}

/** Every operation under `paths` (callbacks and webhooks are requests the server makes, not receives). */
export function readOperations(doc: OpenApiDocument): Operation[] {
  const rootServers = readServerList(doc.servers, 'servers');
  const operations: Operation[] = [];
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = derefObject(doc, rawItem);
    const pathServers = readServerList(item.servers, `paths.${path}.servers`);
    for (const method of HTTP_METHODS) {
      const node = item[method];
      if (isObject(node)) {
        const servers = readServerList(node.servers, `paths.${path}.${method}.servers`);
        const effective = servers.length > 0 ? servers : pathServers.length > 0 ? pathServers : rootServers;
        operations.push(readOperation(doc, path, method, item, node, effective));
      }
    }
  }
  checkUnique(operations);
  checkLinks(operations);
  return operations;
}

/** The documented methods of a path. */
export function documentedMethods(doc: OpenApiDocument, path: string): HttpMethod[] {
  const item = derefObject(doc, isObject(doc.paths) ? doc.paths[path] : undefined);
  return HTTP_METHODS.filter((method) => isObject(item[method]));
}

/** The documented response for a status: the exact code, else its `4XX` range, else `default`. */
export function findResponse<R extends { status: string }>(
  operation: { responses: R[] },
  status: number,
): R | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return (
    operation.responses.find((r) => r.status === exact) ??
    operation.responses.find((r) => r.status === range) ??
    operation.responses.find((r) => r.status === 'DEFAULT')
  );
}

function readOperation(
  doc: OpenApiDocument,
  path: string,
  method: HttpMethod,
  item: JsonObject,
  node: JsonObject,
  servers: ServerInfo[],
): Operation {
  const operationId = typeof node.operationId === 'string' ? node.operationId : `${method.toUpperCase()} ${path}`;
  const where = `Operation ${operationId}`;
  if (servers.length === 0) {
    throw new Error(`${where} (${method.toUpperCase()} ${path}) has no server URL in the spec`);
  }
  const api = apiOfServers(servers, `${where}: its servers`);
  const production = servers.find((server) => server.environment === 'production') ?? servers[0];
  const { security, securityOptional } = readSecurity(doc, node.security ?? doc.security, where);
  const parameters = readParameters(doc, where, item.parameters, node.parameters);
  const responses = readResponses(doc, node.responses, where);
  const operation: Operation = {
    operationId,
    method,
    path,
    api,
    servers,
    serverUrl: (production as ServerInfo).url,
    tags: Array.isArray(node.tags) ? node.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    summary: typeof node.summary === 'string' ? node.summary : undefined,
    security,
    securityOptional,
    parameters,
    requestBody: node.requestBody === undefined ? undefined : readRequestBody(doc, node.requestBody),
    responses,
    callbacks: readCallbacks(doc, node.callbacks, where),
    deprecated: node.deprecated === true,
    legacy: node[HINT.legacy] === true,
    inferred: inferredOf(node, where) ?? inferredOf(item, `paths.${path}`),
    pagination: undefined,
    extensions: noxExtensions(node),
    node,
  };
  if (node[HINT.legacy] !== undefined && typeof node[HINT.legacy] !== 'boolean') {
    throw new Error(`${where}: ${HINT.legacy} must be true or false`);
  }
  if (node[HINT.pagination] !== undefined) {
    operation.pagination = readPagination(doc, operation, node[HINT.pagination]);
  }
  return operation;
}

function readSecurity(
  doc: OpenApiDocument,
  security: unknown,
  where: string,
): { security: SecurityScheme[]; securityOptional: boolean } {
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const alternatives: SecurityScheme[] = [];
  let securityOptional = false;
  for (const requirement of Array.isArray(security) ? security : []) {
    const names = isObject(requirement) ? Object.keys(requirement) : [];
    if (names.length === 0) {
      securityOptional = true;
      continue;
    }
    if (names.length > 1) {
      throw new Error(
        `${where}: a security requirement combining several schemes (${names.join(', ')}) is not supported`,
      );
    }
    const name = names[0] as string;
    if (!isObject(schemes[name])) {
      throw new Error(`${where}: security scheme ${name} is not in components.securitySchemes`);
    }
    const scheme = derefObject(doc, schemes[name]);
    if (scheme.type !== 'apiKey' || scheme.in !== 'header' || typeof scheme.name !== 'string') {
      throw new Error(`${where}: security scheme ${name} is not an API key in a header`);
    }
    const role = scheme[HINT.role];
    if (role !== undefined && (typeof role !== 'string' || role === '')) {
      throw new Error(`${where}: security scheme ${name}: ${HINT.role} must be a non-empty string`);
    }
    alternatives.push({ scheme: name, role, header: scheme.name.toLowerCase() });
  }
  return { security: alternatives, securityOptional };
}

function readParameters(doc: OpenApiDocument, where: string, ...lists: unknown[]): ParameterInfo[] {
  const byKey = new Map<string, ParameterInfo>();
  for (const list of lists) {
    for (const raw of Array.isArray(list) ? list : []) {
      const parameter = derefObject(doc, raw);
      if (typeof parameter.name !== 'string' || typeof parameter.in !== 'string') {
        continue;
      }
      if (!['path', 'query', 'header', 'cookie'].includes(parameter.in)) {
        throw new Error(`${where}: parameter ${parameter.name} has an unknown "in": ${parameter.in}`);
      }
      // An operation's parameter replaces its path's parameter of the same name and location.
      byKey.set(`${parameter.in}:${parameter.name}`, {
        name: parameter.name,
        in: parameter.in as ParameterInfo['in'],
        required: parameter.required === true || parameter.in === 'path',
        schema: (parameter.schema as JsonSchema | undefined) ?? {},
        ref: isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined,
        description: typeof parameter.description === 'string' ? parameter.description : undefined,
        deprecated: parameter.deprecated === true,
        inferred: inferredOf(parameter, `${where}: parameter ${parameter.name}`),
      });
    }
  }
  return [...byKey.values()];
}

function readMedia(doc: OpenApiDocument, raw: unknown): MediaTypeInfo {
  const media = derefObject(doc, raw);
  const examples: unknown[] = [];
  if (media.example !== undefined) {
    examples.push(media.example);
  }
  for (const example of Object.values(isObject(media.examples) ? media.examples : {})) {
    const resolved = derefObject(doc, example);
    if (resolved.value !== undefined) {
      examples.push(resolved.value);
    }
  }
  return { schema: media.schema as JsonSchema | undefined, examples };
}

function readRequestBody(doc: OpenApiDocument, raw: unknown): RequestBodyInfo {
  const body = derefObject(doc, raw);
  const content: Record<string, MediaTypeInfo> = {};
  for (const [mediaType, media] of Object.entries(isObject(body.content) ? body.content : {})) {
    content[mediaType] = readMedia(doc, media);
  }
  const mediaTypes = Object.keys(content);
  const jsonMediaType = mediaTypes.find(isJsonMediaType);
  const json = jsonMediaType === undefined ? undefined : content[jsonMediaType];
  return {
    required: body.required === true,
    mediaTypes,
    content,
    jsonMediaType,
    schema: json?.schema,
    examples: json?.examples ?? [],
  };
}

function readResponses(doc: OpenApiDocument, raw: unknown, where: string): ResponseInfo[] {
  const responses: ResponseInfo[] = [];
  for (const [status, rawResponse] of Object.entries(isObject(raw) ? raw : {})) {
    const response = derefObject(doc, rawResponse);
    const content: Record<string, JsonSchema | undefined> = {};
    const examples: Record<string, unknown[]> = {};
    for (const [mediaType, rawMedia] of Object.entries(isObject(response.content) ? response.content : {})) {
      const media = readMedia(doc, rawMedia);
      content[mediaType] = media.schema;
      examples[mediaType] = media.examples;
    }
    const headers: Record<string, HeaderInfo> = {};
    for (const [name, rawHeader] of Object.entries(isObject(response.headers) ? response.headers : {})) {
      const header = derefObject(doc, rawHeader);
      headers[name.toLowerCase()] = {
        required: header.required === true,
        schema: header.schema as JsonSchema | undefined,
        ref: isObject(rawHeader) && typeof rawHeader.$ref === 'string' ? rawHeader.$ref : undefined,
      };
    }
    const links: LinkInfo[] = [];
    for (const [name, rawLink] of Object.entries(isObject(response.links) ? response.links : {})) {
      const link = derefObject(doc, rawLink);
      const operationId = typeof link.operationId === 'string' ? link.operationId : undefined;
      const operationRef = typeof link.operationRef === 'string' ? link.operationRef : undefined;
      if ((operationId === undefined) === (operationRef === undefined)) {
        throw new Error(`${where}: response ${status} link ${name} needs exactly one of operationId and operationRef`);
      }
      links.push({
        name,
        operationId,
        operationRef,
        parameters: isObject(link.parameters) ? link.parameters : {},
        requestBody: link.requestBody,
        description: typeof link.description === 'string' ? link.description : undefined,
      });
    }
    responses.push({
      status: status.toUpperCase(),
      description: typeof response.description === 'string' ? response.description : undefined,
      content,
      examples,
      headers,
      links,
    });
  }
  return responses;
}

function readCallbacks(doc: OpenApiDocument, raw: unknown, where: string): CallbackInfo[] {
  const callbacks: CallbackInfo[] = [];
  for (const [name, rawCallback] of Object.entries(isObject(raw) ? raw : {})) {
    for (const [expression, rawItem] of Object.entries(derefObject(doc, rawCallback))) {
      const item = derefObject(doc, rawItem);
      for (const method of HTTP_METHODS) {
        const node = item[method];
        if (isObject(node)) {
          const at = `${where}: callback ${name} ${method.toUpperCase()}`;
          callbacks.push({
            name,
            expression,
            method,
            parameters: readParameters(doc, at, item.parameters, node.parameters),
          });
        }
      }
    }
  }
  return callbacks;
}

function checkUnique(operations: Operation[]): void {
  const seen = new Map<string, Operation>();
  for (const operation of operations) {
    const other = seen.get(operation.operationId);
    if (other) {
      throw new Error(
        `Operation ${operation.operationId}: the operationId of ${operation.method.toUpperCase()} ${operation.path} is also that of ${other.method.toUpperCase()} ${other.path}`,
      );
    }
    seen.set(operation.operationId, operation);
  }
}

/** A link must name an operation the spec has (a typo would silently break the stateful relation). */
function checkLinks(operations: Operation[]): void {
  const ids = new Set(operations.map((operation) => operation.operationId));
  for (const operation of operations) {
    for (const response of operation.responses) {
      for (const link of response.links) {
        if (link.operationId !== undefined && !ids.has(link.operationId)) {
          throw new Error(
            `Operation ${operation.operationId}: response ${response.status} link ${link.name} names operationId ${link.operationId}, which the spec does not have`,
          );
        }
      }
    }
  }
}
