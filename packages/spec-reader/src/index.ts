// @nox-energy/spec-reader: the bundled NOX Energy OpenAPI spec as plain typed data, for the workspace's tools.
import type { OpenApiDocument } from './json.js';
import { type Operation, readOperations } from './operations.js';
import { readServers, type ServersOfSpec } from './servers.js';
import { readWebhookSignature, type WebhookSignatureRecipe } from './signature.js';
import { readWebhooks, type Webhook } from './webhooks.js';

export { HINT, noxExtensions } from './hints.js';
export {
  HTTP_METHODS,
  type HttpMethod,
  isJsonMediaType,
  isObject,
  type JsonObject,
  type JsonSchema,
  type OpenApiDocument,
} from './json.js';
export {
  type CallbackInfo,
  documentedMethods,
  findResponse,
  type HeaderInfo,
  type LinkInfo,
  type MediaTypeInfo,
  type Operation,
  type ParameterInfo,
  type RequestBodyInfo,
  type ResponseInfo,
  readOperations,
  type SecurityScheme,
} from './operations.js';
export { type Pagination, readPagination } from './pagination.js';
export { deref, derefObject, evaluatePointer, pointerTokens, resolvePointer, resolveRef } from './ref.js';
export { apiOfServers, readServerList, readServers, type ServerInfo, type ServersOfSpec } from './servers.js';
export { readWebhookSignature, type WebhookSignatureRecipe } from './signature.js';
export { readWebhooks, type Webhook, type WebhookHeader, type WebhookResponse } from './webhooks.js';

export interface SpecModel {
  servers: ServersOfSpec;
  operations: Operation[];
  webhooks: Webhook[];
  webhookSignature: WebhookSignatureRecipe | undefined;
}

/** Everything the reader reads, at once (each part is also readable alone). */
export function readSpec(doc: OpenApiDocument): SpecModel {
  return {
    servers: readServers(doc),
    operations: readOperations(doc),
    webhooks: readWebhooks(doc),
    webhookSignature: readWebhookSignature(doc),
  };
}
