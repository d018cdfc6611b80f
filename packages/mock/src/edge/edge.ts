// The spec-driven edge shared by every operation that has a handler: the key and its role, path and query
// parameters (coerced from text to their schema's type, defaults filled in, validated), the JSON body, the page
// cursor of a paginated operation, then the handler, then the response validated against the spec before it is
// sent. Every refusal is a status the operation documents, with the body the spec gives it: on the Package API
// the FastAPI-style `{"detail": "..."}` (401, 403, 429) and `HTTPValidationError` (422) naming the field; on an
// API without a 422 (the Authenticator v2 and the deprecated v1) a 400 with its `{"error": "..."}` body naming the
// field and the rule, and the 415 and 413 they document.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonMediaType, pointerTokens, type Operation as SpecOperation } from '@nox-energy/spec-reader';
import type { Account, Keyring } from '../accounts.js';
import type { Outcome, ValidationIssue } from '../handlers/types.js';
import { type BodyResult, mediaType, readBody, sendJson, writeHead } from '../http/io.js';
import type { OpenApiDocument } from '../spec/load.js';
import {
  defaultOf,
  deref,
  type ErrorObject,
  isNode,
  type SchemaCompiler,
  type ValidateFunction,
} from '../spec/schemas.js';
import { describeValidationErrors } from '../validation-message.js';
import type { LinkService } from '../world/link.js';
import { SettingsRuleError, type World, WorldFullError } from '../world/store.js';
import type { PageTokens } from './page-token.js';

export interface EdgeContext {
  doc: OpenApiDocument;
  compiler: SchemaCompiler;
  keyring: Keyring;
  world: World;
  link: LinkService;
  tokens: PageTokens;
  maxBodyBytes: number;
  /** The error property of the Authenticator's error body, for a response the operation does not describe. */
  fallbackErrorField: string;
  /** Reports a bug of the mock (a handler that threw, or built a response that breaks the spec). */
  onError: (error: unknown) => void;
}

/** A handler of any operation: the table ties each to its operation's types; the edge checks its values. */
export type AnyHandler = (call: never) => unknown;

interface Parameter {
  name: string;
  required: boolean;
  types: Set<string>;
  fallback: unknown;
  validate: ValidateFunction;
}

/** Seconds a client waits after a refusal for a full world (it only changes when the world is reset). */
const FULL_RETRY_AFTER_SECONDS = 60;

function typesOf(doc: OpenApiDocument, schema: unknown): Set<string> {
  const node = deref(doc, schema);
  const types = new Set<string>();
  const type = node.type;
  for (const item of Array.isArray(type) ? type : type === undefined ? [] : [type]) {
    types.add(String(item));
  }
  for (const branch of [
    ...(Array.isArray(node.oneOf) ? node.oneOf : []),
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
  ]) {
    for (const item of typesOf(doc, branch)) {
      types.add(item);
    }
  }
  return types;
}

/** Text from a URL to the schema's type, as FastAPI does; the issue when it cannot be converted. */
function coerce(raw: string, parameter: Parameter, loc: Array<string | number>): { value: unknown } | ValidationIssue {
  const { types } = parameter;
  if (types.has('string')) {
    return { value: raw };
  }
  if (types.has('integer')) {
    return /^[+-]?\d{1,15}$/.test(raw)
      ? { value: Number(raw) }
      : { loc, msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' };
  }
  if (types.has('number')) {
    const value = Number(raw);
    return raw.trim() !== '' && Number.isFinite(value)
      ? { value }
      : { loc, msg: 'Input should be a valid number, unable to parse string as a number', type: 'float_parsing' };
  }
  if (types.has('boolean')) {
    const lower = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) {
      return { value: true };
    }
    if (['false', '0', 'no', 'off'].includes(lower)) {
      return { value: false };
    }
    return { loc, msg: 'Input should be a valid boolean, unable to interpret input', type: 'bool_parsing' };
  }
  return { value: raw };
}

