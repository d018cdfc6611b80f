// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.

/** Server base URLs by API and environment. */
export const servers = {
  'authenticator': {
    'production': 'https://auth.nox.energy/v2'
  }
} as const;

/** The API each path belongs to. */
export const pathApis = {
  '/supplier/link-sessions': 'authenticator',
  '/manufacturer/link-sessions': 'authenticator',
  '/manufacturer/device-connections': 'authenticator'
} as const;

/** Header that carries the API key. */
export const apiKeyHeader = 'x-api-key';

/** Response header that carries the server's request id. */
export const requestIdHeader = 'x-request-id';

/** The callback payloads: query parameter, its largest accepted length, its alphabet and the payload's fields. */
export const callbackPayloads = {
  'LinkCallbackPayload': {
    'parameter': 'data',
    'maxLength': 16384,
    'pattern': '^[A-Za-z0-9_-]+$',
    'fields': [
      'nox_user_id',
      'supplier_user_id',
      'brand',
      'device_ids',
      'connected_at'
    ]
  },
  'ManufacturerLinkCallbackPayload': {
    'parameter': 'data',
    'maxLength': 16384,
    'pattern': '^[A-Za-z0-9_-]+$',
    'fields': [
      'nox_user_id',
      'manufacturer_user_id',
      'connected_at'
    ]
  }
} as const;
