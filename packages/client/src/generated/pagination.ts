// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.

/**
 * The paginated GET operations (`x-nox-pagination`): the items array and the next page's token in the 200
 * body (JSON Pointer tokens), the query parameters for the token and the page size, and the page size's
 * default and maximum from the limit parameter's schema.
 */
export const paginated = {
  '/v1/devices': {
    'operationId': 'listDevices',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 4000
  },
  '/v1/devices/pv': {
    'operationId': 'listPvDevices',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 4000
  },
  '/v1/manufacturer/devices': {
    'operationId': 'listManufacturerDevices',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 4000
  },
  '/v1/house/consumption/forecast': {
    'operationId': 'listHouseConsumptionForecast',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 1000
  },
  '/v1/house/consumption/forecast/historical': {
    'operationId': 'listHouseConsumptionForecastHistory',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 1000
  },
  '/v1/device/consumption/forecast/15min': {
    'operationId': 'listDeviceConsumptionForecast',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 1000
  },
  '/v1/flex/down': {
    'operationId': 'getFlexDown',
    'items': [
      'data'
    ],
    'nextToken': [
      'meta',
      'next_token'
    ],
    'tokenParameter': 'next_token',
    'limitParameter': 'limit',
    'defaultLimit': 1000,
    'maxLimit': 1000
  }
} as const;
