// The deprecated Authenticator v1: its operations open the same link sessions as the v2 (completed in the same
// UI, returning with the v2 callback, as NOX documents no v1 callback) and connect the same users and devices,
// answered in the v1 shapes.
import type { Account } from '../accounts.js';
import type { Operation } from '../spec/operations.js';
import type { LinkService } from '../world/link.js';
import { type HandlerTable, invalid, type ValidationIssue } from './types.js';

type Opened =
  | { response: Record<string, unknown>; operation: Operation }
  | { invalid: ValidationIssue[] }
  | { limited: string };

/**
 * Opens the v2 session of the account's role with the v2 fields; a field the v2 request schema refuses (a v1
 * language the v2 does not know) is left out so its default applies.
 */
function open(link: LinkService, account: Account, fields: Record<string, unknown>, redirectField: string): Opened {
  const operation = link.sessionOperation(account.role);
  if (!operation) {
    return invalid(['body'], `the spec has no link-session operation for a ${account.role}`);
  }
  const body = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  for (const optional of ['language', 'brand']) {
    if (!operation.validateBody(body)) {
      delete body[optional];
    }
  }
  if (!operation.validateBody(body)) {
    return invalid(
      ['body'],
      `cannot open a link session: ${JSON.stringify(operation.validateBody.errors?.[0]?.message)}`,
    );
  }
  const opened = link.openSession(operation, account, body);
  if ('fail' in opened) {
    const [status, message] = opened.fail;
    return status === 429 ? { limited: message } : invalid(['body', redirectField], message);
  }
  return { response: opened.response, operation };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The v1 session fields, read from the v2 session's response where its plan puts them. */
function sessionFields({ response, operation }: { response: Record<string, unknown>; operation: Operation }) {
  const plan = operation.response;
  return {
    link_token: String(response[plan.tokenField ?? '']),
    link_url: String(response[plan.fields.find((field) => field.rule.kind === 'url')?.field ?? '']),
    expires_at: Number(response[plan.expiryField ?? '']),
  };
}

export const v1Handlers: HandlerTable = {
  createLinkSessionV1({ account, link, path, body, nowMs }) {
    const supplierOp = link.sessionOperation(account.role);
    const tag = supplierOp?.discriminator?.tag;
    // v1 brands are heat pumps, written with spaces ("alpha innotec"); the v2 enums hyphenate them.
    const brand = body.brand?.replaceAll(' ', '-');
    const branch =
      supplierOp?.branches.find((item) =>
        item.choices.some((choice) => brand !== undefined && choice.values.includes(brand)),
      ) ?? supplierOp?.branches[0];
    const opened = open(
      link,
      account,
      {
        user_id: path.userId,
        ...(tag && branch?.tagValue ? { [tag]: branch.tagValue } : {}),
        redirect_url: body.redirect_uri,
        brand,
        language: body.language,
      },
      'redirect_uri',
    );
    if (!('response' in opened)) {
      return opened;
    }
    return {
      ok: {
        success: true,
        timestamp: seconds(nowMs),
        data: {
          ...sessionFields(opened),
          supplier_id: account.name,
          supplier_user_id: path.userId,
          ...(body.brand ? { brand: body.brand } : {}),
        },
      },
    };
  },

  connectManufacturerUserV1({ account, link, body, nowMs }) {
    const devices = link.connectAccountUser(account, body.manufacturer_user_id, body.device_ids);
    if (!devices) {
      return invalid(['body', 'device_ids'], 'a device id is a device of another account');
    }
    return {
      ok: {
        success: true,
        timestamp: seconds(nowMs),
        data: {
          manufacturer_user_id: body.manufacturer_user_id,
          nox_user_id: devices[0]?.user.id ?? '',
          device_ids: devices.map((device) => device.id),
        },
      },
    };
  },

  connectManufacturerUserWithSupplierV1({ account, link, body, nowMs }) {
    const opened = open(
      link,
      account,
      { user_id: body.manufacturer_user_id, redirect_url: body.redirect_url, language: body.language },
      'redirect_url',
    );
    if (!('response' in opened)) {
      return opened;
    }
    const devices = link.connectAccountUser(account, body.manufacturer_user_id, body.device_ids);
    if (!devices) {
      return invalid(['body', 'device_ids'], 'a device id is a device of another account');
    }
    const { response, operation } = opened;
    return {
      ok: {
        success: true,
        timestamp: seconds(nowMs),
        data: {
          ...sessionFields(opened),
          manufacturer: String(response[operation.response.ownerField ?? ''] ?? account.name),
          manufacturer_user_id: body.manufacturer_user_id,
          nox_user_id: devices[0]?.user.id ?? '',
          device_ids: devices.map((device) => device.id),
        },
      },
    };
  },
};