/** One ajv error as a FastAPI (pydantic) validation issue: where, what, and a machine-readable kind. */
export function issueOf(error: ErrorObject, base: Array<string | number>): ValidationIssue {
  const loc = [
    ...base,
    ...error.instancePath
      .split('/')
      .slice(1)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll('~1', '/').replaceAll('~0', '~'))),
  ];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { loc: [...loc, String(params.missingProperty)], msg: 'Field required', type: 'missing' };
    case 'additionalProperties':
      return {
        loc: [...loc, String(params.additionalProperty)],
        msg: 'Extra inputs are not permitted',
        type: 'extra_forbidden',
      };
    case 'minimum':
      return { loc, msg: `Input should be greater than or equal to ${params.limit}`, type: 'greater_than_equal' };
    case 'maximum':
      return { loc, msg: `Input should be less than or equal to ${params.limit}`, type: 'less_than_equal' };
    case 'exclusiveMinimum':
      return { loc, msg: `Input should be greater than ${params.limit}`, type: 'greater_than' };
    case 'exclusiveMaximum':
      return { loc, msg: `Input should be less than ${params.limit}`, type: 'less_than' };
    case 'minLength':
      return { loc, msg: `String should have at least ${params.limit} characters`, type: 'string_too_short' };
    case 'maxLength':
      return { loc, msg: `String should have at most ${params.limit} characters`, type: 'string_too_long' };
    case 'pattern':
      return { loc, msg: `String should match pattern '${params.pattern}'`, type: 'string_pattern_mismatch' };
    case 'minItems':
      return { loc, msg: `List should have at least ${params.limit} items`, type: 'too_short' };
    case 'maxItems':
      return { loc, msg: `List should have at most ${params.limit} items`, type: 'too_long' };
    case 'enum':
    case 'const':
      return {
        loc,
        msg: `Input should be ${JSON.stringify(params.allowedValues ?? params.allowedValue)}`,
        type: 'enum',
      };
    case 'type':
      return { loc, msg: `Input should be a valid ${String(params.type)}`, type: `${String(params.type)}_type` };
    default:
      return { loc, msg: error.message ?? 'Invalid value', type: 'value_error' };
  }
}

function parameterOf(
  doc: OpenApiDocument,
  compiler: SchemaCompiler,
  info: SpecOperation['parameters'][number],
): Parameter {
  return {
    name: info.name,
    required: info.required,
    types: typesOf(doc, info.schema),
    fallback: defaultOf(doc, info.schema),
    validate: compiler.compile(info.schema),
  };
}

/** The required string property of the error schema an operation documents for a status (e.g. `detail`). */
function errorFieldOf(doc: OpenApiDocument, operation: SpecOperation, status: string): string | undefined {
  const response =
    operation.responses.find((item) => item.status === status) ??
    operation.responses.find((item) => item.status === `${status[0]}XX`);
  const media = response ? Object.keys(response.content).find(isJsonMediaType) : undefined;
  if (!response || !media || response.content[media] === undefined) {
    return undefined;
  }
  const schema = deref(doc, response.content[media]);
  const required = Array.isArray(schema.required) ? schema.required : [];
  return required.find(
    (field) =>
      typeof field === 'string' && isNode(schema.properties) && deref(doc, schema.properties[field]).type === 'string',
  ) as string | undefined;
}

/** `/users/{userId}/link` under its base path -> a pattern with a named group per parameter. */
function pathPattern(basePath: string, path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = (basePath + path)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name !== undefined) {
        names.push(name);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names };
}

type Refusal = { status: number; body: unknown; headers?: Record<string, string | number> };

export interface EdgeOptions {
  /** The request body's discriminator, for the Authenticator's messages (a brand of the other asset type). */
  discriminator?: { tag: string; values: string[]; shapes: ReadonlySet<string> } | undefined;
}

