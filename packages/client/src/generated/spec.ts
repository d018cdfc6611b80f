// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.

/** Server base URLs by API and environment. */
export const servers = {
  'authenticator': {
    'production': 'https://auth.nox.energy/v2'
  },
  'package': {
    'production': 'https://api.nox.energy',
    'sandbox': 'https://api.sandbox.nox.energy'
  },
  'authenticator-v1': {
    'production': 'https://auth.nox.energy'
  }
} as const;

/** The API each path belongs to. */
export const pathApis = {
  '/supplier/link-sessions': 'authenticator',
  '/manufacturer/link-sessions': 'authenticator',
  '/manufacturer/device-connections': 'authenticator',
  '/v1/devices': 'package',
  '/v1/devices/pv': 'package',
  '/v1/manufacturer/devices': 'package',
  '/v1/devices/settings': 'package',
  '/v1/devices/pv/settings': 'package',
  '/v1/device/thermal-control/settings': 'package',
  '/v1/device/thermal-control/current-state': 'package',
  '/v1/device/thermal-control/forecast': 'package',
  '/v1/device/thermal-control/schedule': 'package',
  '/v1/devices/pv/flex': 'package',
  '/v1/devices/pv/schedule': 'package',
  '/v1/devices/pv/flex/logs': 'package',
  '/v1/house/consumption/forecast': 'package',
  '/v1/house/consumption/forecast/historical': 'package',
  '/v1/device/consumption/forecast/15min': 'package',
  '/v1/flex/down': 'package',
  '/users/{userId}/link': 'authenticator-v1',
  '/manufacturers/nox': 'authenticator-v1',
  '/manufacturers/suppliers': 'authenticator-v1'
} as const;

/** Header that carries the API key. */
export const apiKeyHeader = 'x-api-key';

/** Response header that carries the server's request id. */
export const requestIdHeader = 'x-request-id';

/** Statuses whose body is the Package API's validation error (`detail[]` of loc, msg, type). */
export const validationErrorStatuses = [422] as const;

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
