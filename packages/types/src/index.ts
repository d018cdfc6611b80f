// Public surface of @nox-energy/types. Everything below is derived from the generated file, which is
// generated from the spec: no field, enum or status code is written here by hand.
import type { components, operations, paths, webhooks } from './generated/openapi.js';

export * from './generated/openapi.js';

/** The operationId of every operation in the spec, the webhooks' included. */
export type OperationId = keyof operations;

type RequestBodyOf<Op extends OperationId> = NonNullable<operations[Op]['requestBody']>;
/** The JSON request body of an operation (`never` when it takes none, e.g. a GET). */
export type RequestBody<Op extends OperationId> = [RequestBodyOf<Op>] extends [never]
  ? never
  : RequestBodyOf<Op> extends { content: { 'application/json': infer Body } }
    ? Body
    : never;

/** The query parameters of an operation (`never` when it takes none). */
export type QueryParameters<Op extends OperationId> = NonNullable<operations[Op]['parameters']['query']>;

type Responses<Op extends OperationId> = operations[Op]['responses'];
type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206 | '2XX';
/** A response's JSON body; `undefined` for a response without a body (e.g. `204 No Content`). */
type BodyOf<R> = R extends { content: { 'application/json': infer Body } }
  ? Body
  : R extends { content?: never }
    ? undefined
    : never;
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** The body of an operation's 2xx response: its JSON, or `undefined` where it has none (the PATCH 204s). */
export type SuccessResponse<Op extends OperationId> = {
  [Status in keyof Responses<Op>]: Status extends SuccessStatus ? BodyOf<Responses<Op>[Status]> : never;
}[keyof Responses<Op>];

/** The JSON body of an operation's error responses (4xx and 5xx). */
export type ErrorBody<Op extends OperationId> = {
  [Status in keyof Responses<Op>]: Status extends SuccessStatus ? never : JsonOf<Responses<Op>[Status]>;
}[keyof Responses<Op>];

/** The brands a supplier link session may pre-select for the given asset type. */
export type BrandFor<Asset extends components['schemas']['AssetType']> = NonNullable<
  Extract<components['schemas']['CreateSupplierLinkSessionRequest'], { asset_type: Asset }>['brand']
>;

/** Every path of the spec. */
export type ApiPath = keyof paths;

/** The unit of a thermal-control response (`unit` query parameter). */
export type ThermalUnit = components['schemas']['ThermalUnit'];

// The response shape of each unit. `Record<ThermalUnit, ...>` fails to compile when the spec adds a unit.
type ThermalCurrentStateByUnit = Record<ThermalUnit, unknown> & {
  kWh: components['schemas']['ThermalCurrentStateKwhResponse'];
  celsius: components['schemas']['ThermalCurrentStateCelsiusResponse'];
};
type ThermalForecastByUnit = Record<ThermalUnit, unknown> & {
  kWh: components['schemas']['ThermalForecastKwhResponse'];
  celsius: components['schemas']['ThermalForecastCelsiusResponse'];
};

/** The body of Get thermal control current state for the `unit` you asked for. */
export type ThermalCurrentStateFor<Unit extends ThermalUnit> = Extract<
  SuccessResponse<'getThermalControlCurrentState'>,
  ThermalCurrentStateByUnit[Unit]
>;
/** The body of Get thermal control forecast for the `unit` you asked for. */
export type ThermalForecastFor<Unit extends ThermalUnit> = Extract<
  SuccessResponse<'getThermalControlForecast'>,
  ThermalForecastByUnit[Unit]
>;

/** Every event type NOX can post to your webhook URL, e.g. `device.steerable_status.being_steered.updated`. */
export type WebhookEventType = keyof webhooks;

/** The JSON body NOX posts for one event type. */
export type WebhookEventOf<Type extends WebhookEventType> = webhooks[Type]['post'] extends {
  requestBody: { content: { 'application/json': infer Event } };
}
  ? Event
  : never;

/** Any webhook event: a union discriminated by `type`. */
export type WebhookEvent = { [Type in WebhookEventType]: WebhookEventOf<Type> }[WebhookEventType];

/** The request headers NOX sends with an event (`X-Webhook-Id`, `X-Webhook-Timestamp`, `X-Webhook-Signature`). */
export type WebhookHeaders<Type extends WebhookEventType = WebhookEventType> =
  webhooks[Type]['post']['parameters']['header'];
