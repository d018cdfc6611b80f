// Reads everything the mock serves from the spec, once at start: routes, methods, roles, request validators,
// response and callback plans. Nothing here is specific to one operation or field. The spec's structure
// (servers, operations, keys, bodies, responses) comes from the shared spec reader.
import { readOperations, readServers, type Operation as SpecOperation } from '@nox-energy/spec-reader';
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

/** What routing and authentication need of any operation, served or not. */
export interface RoutedOperation {
  operationId: string;
  method: string;
  /** The path in the spec, e.g. `/supplier/link-sessions`. */
  specPath: string;
  /** The API it belongs to (`x-nox-api` of its servers); its routes hang under that API's base path. */
  api: string;
  /** The roles whose keys may call it (`x-nox-role` of its security schemes); empty when it needs no key. */
  roles: ReadonlySet<string>;
  /** The header carrying the API key, lower case. */
  apiKeyHeader: string | undefined;
}

/** An operation of the spec the mock has no behaviour for yet: it answers 501 naming it (after the key check). */
export interface UnservedOperation extends RoutedOperation {
  /** Why the mock does not serve it, for the start-up message. */
  reason: string;
}

export interface Operation extends RoutedOperation {
  /** The request body's JSON media types, lower case. */
  mediaTypes: ReadonlySet<string>;
  validateBody: ValidateFunction;
  /** The discriminator of the request body, if it has one, and the fields whose allowed values it decides. */
  discriminator: { tag: string; values: string[]; shapes: ReadonlySet<string> } | undefined;
  branches: RequestBranch[];
  successStatus: number;
  response: ResponsePlan;
  /** The link-completed callback, for operations that create a link session. */
  callback: CallbackPlan | undefined;
}

export interface ApiModel {
  operations: Operation[];
  /**
   * The operations the hints do not describe, in the spec's order: each needs a handler of its own (the server
   * answers 501 for one that has none).
   */
  unserved: UnservedOperation[];
  /** Every `x-nox-role` of the spec's security schemes. */
  roles: string[];
  /** The base path of each API (`x-nox-api` of the servers, its first one), e.g. `{ authenticator: '/v2' }`. */
  basePaths: Record<string, string>;
  /** The path of the Authenticator UI page (the path of the spec's `link_url` example). */
  uiPath: string;
  /** The property of the error schema that carries the message. */
  errorField: string;
  validateError: ValidateFunction;
  /** The request examples of each operation, by operationId (the CLI prints one). */
  examples: Record<string, unknown[]>;
}

/** The hints the mock builds a response from; a 2xx response schema with none gives it nothing to build. */
const RESPONSE_HINTS = [HINT.echo, HINT.onCreate, HINT.secondsAfter, HINT.query];

function pathOf(url: string): string {
  return new URL(url, 'http://localhost').pathname.replace(/\/+$/, '');
}

/**
 * Routing and key facts of an operation. A served operation's schemes must name their role; for one the mock
 * does not serve yet, a scheme without `x-nox-role` takes a key of any role (the spec does not say whose).
 */
