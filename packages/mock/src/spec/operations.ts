// Reads everything the mock serves from the spec, once at start: routes, methods, roles, request validators,
// response and callback plans. Nothing here is specific to one operation or field.
import { type CallbackPlan, planCallback } from './callback-plan.js';
import { HINT } from './hints.js';
import type { OpenApiDocument } from './load.js';
import { planResponse, type ResponsePlan } from './response-plan.js';
import {
  createSchemaCompiler,
  defaultOf,
  deref,
  finiteValues,
  isNode,
  type Node,
  type SchemaCompiler,
  type ValidateFunction,
} from './schemas.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A choice the Authenticator UI asks the user for: a callback field the session's request limits to a list. */
export interface Choice {
  field: string;
  values: string[];
}

/** One shape of a request body: the branch a discriminator selects, or the whole schema. */
export interface RequestBranch {
  /** The discriminator's value for this branch (`undefined` without a discriminator). */
  tagValue: string | undefined;
  /** The default of each property that has one. */
  defaults: ReadonlyMap<string, unknown>;
  /** What the UI asks the user to choose for a session created with this branch. */
  choices: Choice[];
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path in the spec, e.g. `/supplier/link-sessions`. */
  specPath: string;
  /** The roles whose keys may call it (`x-nox-role` of its security schemes); empty when it needs no key. */
  roles: ReadonlySet<string>;
  /** The header carrying the API key, lower case. */
  apiKeyHeader: string | undefined;
  /** The request body's JSON media types, lower case. */
  mediaTypes: ReadonlySet<string>;
  validateBody: ValidateFunction;
  /** The discriminator of the request body, if it has one, and the fields whose allowed values it decides. */
  discriminator: { tag: string; values: string[]; shapes: ReadonlySet<string> } | undefined;
  branches: RequestBranch[];
  successStatus: number;
  response: ResponsePlan;
  validateResponse: ValidateFunction;
  /** The link-completed callback, for operations that create a link session. */
  callback: CallbackPlan | undefined;
}

export interface ApiModel {
  operations: Operation[];
  /** Every `x-nox-role` of the spec's security schemes. */
  roles: string[];
  /** The base path of each API (`x-nox-api` of the servers), e.g. `{ authenticator: '/v2' }`. */
  basePaths: Record<string, string>;
  /** The path of the Authenticator UI page (the path of the spec's `link_url` example). */
  uiPath: string;
  /** The property of the error schema that carries the message. */
  errorField: string;
  validateError: ValidateFunction;
  /** The request examples of each operation, by operationId (the CLI prints one). */
  examples: Record<string, unknown[]>;
}

function jsonMediaTypes(content: unknown): Array<[string, Node]> {
  if (!isNode(content)) {
    return [];
  }
  return Object.entries(content)
    .filter(([type, media]) => isNode(media) && /^application\/(?:[\w.+-]+\+)?json$/i.test(type))
    .map(([type, media]) => [type.toLowerCase(), media as Node]);
}

function pathOf(url: string): string {
  return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
}

