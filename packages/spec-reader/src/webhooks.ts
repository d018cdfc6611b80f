// The top-level `webhooks`: one entry per event type NOX sends, keyed by the event type string.
import { inferredOf } from './hints.js';
import { isObject, type JsonObject, type JsonSchema, type OpenApiDocument } from './json.js';
import { derefObject } from './ref.js';

export interface WebhookHeader {
  /** As NOX sends it, e.g. `X-Webhook-Signature`. */
  name: string;
  required: boolean;
  schema: JsonSchema | undefined;
  /** The `$ref` the header was written as, e.g. `#/components/headers/WebhookSignature`. */
  ref: string | undefined;
}

export interface WebhookResponse {
  /** `2XX`, `4XX`, `200`, ...: as the spec writes it, upper case. */
  status: string;
  /** What this response means to NOX (acknowledged, permanent failure, retried). */
  description: string | undefined;
}

export interface Webhook {
  /** The key under `webhooks`: the event type, e.g. `device.steerable_status.being_steered.updated`. */
  eventType: string;
  operationId: string | undefined;
  summary: string | undefined;
  /** The JSON media type of the event body and its schema (as written: a `$ref` stays one). */
  mediaType: string;
  schema: JsonSchema;
  examples: unknown[];
  headers: WebhookHeader[];
  responses: WebhookResponse[];
  deprecated: boolean;
  /** `x-nox-inferred`: why this event type is inferred rather than documented. */
  inferred: string | undefined;
  node: JsonObject;
}

/** Every webhook of the spec; each must `post` a JSON event whose `type` is a `const` of its event type. */
export function readWebhooks(doc: OpenApiDocument): Webhook[] {
  if (doc.webhooks === undefined) {
    return [];
  }
  if (!isObject(doc.webhooks)) {
    throw new Error('webhooks: must be an object keyed by event type');
  }
  return Object.entries(doc.webhooks).map(([eventType, rawItem]) =>
    readWebhook(doc, eventType, derefObject(doc, rawItem)),
  );
}

function readWebhook(doc: OpenApiDocument, eventType: string, item: JsonObject): Webhook {
  const where = `webhooks.${eventType}`;
  const node = item.post;
  if (!isObject(node)) {
    throw new Error(`${where}.post: is required (NOX POSTs each event)`);
  }
  const body = derefObject(doc, node.requestBody);
  const content = isObject(body.content) ? body.content : {};
  const mediaType = Object.keys(content).find(
    (type) => type.split(';')[0]?.trim().toLowerCase() === 'application/json',
  );
  const media = mediaType === undefined ? undefined : derefObject(doc, content[mediaType]);
  if (mediaType === undefined || media?.schema === undefined) {
    throw new Error(`${where}.post.requestBody: needs an application/json schema (the event)`);
  }
  const typeConst = eventTypeOf(doc, media.schema);
  if (typeConst !== eventType) {
    throw new Error(
      `${where}.post.requestBody: the event schema's "type" property must be a const of "${eventType}", found ${typeConst === undefined ? 'none' : JSON.stringify(typeConst)}`,
    );
  }
  const examples: unknown[] = media.example === undefined ? [] : [media.example];
  for (const example of Object.values(isObject(media.examples) ? media.examples : {})) {
    const value = derefObject(doc, example).value;
    if (value !== undefined) {
      examples.push(value);
    }
  }
  const responses = Object.entries(isObject(node.responses) ? node.responses : {}).map(([status, raw]) => {
    const response = derefObject(doc, raw);
    return {
      status: status.toUpperCase(),
      description: typeof response.description === 'string' ? response.description : undefined,
    };
  });
  if (responses.length === 0) {
    throw new Error(`${where}.post.responses: must say what each response means to NOX`);
  }
  return {
    eventType,
    operationId: typeof node.operationId === 'string' ? node.operationId : undefined,
    summary: typeof node.summary === 'string' ? node.summary : undefined,
    mediaType,
    schema: media.schema as JsonSchema,
    examples,
    headers: readHeaders(doc, [item.parameters, node.parameters], where),
    responses,
    deprecated: node.deprecated === true,
    inferred: inferredOf(node, where) ?? inferredOf(item, where),
    node,
  };
}

/** Header parameters of the webhook request (the `X-Webhook-*` headers NOX sends). */
function readHeaders(doc: OpenApiDocument, lists: unknown[], where: string): WebhookHeader[] {
  const headers = new Map<string, WebhookHeader>();
  for (const raw of lists.flatMap((list) => (Array.isArray(list) ? list : []))) {
    const parameter = derefObject(doc, raw);
    if (parameter.in !== 'header') {
      continue;
    }
    if (typeof parameter.name !== 'string' || parameter.name === '') {
      throw new Error(`${where}.post.parameters: a header parameter has no name`);
    }
    headers.set(parameter.name.toLowerCase(), {
      name: parameter.name,
      required: parameter.required === true,
      schema: parameter.schema as JsonSchema | undefined,
      ref: isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined,
    });
  }
  return [...headers.values()];
}

/** The `const` of the event schema's `type` property, looking through `$ref` and `allOf`. */
function eventTypeOf(doc: OpenApiDocument, schema: unknown, depth = 0): unknown {
  const node = derefObject(doc, schema);
  if (!isObject(node) || depth > 16) {
    return undefined;
  }
  const type = isObject(node.properties) ? derefObject(doc, node.properties.type) : undefined;
  if (isObject(type) && 'const' in type) {
    return type.const;
  }
  if (isObject(type) && Array.isArray(type.enum) && type.enum.length === 1) {
    return type.enum[0];
  }
  for (const branch of Array.isArray(node.allOf) ? node.allOf : []) {
    const found = eventTypeOf(doc, branch, depth + 1);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
