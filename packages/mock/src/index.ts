// @nox-energy/mock: a local NOX Authenticator that behaves like NOX, driven by the bundled OpenAPI spec.
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_LIVE_SESSIONS,
  DEMO_ACCOUNTS,
  type MockAccount,
  type MockConfig,
  MockConfigError,
  readConfigFile,
} from './config.js';
export { DEFAULT_HOST, DEFAULT_PORT, type MockServer, type StartMockServerOptions, startMockServer } from './server.js';
export { loadBundledSpec, type OpenApiDocument } from './spec/load.js';