function rolesOf(doc: OpenApiDocument, security: unknown, where: string) {
  const schemes =
    isNode(doc.components) && isNode(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const roles = new Set<string>();
  let header: string | undefined;
  for (const requirement of Array.isArray(security) ? security : []) {
    for (const name of Object.keys(isNode(requirement) ? requirement : {})) {
      const scheme = deref(doc, schemes[name]);
      if (scheme.type !== 'apiKey' || scheme.in !== 'header' || typeof scheme[HINT.role] !== 'string') {
        throw new Error(`${where}: security scheme ${name} must be an apiKey header with ${HINT.role}`);
      }
      roles.add(scheme[HINT.role] as string);
      header = String(scheme.name).toLowerCase();
    }
  }
  return { roles, header };
}

function branchesOf(
  doc: OpenApiDocument,
  requestSchema: Node,
  payloadFields: ReadonlySet<string>,
): { discriminator: Operation['discriminator']; branches: RequestBranch[] } {
  const describe = (schema: Node, tag: string | undefined, tagValue: string | undefined): RequestBranch => {
    const properties = isNode(schema.properties) ? schema.properties : {};
    const defaults = new Map<string, unknown>();
    const choices: Choice[] = [];
    for (const [field, node] of Object.entries(properties)) {
      const fallback = defaultOf(doc, node);
      if (fallback !== undefined) {
        defaults.set(field, fallback);
      }
      const values = field === tag || !payloadFields.has(field) ? undefined : finiteValues(doc, node);
      if (values && values.length > 0 && values.every((value) => typeof value === 'string')) {
        choices.push({ field, values: values as string[] });
      }
    }
    return { tagValue, defaults, choices };
  };

  if (!isNode(requestSchema.discriminator)) {
    return { discriminator: undefined, branches: [describe(requestSchema, undefined, undefined)] };
  }
  const tag = String(requestSchema.discriminator.propertyName);
  const schemas = (Array.isArray(requestSchema.oneOf) ? requestSchema.oneOf : []).map((item) => deref(doc, item));
  const branches = schemas.map((branch) => {
    const properties = isNode(branch.properties) ? branch.properties : {};
    const [tagValue] = finiteValues(doc, properties[tag]) ?? [];
    return describe(branch, tag, String(tagValue));
  });
  // Fields whose allowed values differ from branch to branch (e.g. a brand list per asset type).
  const shapes = new Set<string>();
  const seen = new Map<string, string>();
  for (const branch of schemas) {
    for (const [field, node] of Object.entries(isNode(branch.properties) ? branch.properties : {})) {
      const values = JSON.stringify(finiteValues(doc, node) ?? null);
      if (field !== tag && seen.has(field) && seen.get(field) !== values) {
        shapes.add(field);
      }
      seen.set(field, values);
    }
  }
  return { discriminator: { tag, values: branches.map((branch) => String(branch.tagValue)), shapes }, branches };
}

export function readApiModel(doc: OpenApiDocument, compiler: SchemaCompiler = createSchemaCompiler(doc)): ApiModel {
  const paths = isNode(doc.paths) ? doc.paths : {};
  const operations: Operation[] = [];
  const examples: Record<string, unknown[]> = {};
  const basePaths: Record<string, string> = {};
  let uiPath: string | undefined;
  let errorSchema: unknown;

  for (const server of Array.isArray(doc.servers) ? doc.servers : []) {
    if (isNode(server) && typeof server.url === 'string') {
      basePaths[String(server[HINT.api] ?? 'api')] ??= pathOf(server.url);
    }
  }

  for (const [specPath, pathItem] of Object.entries(paths)) {
    if (!isNode(pathItem)) {
      continue;
    }
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isNode(operation)) {
        continue;
      }
      const operationId = String(operation.operationId ?? `${method} ${specPath}`);
      const where = operationId;
      const { roles, header } = rolesOf(doc, operation.security ?? doc.security, where);
      if (roles.size !== 1) {
        throw new Error(`${where}: expected exactly one role (${HINT.role}) in its security, found ${roles.size}`);
      }
      const [role] = [...roles] as [string];

      const requestBody = deref(doc, operation.requestBody ?? {});
      const media = jsonMediaTypes(requestBody.content);
      const [firstMedia] = media;
      if (!firstMedia || !isNode(firstMedia[1].schema)) {
        throw new Error(`${where}: the mock serves operations with a JSON request body`);
      }
      const requestSchemaRef = firstMedia[1].schema;
      examples[operationId] = media.flatMap(([, item]) =>
        isNode(item.examples) ? Object.values(item.examples).map((example) => deref(doc, example).value) : [],
      );

      const responses = isNode(operation.responses) ? operation.responses : {};
      const successStatus = Object.keys(responses).find((status) => /^2\d\d$/.test(status));
      const successMedia = successStatus ? jsonMediaTypes(deref(doc, responses[successStatus]).content)[0] : undefined;
      if (!successStatus || !successMedia) {
        throw new Error(`${where}: the mock serves operations with a JSON 2xx response`);
      }
      const responseSchema = deref(doc, successMedia[1].schema);
      const response = planResponse(doc, responseSchema, role, where);

      for (const [status, item] of Object.entries(responses)) {
        const errorMedia = status.startsWith('4') ? jsonMediaTypes(deref(doc, item).content)[0] : undefined;
        errorSchema ??= errorMedia?.[1].schema;
      }

      const responseFields = new Set(response.fields.map((plan) => plan.field));
      const callback = response.tokenField ? planCallback(doc, compiler, operation, responseFields, where) : undefined;
      if (response.tokenField && !callback) {
        throw new Error(`${where}: a link session needs a callback (OpenAPI callbacks) to send the user back`);
      }
      const { discriminator, branches } = branchesOf(
        doc,
        deref(doc, requestSchemaRef),
        callback?.payloadFields ?? new Set(),
      );

      if (response.tokenField && uiPath === undefined) {
        const urlField = response.fields.find((plan) => plan.rule.kind === 'url')?.field;
        const urlSchema =
          urlField && isNode(responseSchema.properties) ? responseSchema.properties[urlField] : undefined;
        const [example] = isNode(urlSchema) && Array.isArray(urlSchema.examples) ? urlSchema.examples : [];
        uiPath = typeof example === 'string' ? pathOf(example) : undefined;
      }

      operations.push({
        operationId,
        method: method.toUpperCase(),
        specPath,
        roles,
        apiKeyHeader: header,
        mediaTypes: new Set(media.map(([type]) => type)),
        validateBody: compiler.compile(requestSchemaRef),
        discriminator,
        branches,
        successStatus: Number(successStatus),
        response,
        validateResponse: compiler.compile(successMedia[1].schema),
        callback,
      });
    }
  }

  const error = errorSchema === undefined ? undefined : deref(doc, errorSchema);
  const errorField = (Array.isArray(error?.required) ? error.required : []).find(
    (field) => isNode(error?.properties) && deref(doc, error.properties[field]).type === 'string',
  );
  if (!error || typeof errorField !== 'string') {
    throw new Error('The spec needs a JSON error schema with a required string property (for 4xx responses)');
  }

  const roles = new Set<string>();
  const schemes =
    isNode(doc.components) && isNode(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const scheme of Object.values(schemes)) {
    if (isNode(scheme) && typeof scheme[HINT.role] === 'string') {
      roles.add(scheme[HINT.role] as string);
    }
  }

  return {
    operations,
    roles: [...roles],
    basePaths,
    // The spec's link_url example shows NOX's UI path; `/ui` if it has none.
    uiPath: uiPath || '/ui',
    errorField,
    validateError: compiler.compile(errorSchema),
    examples,
  };
}
