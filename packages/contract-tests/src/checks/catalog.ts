// The checks, in report order. Names follow Schemathesis where a check has a Schemathesis twin.

export const CHECKS = {
  not_a_server_error: 'No request is answered with a 5xx, and every request gets an answer.',
  status_code_conformance: 'The status code is documented for the operation.',
  content_type_conformance: 'The Content-Type is one the response documents.',
  response_headers_conformance: 'Documented response headers are present when required and match their schema.',
  response_schema_conformance: 'The body validates against the documented schema (JSON Schema 2020-12, formats).',
  missing_api_key: 'A request without the API key is answered 401 with the documented error body.',
  wrong_api_key: 'A request with an unknown API key is answered 401 with the documented error body.',
  other_role_api_key:
    'A key of a role the operation does not accept is answered 403 where the operation documents 403, else 401, with the documented error body.',
  negative_data_rejection: 'A request that breaks the schema is rejected with a documented 4xx.',
  positive_data_acceptance: 'A schema-valid request is accepted (2xx).',
  unsupported_method: 'An undocumented method on a documented path is answered 405 with an Allow header.',
  echo: 'Fields marked x-nox-echo equal what was sent (the default when omitted, else null).',
  seconds_after: 'Fields marked x-nox-seconds-after are the stated number of seconds after their reference.',
  on_create: 'Fields marked x-nox-on-create have the stated value in a 201 response.',
  query_params: 'URLs marked x-nox-query carry the stated fields as query parameters.',
  pagination:
    'Paginated lists (x-nox-pagination): a walk with a small limit equals one large page (no item repeated or missing, same order), no page exceeds its limit, the last token is null, limits out of bounds and forged or truncated tokens are refused with the documented 4xx.',
  stateful_links:
    'After a valid request, each OpenAPI link of its response is followed and the target reflects what was sent.',
} as const;

export type CheckName = keyof typeof CHECKS;

export const CHECK_NAMES = Object.keys(CHECKS) as CheckName[];
