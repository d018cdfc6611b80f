// @nox-energy/mock: a local NOX Authenticator that behaves like NOX, driven by the bundled OpenAPI spec.
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_LIVE_SESSIONS,
  DEMO_ACCOUNTS,
  type MockAccount,
  type MockConfig,
  MockConfigError,
  readConfigFile,
  type WebhookDeliveryOptions,
  type WebhookReceiver,
} from './config.js';
export { ADMIN_TOKEN_HEADER, CONTROL_PREFIX, type DeviceState, type MockControls } from './controls.js';
export { DEFAULT_HOST, DEFAULT_PORT, type MockServer, type StartMockServerOptions, startMockServer } from './server.js';
export { loadBundledSpec, type OpenApiDocument } from './spec/load.js';
export {
  DEFAULT_WEBHOOK_DELIVERY,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryState,
  type TriggerResult,
} from './webhooks/dispatcher.js';
export {
  DEFAULT_WORLD_LIMITS,
  type Device,
  type NoxUser,
  World,
  type WorldEvent,
  WorldFullError,
  type WorldLimits,
} from './world/store.js';
