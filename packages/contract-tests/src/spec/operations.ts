// The operations of the spec, as the checks need them: method, path, server, which key, what may come back.
// The shared spec reader reads them; this adds the suite's view of authentication.
import {
  type Operation,
  type ParameterInfo,
  type RequestBodyInfo,
  type ResponseInfo,
  readOperations,
} from '@nox-energy/spec-reader';
import type { OpenApiDocument } from './document.js';

export {
  documentedMethods,
  findResponse,
  HTTP_METHODS,
  type HttpMethod,
  isJsonMediaType,
} from '@nox-energy/spec-reader';

/** One way to authenticate: an API key in a header, belonging to a role (`x-nox-role`, else the scheme's name). */
export interface ApiKeyScheme {
  scheme: string;
  role: string;
  header: string;
}

export type ParameterSpec = ParameterInfo;
export type RequestBodySpec = RequestBodyInfo;
export type ResponseSpec = ResponseInfo;

export interface OperationSpec extends Omit<Operation, 'security'> {
  /** Alternatives: any one of these keys is accepted. Empty when the operation needs no key (or may go without). */
  security: ApiKeyScheme[];
}

/** Every operation under `paths` (callbacks and webhooks are requests the server makes, not receives). */
export function listOperations(doc: OpenApiDocument): OperationSpec[] {
  return readOperations(doc).map((operation) => ({
    ...operation,
    // `{}` makes authentication optional: the operation cannot be expected to reject a missing key.
    security: operation.securityOptional
      ? []
      : operation.security.map(({ scheme, role, header }) => ({ scheme, role: role ?? scheme, header })),
  }));
}

/** The documented 4xx statuses (exact codes) of an operation. */
export function documentedClientErrors(operation: OperationSpec): number[] {
  return operation.responses
    .map((r) => Number(r.status))
    .filter((status) => Number.isInteger(status) && status >= 400 && status < 500);
}
