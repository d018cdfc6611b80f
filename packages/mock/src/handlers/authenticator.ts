// The Authenticator v2 operations, built from their response hints (`x-nox-*`) rather than written by hand: one
// handler for any operation the spec describes that way. A link session is stored for the UI; a connection made
// at once (the manufacturer device connection) puts the user and a device in the world.
import type { openLinkSession } from '../api.js';
import type { Operation } from '../spec/operations.js';
import type { Handler } from './types.js';

type Open = (
  operation: Operation,
  account: Parameters<typeof openLinkSession>[2],
  fields: Record<string, unknown>,
) => ReturnType<typeof openLinkSession>;

export function hintedHandler(operation: Operation, open: Open): Handler<never> {
  return ({ account, body, link }) => {
    const fields = body as unknown as Record<string, unknown>;
    const opened = open(operation, account, fields);
    if ('fail' in opened) {
      const [status, message, headers] = opened.fail;
      return { refused: { status, message, ...(headers ? { headers } : {}) } };
    }
    if (!operation.response.tokenField) {
      link.connectAccountUser(account, String(opened.response[operation.response.userField ?? ''] ?? ''));
    }
    return { ok: opened.response as never };
  };
}