/** The handler of one operation, behind the edge. */
export function createEdgeHandler(
  operation: SpecOperation,
  basePath: string,
  handler: AnyHandler,
  context: EdgeContext,
  options: EdgeOptions = {},
) {
  const { doc, compiler, world } = context;
  const where = operation.operationId;
  const roles = new Set(operation.security.map((scheme) => scheme.role).filter((role) => role !== undefined));
  const keyHeader = operation.security[0]?.header;
  const documented = new Set(operation.responses.map((response) => response.status));
  // The error property per status, looked up once per status.
  const fields = new Map<number, string>();
  const fieldFor = (status: number) => {
    let field = fields.get(status);
    if (field === undefined) {
      field =
        errorFieldOf(doc, operation, String(status)) ??
        errorFieldOf(doc, operation, '401') ??
        context.fallbackErrorField;
      fields.set(status, field);
    }
    return field;
  };
  const message = (status: number, text: string, headers?: Record<string, string | number>): Refusal => ({
    status,
    body: { [fieldFor(status)]: text },
    ...(headers ? { headers } : {}),
  });
  // Rules broken by the request: 422 with the issues where the operation documents it, else 400 with a message.
  const validationFailure = (issues: ValidationIssue[]): Refusal =>
    documented.has('422')
      ? { status: 422, body: { detail: issues } }
      : message(400, issues.map((issue) => `${issue.loc.slice(1).join('.') || issue.loc[0]}: ${issue.msg}`).join('; '));
  const roleStatus = documented.has('403') ? 403 : 401;
  const rolesText = [...roles].join(' or ');
  // A body refused before it is read (a media type the operation does not take): its 422, or the given status.
  const has422 = documented.has('422');
  const refuseBody = (status: number, text: string, loc: Array<string | number>, type: string): Refusal =>
    has422 ? validationFailure([{ loc, msg: text, type }]) : message(status, text);

  const query = operation.parameters
    .filter((item) => item.in === 'query')
    .map((item) => parameterOf(doc, compiler, item));
  const pathParameters = operation.parameters
    .filter((item) => item.in === 'path')
    .map((item) => parameterOf(doc, compiler, item));
  const { pattern, names } = pathPattern(basePath, operation.path);
  const pagination = operation.pagination;
  // Where the next page's token goes in the body, as property names (read from the pointer once).
  const nextTokenPath = pagination ? pointerTokens(pagination.nextToken) : [];
  const pageScopeParameters = query.filter(
    (item) => item.name !== pagination?.tokenParameter && item.name !== pagination?.limitParameter,
  );

  const body = operation.requestBody;
  const bodyMedia = new Set(
    Object.keys(body?.content ?? {})
      .filter(isJsonMediaType)
      .map((type) => type.toLowerCase()),
  );
  const mediaList = [...bodyMedia].join(' or ');
  // Where the operation documents a 415 the content type is required; elsewhere a body without one is read as JSON.
  const mediaRequired = documented.has('415');
  const bodySchema = body?.schema;
  const validateBody = bodySchema === undefined ? undefined : compiler.compile(bodySchema);
  const success = operation.responses.find((response) => /^2\d\d$/.test(response.status));
  const successStatus = Number(success?.status ?? 200);
  const successMedia = success ? Object.keys(success.content).find(isJsonMediaType) : undefined;
  const successSchema = success && successMedia ? success.content[successMedia] : undefined;
  const validateResponse = successSchema === undefined ? undefined : compiler.compile(successSchema);

  const send = (res: ServerResponse, refusal: Refusal) => sendJson(res, refusal.status, refusal.body, refusal.headers);

  function authenticate(req: IncomingMessage): Account | Refusal {
    if (!keyHeader) {
      return message(401, 'this operation has no key scheme in the spec');
    }
    const key = req.headers[keyHeader];
    if (typeof key !== 'string' || key === '') {
      return message(401, `${keyHeader}: header is required (the API key of a ${rolesText} account)`);
    }
    const account = context.keyring.find(key);
    if (!account) {
      return message(401, `${keyHeader}: unknown API key`);
    }
    if (!roles.has(account.role)) {
      return message(
        roleStatus,
        `${keyHeader}: this operation needs a ${rolesText} key; the key belongs to a ${account.role}`,
      );
    }
    return account;
  }

  function readParameters(
    list: Parameter[],
    raw: (name: string) => string | null,
    base: string,
    values: Record<string, unknown>,
    issues: ValidationIssue[],
  ): void {
    for (const parameter of list) {
      const loc = [base, parameter.name];
      const text = raw(parameter.name);
      if (text === null) {
        if (parameter.required) {
          issues.push({ loc, msg: 'Field required', type: 'missing' });
        } else if (parameter.fallback !== undefined) {
          values[parameter.name] = parameter.fallback;
        }
        continue;
      }
      const coerced = coerce(text, parameter, loc);
      if (!('value' in coerced)) {
        issues.push(coerced);
        continue;
      }
      if (!parameter.validate(coerced.value)) {
        issues.push(issueOf((parameter.validate.errors ?? [])[0] as ErrorObject, loc));
        continue;
      }
      values[parameter.name] = coerced.value;
    }
  }

  function respond(
    res: ServerResponse,
    account: Account,
    queryText: string,
    pathname: string,
    read: BodyResult | undefined,
  ): void {
    const issues: ValidationIssue[] = [];
    const pathValues: Record<string, unknown> = {};
    if (names.length > 0) {
      const match = pattern.exec(pathname);
      const segments = new Map<string, string>();
      names.forEach((name, index) => {
        const segment = match?.[index + 1];
        if (segment === undefined) {
          return;
        }
        try {
          segments.set(name, decodeURIComponent(segment));
        } catch {
          issues.push({ loc: ['path', name], msg: 'Invalid percent-encoding in the path', type: 'value_error' });
        }
      });
      readParameters(
        pathParameters.filter((parameter) => !issues.some((issue) => issue.loc[1] === parameter.name)),
        (name) => segments.get(name) ?? null,
        'path',
        pathValues,
        issues,
      );
    }
    const queryValues: Record<string, unknown> = {};
    // An operation without query parameters ignores the query string (nothing of it is parsed).
    const params = query.length === 0 ? undefined : new URLSearchParams(queryText);
    if (params) {
      readParameters(query, (name) => params.get(name), 'query', queryValues, issues);
    }

    let bodyValue: unknown;
    if (body && read) {
      if (!read.ok) {
        if (read.reason === 'too-large') {
          send(res, message(413, `body: must not exceed ${context.maxBodyBytes} bytes`, { connection: 'close' }));
        }
        return;
      }
      if (read.body.length === 0) {
        if (body.required) {
          if (!has422) {
            send(res, message(400, 'body: is required (a JSON object)'));
            return;
          }
          issues.push({ loc: ['body'], msg: 'Field required', type: 'missing' });
        }
      } else {
        try {
          bodyValue = JSON.parse(read.body.toString('utf8'));
        } catch (error) {
          if (!has422) {
            send(res, message(400, `body: is not valid JSON (${(error as Error).message})`));
            return;
          }
          issues.push({ loc: ['body', 0], msg: 'JSON decode error', type: 'json_invalid' });
        }
        if (bodyValue !== undefined && validateBody && !validateBody(bodyValue)) {
          if (!has422) {
            const text = describeValidationErrors(validateBody.errors ?? [], {
              discriminator: options.discriminator,
              body: bodyValue,
            });
            send(res, message(400, text));
            return;
          }
          issues.push(issueOf((validateBody.errors ?? [])[0] as ErrorObject, ['body']));
        }
      }
    }
    if (issues.length > 0) {
      send(res, validationFailure(issues));
      return;
    }

    const page: { after: number | undefined; limit: number } = { after: undefined, limit: Number.POSITIVE_INFINITY };
    let scope = '';
    if (pagination) {
      scope = `${where}?${pageScopeParameters.map((item) => `${item.name}=${params?.get(item.name) ?? ''}`).join('&')}`;
      page.limit = Number(
        queryValues[pagination.limitParameter] ?? pagination.limit.default ?? pagination.limit.maximum,
      );
      const token = queryValues[pagination.tokenParameter];
      if (typeof token === 'string' && token !== '') {
        const after = context.tokens.verify(scope, token);
        if (after === undefined) {
          send(
            res,
            validationFailure([
              {
                loc: ['query', pagination.tokenParameter],
                msg: 'Invalid page token: pass the meta.next_token of the previous page unchanged, with the same other query parameters',
                type: 'value_error',
              },
            ]),
          );
          return;
        }
        page.after = after;
      }
    }

    let outcome: Outcome<never>;
    try {
      outcome = (handler as (call: unknown) => Outcome<never>)({
        account,
        world,
        link: context.link,
        query: queryValues,
        body: bodyValue,
        path: pathValues,
        page,
        nowMs: world.now(),
      });
    } catch (error) {
      if (error instanceof WorldFullError) {
        send(res, message(429, error.message, { 'retry-after': FULL_RETRY_AFTER_SECONDS }));
        return;
      }
      if (error instanceof SettingsRuleError) {
        send(res, validationFailure([{ loc: ['body', ...error.path], msg: error.message, type: 'value_error' }]));
        return;
      }
      throw error;
    }
    if ('invalid' in outcome) {
      send(res, validationFailure(outcome.invalid));
      return;
    }
    if ('limited' in outcome) {
      send(res, message(429, outcome.limited, { 'retry-after': FULL_RETRY_AFTER_SECONDS }));
      return;
    }
    if ('refused' in outcome) {
      send(res, message(outcome.refused.status, outcome.refused.message, outcome.refused.headers));
      return;
    }
    const result = outcome.ok as unknown;
    if (pagination && result !== null && typeof result === 'object') {
      const next = outcome.next ?? null;
      setAtPath(result, nextTokenPath, next === null ? null : context.tokens.sign(scope, next));
    }
    const problem = checkResponse(result);
    if (problem !== undefined) {
      context.onError(new Error(problem));
      send(res, message(500, problem));
      return;
    }
    if (result === undefined) {
      writeHead(res, successStatus, ['cache-control', 'no-store']);
      res.end();
      return;
    }
    sendJson(res, successStatus, result);
  }

  /** Why a response the handler built breaks the spec, or undefined when it conforms. */
  function checkResponse(result: unknown): string | undefined {
    if (!validateResponse) {
      return result === undefined ? undefined : `${where}: built a body for a ${successStatus} response that has none`;
    }
    if (validateResponse(result)) {
      return undefined;
    }
    const [error] = validateResponse.errors ?? [];
    return `${where}: the mock built a response that breaks the spec (${error?.instancePath || '/'} ${error?.message ?? ''}); this is a bug of the mock`;
  }

  // An account's rate limit applies where the operation documents the 429 it answers.
  const rateLimited = documented.has('429');

  return function handleEdge(req: IncomingMessage, res: ServerResponse, queryText: string, pathname: string): void {
    const authenticated = authenticate(req);
    if (!('role' in authenticated)) {
      send(res, authenticated);
      return;
    }
    const limit = authenticated.rateLimit;
    if (rateLimited && limit) {
      const wait = limit.take(world.now());
      if (wait > 0) {
        send(
          res,
          message(
            429,
            `Too many requests: ${authenticated.name} may send ${limit.requests} per ${limit.perSeconds} s (the mock's rateLimit); retry after ${wait} s`,
            { 'retry-after': wait },
          ),
        );
        req.resume();
        return;
      }
    }
    const run = (read: BodyResult | undefined) => {
      try {
        respond(res, authenticated, queryText, pathname, read);
      } catch (error) {
        context.onError(error);
        send(res, message(500, `${where}: internal error of the mock server`));
      }
    };
    if (!body) {
      run(undefined);
      return;
    }
    const media = mediaType(req.headers['content-type']);
    if (media === '' ? mediaRequired : !bodyMedia.has(media)) {
      send(
        res,
        refuseBody(mediaRequired ? 415 : 400, `content-type: must be ${mediaList}`, ['body'], 'model_attributes_type'),
      );
      req.resume();
      return;
    }
    readBody(req, context.maxBodyBytes, run);
  };
}

/** Sets the value at a path of property names in an object (the page token in a paginated body). */
function setAtPath(target: object, path: readonly string[], value: unknown): void {
  let parent: unknown = target;
  for (let index = 0; index < path.length - 1; index++) {
    parent =
      parent !== null && typeof parent === 'object'
        ? (parent as Record<string, unknown>)[path[index] as string]
        : undefined;
  }
  const last = path[path.length - 1];
  if (last !== undefined && parent !== null && typeof parent === 'object') {
    (parent as Record<string, unknown>)[last] = value;
  }
}
