// @nox-energy/contract-tests: checks any server against the NOX Energy OpenAPI spec.
export { CHECK_NAMES, CHECKS, type CheckName } from './checks/catalog.js';
export { type ContractConfig, DEFAULT_VALUES, loadConfigFile, parseConfig } from './config.js';
export { REDACTED, redactText, redactValue } from './http/redact.js';
export { DEFAULT_LIVE_MAX_RPS, isLocalUrl } from './http/target.js';
export { MAX_RESPONSE_BODY_BYTES } from './http/transport.js';
export { checkApiKey, MAX_API_KEY_LENGTH, MIN_API_KEY_LENGTH } from './keys.js';
export { type InProcessMock, startInProcessMock } from './mock.js';
export { formatJson } from './report/json.js';
export { formatJunit } from './report/junit.js';
export type {
  CheckResult,
  CheckStatus,
  ContractReport,
  Finding,
  OperationReport,
  RecordedRequest,
  RecordedResponse,
} from './report/model.js';
export { formatText } from './report/text.js';
export { formatPlan, isWrite, MAX_PAGES, type PlanEntry, SCOPE_FIELDS } from './run/plan.js';
export { ServerNotAnsweringError } from './run/stopped.js';
export { type ContractSuiteOptions, DEFAULT_NUM_RUNS, runContractSuite } from './run/suite.js';
export { type ArbitraryOptions, arbitraryFor } from './schema/arbitrary.js';
export { type BodyMutation, bodyMutations, type MutationKind } from './schema/mutations.js';
export { createValidator, type SchemaValidator } from './schema/validator.js';
export { type JsonSchema, loadBundledSpec, type OpenApiDocument, readSpecFile } from './spec/document.js';
export { listOperations, type OperationSpec } from './spec/operations.js';
export { formatWebhookJson, formatWebhookJunit, formatWebhookText } from './webhooks/format.js';
export type { WebhookCaseReport, WebhookCaseStatus, WebhookReport } from './webhooks/model.js';
export { ReceiverNotAnsweringError, runWebhookSuite, type WebhookSuiteOptions } from './webhooks/run.js';
