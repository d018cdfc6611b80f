// @nox-energy/client: a thin, typed fetch client for the NOX Energy API.
export type * from '@nox-energy/types';
export {
  decodeLinkCallback,
  decodeManufacturerLinkCallback,
  encodeLinkCallback,
  LinkCallbackError,
  type LinkCallbackErrorReason,
  type LinkCallbackInput,
} from './callback.js';
export {
  createNoxClient,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  type NoxApi,
  type NoxClient,
  type NoxClientOptions,
  type NoxEnvironment,
} from './client.js';
export {
  NoxApiError,
  NoxConfigError,
  NoxConnectionError,
  NoxError,
  NoxRedirectError,
  NoxTimeoutError,
  NoxValidationError,
  type NoxValidationIssue,
} from './errors.js';
export { type DataOf, type ErrorOf, orThrow } from './result.js';
export { ERROR_BODY_LIMIT } from './transport.js';