function routedOf(operation: SpecOperation, served: boolean, allRoles: string[]): RoutedOperation {
  const roles = new Set<string>();
  for (const scheme of operation.security) {
    if (scheme.role !== undefined) {
      roles.add(scheme.role);
    } else if (served) {
      throw new Error(
        `${operation.operationId}: security scheme ${scheme.scheme} must be an apiKey header with ${HINT.role}`,
      );
    } else {
      for (const role of allRoles) {
        roles.add(role);
      }
    }
  }
  return {
    operationId: operation.operationId,
    method: operation.method.toUpperCase(),
    specPath: operation.path,
    api: operation.api,
    roles,
    apiKeyHeader: operation.security.at(-1)?.header,
  };
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/i;

/** The JSON media types of a response, lower case, with their schema. */
function jsonMedia(content: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(content)
    .filter(([type]) => JSON_MEDIA.test(type))
    .map(([type, schema]) => [type.toLowerCase(), schema]);
}

/**
 * Why the hints cannot describe an operation, or undefined when they can. The hinted handler serves:
 * a JSON request that creates something, answered with a JSON 2xx response the spec's `x-nox-*` hints describe.
 */
function unservedReason(doc: OpenApiDocument, operation: SpecOperation): string | undefined {
  const media = Object.entries(operation.requestBody?.content ?? {}).find(([type]) => JSON_MEDIA.test(type));
  if (!isNode(media?.[1].schema)) {
    return 'it takes no JSON request body';
  }
  const success = operation.responses.find((response) => /^2\d\d$/.test(response.status));
  const schema = success ? jsonMedia(success.content)[0]?.[1] : undefined;
  if (!success || schema === undefined) {
    return 'it has no JSON 2xx response';
  }
  const properties = deref(doc, schema).properties;
  const hinted = Object.values(isNode(properties) ? properties : {}).some(
    (node) => isNode(node) && RESPONSE_HINTS.some((hint) => hint in node),
  );
  return hinted
    ? undefined
    : `its ${success.status} response has no ${RESPONSE_HINTS.join('/')} hints to build it from`;
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

/** Every `x-nox-role` of the spec's security schemes. */
function rolesOf(doc: OpenApiDocument): string[] {
  const roles = new Set<string>();
  const schemes =
    isNode(doc.components) && isNode(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const scheme of Object.values(schemes)) {
    if (isNode(scheme) && typeof scheme[HINT.role] === 'string') {
      roles.add(scheme[HINT.role] as string);
    }
  }
  return [...roles];
}

export function readApiModel(doc: OpenApiDocument, compiler: SchemaCompiler = createSchemaCompiler(doc)): ApiModel {
  const operations: Operation[] = [];
  const unserved: UnservedOperation[] = [];
  const examples: Record<string, unknown[]> = {};
  const basePaths: Record<string, string> = {};
  let uiPath: string | undefined;
  let errorSchema: unknown;
  // The error body of the operations the mock serves; an unserved operation's only when none is served.
  let fallbackErrorSchema: unknown;

  for (const server of readServers(doc).all) {
    basePaths[server.api] ??= pathOf(server.url);
  }

  const allRoles = rolesOf(doc);
  for (const specOperation of readOperations(doc)) {
    const reason = unservedReason(doc, specOperation);
    const routed = routedOf(specOperation, reason === undefined, allRoles);
    const where = routed.operationId;
    if (reason !== undefined) {
      unserved.push({ ...routed, reason });
      for (const item of specOperation.responses) {
        fallbackErrorSchema ??= item.status.startsWith('4') ? jsonMedia(item.content)[0]?.[1] : undefined;
      }
      continue;
    }
    if (routed.roles.size !== 1) {
      throw new Error(`${where}: expected exactly one role (${HINT.role}) in its security, found ${routed.roles.size}`);
    }
    const [role] = [...routed.roles] as [string];

    const requestBody = specOperation.requestBody as NonNullable<SpecOperation['requestBody']>;
    const media = Object.entries(requestBody.content).filter(([type]) => JSON_MEDIA.test(type));
    const requestSchemaRef = (media[0] as [string, { schema: unknown }])[1].schema;
    examples[where] = media.flatMap(([, item]) => item.examples);

    const responses = specOperation.responses;
    const success = responses.find((response) => /^2\d\d$/.test(response.status)) as (typeof responses)[number];
    const successSchema = jsonMedia(success.content)[0]?.[1];
    const responseSchema = deref(doc, successSchema);
    const response = planResponse(doc, responseSchema, role, where);

    for (const item of responses) {
      const errorMedia = item.status.startsWith('4') ? jsonMedia(item.content)[0] : undefined;
      errorSchema ??= errorMedia?.[1];
    }

    const responseFields = new Set(response.fields.map((plan) => plan.field));
    const callback = response.tokenField
      ? planCallback(doc, compiler, specOperation.node, responseFields, where)
      : undefined;
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
      const urlSchema = urlField && isNode(responseSchema.properties) ? responseSchema.properties[urlField] : undefined;
      const [example] = isNode(urlSchema) && Array.isArray(urlSchema.examples) ? urlSchema.examples : [];
      uiPath = typeof example === 'string' ? pathOf(example) : undefined;
    }

    operations.push({
      ...routed,
      mediaTypes: new Set(media.map(([type]) => type.toLowerCase())),
      validateBody: compiler.compile(requestSchemaRef),
      discriminator,
      branches,
      successStatus: Number(success.status),
      response,
      callback,
    });
  }

  errorSchema ??= fallbackErrorSchema;
  const error = errorSchema === undefined ? undefined : deref(doc, errorSchema);
  const errorField = (Array.isArray(error?.required) ? error.required : []).find(
    (field) => isNode(error?.properties) && deref(doc, error.properties[field]).type === 'string',
  );
  if (!error || typeof errorField !== 'string') {
    throw new Error('The spec needs a JSON error schema with a required string property (for 4xx responses)');
  }

  return {
    operations,
    unserved,
    roles: allRoles,
    basePaths,
    // The spec's link_url example shows NOX's UI path; `/ui` if it has none.
    uiPath: uiPath || '/ui',
    errorField,
    validateError: compiler.compile(errorSchema),
    examples,
  };
}
