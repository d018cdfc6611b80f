// Linking, between the Authenticator (sessions, the UI) and the world: completing a supplier link session creates
// (or, when the same account user links again, reuses) the NOX user and the device of the session's asset type
// and chosen brand; a manufacturer connection does the same on the manufacturer's side.
import type { Account } from '../accounts.js';
import { noxUserId, type openLinkSession } from '../api.js';
import { stableId } from '../ids.js';
import type { LinkSession } from '../sessions.js';
import type { Operation } from '../spec/operations.js';
import type { AssetType, Device, NoxUser, World } from './store.js';

export interface LinkService {
  /**
   * Completes a link session in the world; returns the ids of the devices it connected (the callback's
   * `device_ids`). A supplier session connects one device of its asset type and the chosen brand: the same one
   * each time the same user links the same brand, as NOX keeps the NOX user of a re-linked user.
   */
  completeSession(session: LinkSession, choices: Readonly<Record<string, string>>): string[];
  /**
   * A manufacturer's user connected at once (device connection, v1 connect): the NOX user, and the devices of the
   * given ids (one derived device when none is given). A device the manufacturer connected for another of its
   * users moves to this one (its owner changed); undefined when a given id is another account's device.
   */
  connectAccountUser(account: Account, externalId: string, deviceIds?: readonly string[]): Device[] | undefined;
  /** The Authenticator v2 operation that opens link sessions for a role (the deprecated v1 opens the same). */
  sessionOperation(role: string): Operation | undefined;
  openSession(
    operation: Operation,
    account: Account,
    fields: Record<string, unknown>,
  ): ReturnType<typeof openLinkSession>;
}

/** How the server opens a link session (`openLinkSession` with its store and clock). */
export type SessionOpener = (
  operation: Operation,
  account: Account,
  fields: Record<string, unknown>,
) => ReturnType<typeof openLinkSession>;

/** The brand a manufacturer's devices carry: its display brand when configured, else its name, in lower case. */
function manufacturerBrand(account: Account): string {
  return (Object.values(account.responseFields)[0] ?? account.name).toLowerCase();
}

function userOf(world: World, account: Account, externalId: string): NoxUser {
  return world.ensureUser(noxUserId(account.role, account.name, externalId), account.role, account.name, externalId);
}

export function createLinkService(world: World, operations: readonly Operation[], open: SessionOpener): LinkService {
  const connect = (account: Account, externalId: string, deviceIds?: readonly string[]): Device[] | undefined => {
    const user = userOf(world, account, externalId);
    const ids = deviceIds && deviceIds.length > 0 ? deviceIds : [stableId('nox-device', user.id, 'connection')];
    const taken = ids.map((id) => world.device(id)).filter((device) => device !== undefined);
    if (taken.some((device) => device.manufacturer !== account.name)) {
      return undefined;
    }
    for (const device of taken) {
      world.moveDevice(device, user);
    }
    const brand = manufacturerBrand(account);
    const known = new Set(ids.filter((id) => world.device(id) !== undefined));
    const devices = [...new Set(ids)].map(
      (id) =>
        world.ensureDevice(user, {
          id,
          asset: 'hp',
          supplier: null,
          manufacturer: account.name,
          brand,
          model: `${brand}-connected`,
        }) as Device,
    );
    world.linkCompleted(
      user,
      devices,
      devices.filter((device) => !known.has(device.id)),
    );
    return devices;
  };

  return {
    completeSession(session, choices) {
      const { account, operation, response, branch } = session;
      const externalId = String(response[operation.response.userField ?? ''] ?? '');
      const asset = branch.tagValue as AssetType | undefined;
      if (asset === undefined) {
        // A manufacturer link session links the user to a supplier: the NOX user, no device of its own.
        world.linkCompleted(userOf(world, account, externalId), []);
        return [];
      }
      const user = userOf(world, account, externalId);
      const [brand = asset] = Object.values(choices);
      const id = stableId('nox-device', user.id, asset, JSON.stringify(choices));
      const isNew = world.device(id) === undefined;
      const device = world.ensureDevice(user, {
        id,
        asset,
        supplier: account.name,
        manufacturer: null,
        brand,
        model: `${brand}-${asset}-1`,
      }) as Device;
      world.linkCompleted(user, [device], isNew ? [device] : []);
      return [device.id];
    },
    connectAccountUser: connect,
    sessionOperation: (role) =>
      operations.find((operation) => operation.response.tokenField !== undefined && operation.roles.has(role)),
    openSession: open,
  };
}
