// `x-nox-pagination` of a paginated operation, resolved against the operation and checked: where the items and
// the next page's token are in the 200 JSON body, which query parameters take the token and the page size, and
// the page size's bounds from the limit parameter's schema.
import { HINT } from './hints.js';
import { isJsonMediaType, isObject, type JsonObject, type OpenApiDocument } from './json.js';
import type { Operation, ParameterInfo } from './operations.js';
import { derefObject, pointerTokens } from './ref.js';

export interface Pagination {
  /** JSON Pointer into the 200 JSON body: the array of items, e.g. `/data`. */
  items: string;
  /** JSON Pointer into the 200 JSON body: the next page's token, `null` on the last page, e.g. `/meta/next_token`. */
  nextToken: string;
  /** The query parameter that takes the token. */
  tokenParameter: string;
  /** The query parameter for the page size. */
  limitParameter: string;
  /** The page size's bounds and default, from the limit parameter's schema (undefined when it states none). */
  limit: { minimum: number | undefined; maximum: number | undefined; default: number | undefined };
}

const FIELDS = ['items', 'nextToken', 'tokenParameter', 'limitParameter'] as const;

export function readPagination(
  doc: OpenApiDocument,
  operation: Pick<Operation, 'operationId' | 'parameters' | 'responses'>,
  marker: unknown,
): Pagination {
  const at = (field?: string) => `Operation ${operation.operationId}: ${HINT.pagination}${field ? `.${field}` : ''}`;
  if (!isObject(marker)) {
    throw new Error(`${at()}: must be an object with ${FIELDS.join(', ')}`);
  }
  for (const key of Object.keys(marker)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      throw new Error(`${at(key)}: is not a field of the marker (${FIELDS.join(', ')})`);
    }
  }
  for (const field of FIELDS) {
    if (typeof marker[field] !== 'string' || marker[field] === '') {
      throw new Error(`${at(field)}: is required (a non-empty string)`);
    }
  }
  const { items, nextToken, tokenParameter, limitParameter } = marker as Record<(typeof FIELDS)[number], string>;

  const ok = operation.responses.find((response) => response.status === '200');
  const mediaType = ok ? Object.keys(ok.content).find(isJsonMediaType) : undefined;
  const body = ok && mediaType ? ok.content[mediaType] : undefined;
  if (body === undefined) {
    throw new Error(`${at()}: the operation has no 200 JSON response schema for the pointers to point into`);
  }
  const itemsSchema = schemaAt(doc, body, items, at('items'));
  if (itemsSchema.type !== 'array' && !(Array.isArray(itemsSchema.type) && itemsSchema.type.includes('array'))) {
    throw new Error(`${at('items')}: "${items}" must point at an array in the 200 response schema`);
  }
  schemaAt(doc, body, nextToken, at('nextToken'));

  const queryParameter = (name: string, field: string): ParameterInfo => {
    const parameter = operation.parameters.find((p) => p.in === 'query' && p.name === name);
    if (!parameter) {
      throw new Error(`${at(field)}: "${name}" is not a query parameter of the operation`);
    }
    return parameter;
  };
  queryParameter(tokenParameter, 'tokenParameter');
  const limitSchema = derefObject(doc, queryParameter(limitParameter, 'limitParameter').schema);
  const bound = (keyword: 'minimum' | 'maximum' | 'default'): number | undefined => {
    const value = isObject(limitSchema) ? limitSchema[keyword] : undefined;
    if (value !== undefined && !Number.isInteger(value)) {
      throw new Error(`${at('limitParameter')}: the ${keyword} of "${limitParameter}" must be an integer`);
    }
    return value as number | undefined;
  };
  const limit = { minimum: bound('minimum'), maximum: bound('maximum'), default: bound('default') };
  const { minimum = -Infinity, maximum = Infinity } = limit;
  if (minimum > maximum || (limit.default !== undefined && (limit.default < minimum || limit.default > maximum))) {
    throw new Error(
      `${at('limitParameter')}: "${limitParameter}" has minimum ${limit.minimum}, maximum ${limit.maximum} and default ${limit.default}, which do not fit together`,
    );
  }
  return { items, nextToken, tokenParameter, limitParameter, limit };
}

/** The schema a JSON Pointer into a body names, walking `properties`, `items` and the branches of `allOf`. */
function schemaAt(doc: OpenApiDocument, schema: unknown, pointer: string, where: string): JsonObject {
  let tokens: string[];
  try {
    tokens = pointerTokens(pointer);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  let current = derefObject(doc, schema);
  for (const [index, token] of tokens.entries()) {
    const next = childSchema(doc, current, token);
    if (next === undefined) {
      const walked = `/${tokens.slice(0, index + 1).join('/')}`;
      throw new Error(`${where}: "${pointer}" names nothing in the 200 response schema (no "${walked}")`);
    }
    current = next;
  }
  return current;
}

function childSchema(doc: OpenApiDocument, schema: JsonObject, token: string): JsonObject | undefined {
  if (isObject(schema.properties) && schema.properties[token] !== undefined) {
    return derefObject(doc, schema.properties[token]);
  }
  if (/^(0|[1-9]\d*)$/.test(token) && schema.items !== undefined) {
    return derefObject(doc, schema.items);
  }
  for (const branch of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const found = childSchema(doc, derefObject(doc, branch), token);
    if (found) {
      return found;
    }
  }
  return undefined;
}
