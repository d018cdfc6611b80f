// The link-completed callback of a link-session operation, read from the operation's OpenAPI `callbacks`: where the
// user is sent (the runtime expression names the request field), in which query parameter, how it is encoded, and
// the payload schema the mock fills and checks before it redirects.
import type { OpenApiDocument } from './load.js';
import { deref, isNode, type Node, type SchemaCompiler, type ValidateFunction } from './schemas.js';

export interface CallbackContext {
  /** The link session's create response. */
  session: Record<string, unknown>;
  /** What the user chose in the UI, by field. */
  choices: Readonly<Record<string, string>>;
  nowSeconds: number;
  noxUserId: string;
  deviceIds: string[];
}

type Rule = { kind: 'fromSession' } | { kind: 'now' } | { kind: 'devices' } | { kind: 'noxUser' };

export interface CallbackPlan {
  /** The request body field that holds the URL the user returns to. */
  redirectField: string;
  /** The query parameter carrying the payload. */
  param: string;
  /** The payload's properties (the UI offers a choice for those the session's request also constrains). */
  payloadFields: ReadonlySet<string>;
  build(context: CallbackContext): Record<string, unknown>;
  /** Validates the payload against the callback's `contentSchema`. */
  validatePayload: ValidateFunction;
  /** Encodes the payload as the parameter's `contentEncoding` says, and checks it against the parameter's schema. */
  encode(payload: Record<string, unknown>): string;
  validateParam: ValidateFunction;
}

const REQUEST_BODY_FIELD = /^\{\$request\.body#\/([^/{}]+)\}$/;
const ENCODINGS: Record<string, BufferEncoding> = { base64url: 'base64url', base64: 'base64' };

export function planCallback(
  doc: OpenApiDocument,
  compiler: SchemaCompiler,
  operation: Node,
  sessionFields: ReadonlySet<string>,
  where: string,
): CallbackPlan | undefined {
  if (!isNode(operation.callbacks)) {
    return undefined;
  }
  const callback = Object.values(operation.callbacks).find(isNode);
  const [expression, pathItem] = callback ? (Object.entries(callback).find(([, item]) => isNode(item)) ?? []) : [];
  const redirectField = typeof expression === 'string' ? REQUEST_BODY_FIELD.exec(expression)?.[1] : undefined;
  if (!redirectField || !isNode(pathItem)) {
    throw new Error(`${where}: the callback URL must be a request body field, like {$request.body#/field}`);
  }
  const callbackOperation = Object.values(pathItem).find(isNode) as Node;
  const parameter = (Array.isArray(callbackOperation.parameters) ? callbackOperation.parameters : [])
    .map((item) => deref(doc, item))
    .find((item) => item.in === 'query' && isNode(item.schema) && 'contentSchema' in item.schema);
  if (!parameter || typeof parameter.name !== 'string' || !isNode(parameter.schema)) {
    throw new Error(`${where}: the callback needs a query parameter with a contentSchema`);
  }
  const { contentSchema, contentEncoding, contentMediaType } = parameter.schema;
  const encoding = ENCODINGS[String(contentEncoding)];
  if (!encoding || contentMediaType !== 'application/json') {
    throw new Error(`${where}: the callback parameter must be JSON (contentMediaType) in base64url or base64`);
  }

  const payloadSchema = deref(doc, contentSchema);
  const properties = isNode(payloadSchema.properties) ? payloadSchema.properties : {};
  const rules: Array<[string, Rule]> = [];
  for (const [field, node] of Object.entries(properties)) {
    // A payload field the session knows (or the user chooses in the UI) is taken from there. The others are what
    // NOX itself establishes when the user connects: an integer is the moment of connection, an array the ids of
    // the connected devices, and a string the NOX user id.
    const type = deref(doc, node).type;
    if (sessionFields.has(field)) {
      rules.push([field, { kind: 'fromSession' }]);
    } else if (type === 'integer') {
      rules.push([field, { kind: 'now' }]);
    } else if (type === 'array') {
      rules.push([field, { kind: 'devices' }]);
    } else if (type === 'string') {
      rules.push([field, { kind: 'noxUser' }]);
    } else {
      throw new Error(`${where}: no rule derives the callback field "${field}"`);
    }
  }

  return {
    redirectField,
    param: parameter.name,
    payloadFields: new Set(Object.keys(properties)),
    validatePayload: compiler.compile(contentSchema),
    validateParam: compiler.compile(parameter.schema),
    build(context) {
      const payload: Record<string, unknown> = {};
      for (const [field, rule] of rules) {
        const value = fieldValue(rule, field, context);
        if (value !== undefined && value !== null) {
          payload[field] = value;
        }
      }
      return payload;
    },
    encode(payload) {
      // Node's base64url has no padding, as the spec's callback asks.
      return Buffer.from(JSON.stringify(payload), 'utf8').toString(encoding);
    },
  };
}

function fieldValue(rule: Rule, field: string, context: CallbackContext): unknown {
  switch (rule.kind) {
    case 'fromSession':
      return context.choices[field] ?? context.session[field];
    case 'now':
      return context.nowSeconds;
    case 'devices':
      return context.deviceIds;
    case 'noxUser':
      return context.noxUserId;
  }
}
