// Checks every response against what the spec documents for its operation.
import type { Exchange } from '../http/transport.js';
import type { SchemaValidator } from '../schema/validator.js';
import { deref, type JsonObject, type JsonSchema, type OpenApiDocument } from '../spec/document.js';
import { findResponse, isJsonMediaType, type OperationSpec, type ResponseSpec } from '../spec/operations.js';
import type { CheckName } from './catalog.js';

export interface Outcome {
  check: CheckName;
  ok: boolean;
  /** Why it failed. */
  message?: string;
}

export interface ResponseContext {
  doc: OpenApiDocument;
  validator: SchemaValidator;
}

/** not_a_server_error, status, content type, headers and body schema, for one exchange. */
export function checkResponse(ctx: ResponseContext, operation: OperationSpec, exchange: Exchange): Outcome[] {
  const { response } = exchange;
  if (!response) {
    return [{ check: 'not_a_server_error', ok: false, message: `no response: ${exchange.error ?? 'unknown error'}` }];
  }
  const outcomes: Outcome[] = [
    response.status >= 500
      ? { check: 'not_a_server_error', ok: false, message: `server error ${response.status}` }
      : { check: 'not_a_server_error', ok: true },
  ];
  const documented = findResponse(operation, response.status);
  if (!documented) {
    const statuses = operation.responses.map((r) => r.status).join(', ');
    outcomes.push({
      check: 'status_code_conformance',
      ok: false,
      message: `status ${response.status} is not documented for ${operation.operationId} (documented: ${statuses})`,
    });
    return outcomes;
  }
  outcomes.push({ check: 'status_code_conformance', ok: true });
  outcomes.push(...checkContentType(documented, response.headers['content-type'], response.body));
  outcomes.push(...checkHeaders(ctx, documented, response.headers));
  outcomes.push(...checkBody(ctx, documented, response.headers['content-type'], response.body));
  return outcomes;
}

function checkContentType(documented: ResponseSpec, contentType: string | undefined, body: string): Outcome[] {
  const mediaTypes = Object.keys(documented.content);
  if (mediaTypes.length === 0) {
    return body.length === 0
      ? []
      : [
          {
            check: 'content_type_conformance',
            ok: false,
            message: `status ${documented.status} documents no body, but the response has ${body.length} bytes`,
          },
        ];
  }
  if (!contentType) {
    return [{ check: 'content_type_conformance', ok: false, message: 'the response has no Content-Type header' }];
  }
  if (matchMediaType(mediaTypes, contentType)) {
    return [{ check: 'content_type_conformance', ok: true }];
  }
  return [
    {
      check: 'content_type_conformance',
      ok: false,
      message: `Content-Type "${contentType}" is not documented for status ${documented.status} (documented: ${mediaTypes.join(', ')})`,
    },
  ];
}

/** The documented media type a Content-Type header matches (`application/json; charset=utf-8` matches `application/json`). */
export function matchMediaType(documented: string[], contentType: string): string | undefined {
  const essence = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(essence)) {
    return undefined;
  }
  const [type, subtype] = essence.split('/');
  return documented.find((candidate) => {
    const [ctype, csubtype] = candidate.toLowerCase().split(';')[0]?.trim().split('/') ?? [];
    return (ctype === '*' || ctype === type) && (csubtype === '*' || csubtype === subtype);
  });
}

function checkHeaders(ctx: ResponseContext, documented: ResponseSpec, headers: Record<string, string>): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const [name, spec] of Object.entries(documented.headers)) {
    const raw = headers[name];
    if (raw === undefined) {
      outcomes.push(
        spec.required
          ? { check: 'response_headers_conformance', ok: false, message: `required header ${name} is missing` }
          : { check: 'response_headers_conformance', ok: true },
      );
      continue;
    }
    if (spec.schema === undefined) {
      outcomes.push({ check: 'response_headers_conformance', ok: true });
      continue;
    }
    const value = coerceHeader(ctx.doc, spec.schema, raw);
    const errors = ctx.validator.errors(spec.schema, value);
    outcomes.push(
      errors
        ? {
            check: 'response_headers_conformance',
            ok: false,
            message: `header ${name}: ${JSON.stringify(raw)} does not match its schema (${errors.join('; ')})`,
          }
        : { check: 'response_headers_conformance', ok: true },
    );
  }
  return outcomes;
}

/** Header values are strings on the wire; the schema speaks of the JSON value they stand for. */
function coerceHeader(doc: OpenApiDocument, schema: JsonSchema, raw: string): unknown {
  const resolved = deref<JsonObject>(doc, schema);
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  const text = raw.trim();
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    return Number(text);
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) {
    return text === 'true';
  }
  return raw;
}

function checkBody(
  ctx: ResponseContext,
  documented: ResponseSpec,
  contentType: string | undefined,
  body: string,
): Outcome[] {
  const mediaTypes = Object.keys(documented.content);
  const mediaType =
    (contentType ? matchMediaType(mediaTypes, contentType) : undefined) ?? mediaTypes.find(isJsonMediaType);
  const schema = mediaType ? documented.content[mediaType] : undefined;
  if (!mediaType || schema === undefined || !isJsonMediaType(mediaType)) {
    return [];
  }
  const parsed = parseJson(body);
  if (!parsed.ok) {
    return [
      { check: 'response_schema_conformance', ok: false, message: `the body is not valid JSON (${parsed.error})` },
    ];
  }
  const errors = ctx.validator.errors(schema, parsed.value);
  return [
    errors
      ? {
          check: 'response_schema_conformance',
          ok: false,
          message: `the ${documented.status} body does not match its schema: ${errors.join('; ')}`,
        }
      : { check: 'response_schema_conformance', ok: true },
  ];
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: text.length === 0 ? 'empty body' : (error as Error).message };
  }
}

/** Whether a response body is the documented one for its status (the "documented error shape"). */
export function matchesDocumentedBody(
  ctx: ResponseContext,
  operation: OperationSpec,
  status: number,
  contentType: string | undefined,
  body: string,
): string | undefined {
  const documented = findResponse(operation, status);
  if (!documented) {
    return `status ${status} is not documented`;
  }
  const problems = [
    ...checkContentType(documented, contentType, body),
    ...checkBody(ctx, documented, contentType, body),
  ].filter((o) => !o.ok);
  return problems.length > 0 ? problems.map((o) => o.message).join('; ') : undefined;
}
