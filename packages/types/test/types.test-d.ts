// Type tests: checked by `tsc --noEmit` (pnpm lint). Every `@ts-expect-error` must meet an error, so a helper
// type that lets a wrong field through fails the check.
import { describe, expectTypeOf, it } from 'vitest';
import type {
  components,
  ErrorBody,
  OperationId,
  QueryParameters,
  RequestBody,
  SuccessResponse,
  ThermalCurrentStateFor,
  ThermalForecastFor,
  WebhookEvent,
  WebhookEventOf,
  WebhookEventType,
  WebhookHeaders,
} from '../src/index.js';

type Schemas = components['schemas'];

describe('helper types over every operation', () => {
  it('resolve for every operationId, GETs, PATCH 204s and webhooks included', () => {
    type All = { [Op in OperationId]: [RequestBody<Op>, SuccessResponse<Op>, ErrorBody<Op>] };
    expectTypeOf<All>().toBeObject();
    expectTypeOf<keyof All>().toEqualTypeOf<OperationId>();
    expectTypeOf<RequestBody<'listDevices'>>().toBeNever();
    expectTypeOf<RequestBody<'updateDeviceSettings'>>().toEqualTypeOf<Schemas['UpdateDeviceSettingsRequest']>();
    expectTypeOf<SuccessResponse<'updateDeviceSettings'>>().toEqualTypeOf<undefined>();
    expectTypeOf<SuccessResponse<'updatePvDeviceSettings'>>().toEqualTypeOf<undefined>();
    expectTypeOf<SuccessResponse<'listDevices'>>().toEqualTypeOf<Schemas['ListDevicesResponse']>();
    expectTypeOf<SuccessResponse<'createSupplierLinkSession'>>().toEqualTypeOf<
      Schemas['CreateSupplierLinkSessionResponse']
    >();
    expectTypeOf<SuccessResponse<'listDevices'>['meta']['next_token']>().toEqualTypeOf<string | null>();
    expectTypeOf<QueryParameters<'listDevices'>['limit']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<QueryParameters<'getThermalControlCurrentState'>['device_id']>().toEqualTypeOf<string>();
    expectTypeOf<ErrorBody<'updateDeviceSettings'>>().toEqualTypeOf<
      Schemas['HTTPValidationError'] | Schemas['HTTPError']
    >();
    expectTypeOf<ErrorBody<'createSupplierLinkSession'>>().toEqualTypeOf<Schemas['ErrorResponse']>();
  });

  it('refuse a wrong field, a wrong type and a missing required field', () => {
    const good: RequestBody<'updateDeviceSettings'> = { user_id: 'user_4', room: { preferred_temperature: 20 } };
    // @ts-expect-error preferred_temp is not a field of RoomSettings
    const wrongField: RequestBody<'updateDeviceSettings'> = { user_id: 'user_4', room: { preferred_temp: 20 } };
    // @ts-expect-error temperature_control_mode is an enum
    const wrongEnum: RequestBody<'updateDeviceSettings'> = { user_id: 'u', room: { temperature_control_mode: 'warm' } };
    // @ts-expect-error user_id is required
    const noUser: RequestBody<'updatePvDeviceSettings'> = { device_id: 'device123' };
    // @ts-expect-error limit is a number
    const badLimit: QueryParameters<'listPvDevices'> = { limit: '10' };
    expectTypeOf([good, wrongField, wrongEnum]).not.toBeNever();
    expectTypeOf([noUser, badLimit]).not.toBeNever();
  });
});

describe('thermal control by unit', () => {
  it('gives each unit its own fields', () => {
    type Celsius = ThermalCurrentStateFor<'celsius'>;
    type Kwh = ThermalCurrentStateFor<'kWh'>;
    expectTypeOf<Celsius['data']['tank']['T_loss']>().toBeNumber();
    expectTypeOf<Kwh['data']['tank']['Q_loss']>().toBeNumber();
    expectTypeOf<Kwh['data']['house']['Y']>().toBeNumber();
    expectTypeOf<ThermalForecastFor<'kWh'>['data']['forecasts'][number]['tank']['Q_gain']>().toEqualTypeOf<number[]>();
    expectTypeOf<ThermalForecastFor<'celsius'>['data']['forecasts'][number]['house']['T_natural']>().toBeNumber();
    // @ts-expect-error the celsius tank has no Q_loss
    expectTypeOf<Celsius['data']['tank']['Q_loss']>().toBeNumber();
    // @ts-expect-error the kWh house has no Space_temperature
    expectTypeOf<Kwh['data']['house']['Space_temperature']>().toBeNumber();
  });

  it('narrows a body of either unit by a field only one unit has', () => {
    const narrow = (body: SuccessResponse<'getThermalControlCurrentState'>) =>
      'Q_loss' in body.data.tank ? body.data.tank.Y : body.data.tank.T_loss;
    expectTypeOf(narrow).returns.toBeNumber();
  });
});

describe('webhook events', () => {
  it('are keyed by event type, and each event names its own type', () => {
    expectTypeOf<'device.steerable_status.being_steered.updated'>().toExtend<WebhookEventType>();
    type TypeMatchesKey = { [T in WebhookEventType]: WebhookEventOf<T> extends { type: T } ? true : false };
    expectTypeOf<TypeMatchesKey[WebhookEventType]>().toEqualTypeOf<true>();
    expectTypeOf<WebhookEvent['type']>().toEqualTypeOf<WebhookEventType>();
    expectTypeOf<WebhookEventOf<'device.settings.room.updated'>['data']['value']>().toEqualTypeOf<
      Schemas['RoomSettings']
    >();
    expectTypeOf<WebhookEvent['metadata']['device_id']>().toEqualTypeOf<string | null>();
    expectTypeOf<WebhookHeaders['X-Webhook-Signature']>().toBeString();
  });

  it('narrow the union by `type`', () => {
    const changedValue = (event: WebhookEvent) => {
      if (event.type === 'device.settings.dhw.updated') {
        return event.data.value.temperature_upper_bound;
      }
      if (event.type === 'device.steerable_status.being_steered.updated') {
        return event.data.value;
      }
      return undefined;
    };
    expectTypeOf(changedValue).returns.toEqualTypeOf<number | boolean | undefined>();
  });

  it('refuse an unknown event type and a wrong field', () => {
    // @ts-expect-error not an event type of the spec
    expectTypeOf<WebhookEventOf<'device.deleted'>>().not.toBeNever();
    const event: WebhookEventOf<'device.needs_reauthentication.updated'> = {
      id: 'evt_1',
      type: 'device.needs_reauthentication.updated',
      timestamp: '2026-03-17T16:30:41Z',
      // @ts-expect-error value is a boolean
      data: { value: 'yes', previous_value: false },
      metadata: { device_id: null, user_id: 'u', external_user_id: 'e', brand: 'b', energy_supplier: 's' },
    };
    expectTypeOf(event).not.toBeNever();
  });
});
