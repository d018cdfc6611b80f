// The plain JSON shapes the reader works on: a bundled OpenAPI 3.1 document as parsed JSON.

/** Any JSON object of the document. */
export type JsonObject = { [key: string]: unknown };

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it): an object, or `true`/`false`. */
export type JsonSchema = JsonObject | boolean;

/** The parts of an OpenAPI 3.1 document the reader looks at; everything else passes through untyped. */
export interface OpenApiDocument extends JsonObject {
  openapi?: string;
  info?: JsonObject;
  servers?: unknown;
  paths?: unknown;
  webhooks?: unknown;
  components?: unknown;
  security?: unknown;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The methods an OpenAPI path item may hold, in the order the spec's readers walk them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** `application/json`, `application/problem+json`, with or without parameters. */
export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[^/]+\+json$/.test(essence);
}
