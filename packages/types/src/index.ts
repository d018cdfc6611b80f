// Public surface of @nox-energy/types. Everything below is derived from the generated file, which is
// generated from the spec: no field, enum or status code is written here by hand.
import type { components, operations, paths } from './generated/openapi.js';

export * from './generated/openapi.js';

/** The operationId of every operation in the spec. */
export type OperationId = keyof operations;

/** The JSON request body of an operation. */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

type Responses<Op extends OperationId> = operations[Op]['responses'];
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body of an operation's 2xx response. */
export type SuccessResponse<Op extends OperationId> = {
  [Status in keyof Responses<Op>]: Status extends 200 | 201 | 202 | 203 | 204 | 206
    ? JsonOf<Responses<Op>[Status]>
    : never;
}[keyof Responses<Op>];

/** The JSON body of an operation's error responses (4xx and 5xx). */
export type ErrorBody<Op extends OperationId> = {
  [Status in keyof Responses<Op>]: Status extends 200 | 201 | 202 | 203 | 204 | 206
    ? never
    : JsonOf<Responses<Op>[Status]>;
}[keyof Responses<Op>];

/** The brands a supplier link session may pre-select for the given asset type. */
export type BrandFor<Asset extends components['schemas']['AssetType']> = NonNullable<
  Extract<components['schemas']['CreateSupplierLinkSessionRequest'], { asset_type: Asset }>['brand']
>;

/** Every path of the spec. */
export type ApiPath = keyof paths;
