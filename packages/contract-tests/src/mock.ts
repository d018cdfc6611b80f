// The in-process mock: what `pnpm contract` checks when no --base-url is given.
import { DEFAULT_VALUES } from './config.js';
import { loadBundledSpec, type OpenApiDocument, readSpecFile } from './spec/document.js';
import { listOperations } from './spec/operations.js';

export interface InProcessMock {
  baseUrls: Record<string, string>;
  /** The mock's demo key of each role. */
  apiKeys: Record<string, string>;
  /** The operationIds of the spec the mock has no handler for (it answers them 501; none on the bundled spec). */
  unserved: string[];
  /**
   * Ids that exist in the mock's world (a demo user with a heat pump and a PV installation) and a day of
   * history, with the demo values: the spec's examples name users and devices no world holds.
   */
  values: Record<string, unknown[]>;
  /** The PV installation's id for the PV operations (a path with a `pv` segment), over `values`. */
  operationValues: Record<string, Record<string, unknown[]>>;
  close(): Promise<void>;
}

/** Devices of the demo fleet: enough for a user with both kinds and for a few pages. */
const FLEET_DEVICES = 40;
const DAY_MS = 86_400_000;

/** Starts @nox-energy/mock on a free local port with its demo accounts, on the given spec or the bundled one. */
export async function startInProcessMock(options: { spec?: OpenApiDocument | string } = {}): Promise<InProcessMock> {
  const { startMockServer, DEMO_ACCOUNTS } = await import('@nox-energy/mock');
  const spec = typeof options.spec === 'string' ? readSpecFile(options.spec) : options.spec;
  const mock = await startMockServer({ port: 0, devices: FLEET_DEVICES, seed: 1, ...(spec ? { spec } : {}) });
  const values: Record<string, unknown[]> = Object.fromEntries(
    Object.entries(DEFAULT_VALUES).map(([name, list]) => [name, [...list]]),
  );
  const operationValues: Record<string, Record<string, unknown[]>> = {};
  // The first supplier account holds the fleet; a user of it with both kinds of device.
  const supplier = DEMO_ACCOUNTS.find((account) => account.role === 'supplier');
  const devices = supplier ? mock.world.devicesOf(supplier.name) : [];
  const heatPump = devices.find((d) => d.asset === 'hp' && devices.some((o) => o.asset === 'pv' && o.user === d.user));
  const pv = heatPump && devices.find((d) => d.asset === 'pv' && d.user === heatPump.user);
  if (heatPump && pv) {
    values.user_id = [heatPump.user.id];
    values.device_id = [heatPump.id];
    for (const operation of listOperations(spec ?? loadBundledSpec())) {
      if (operation.path.split('/').includes('pv')) {
        operationValues[operation.operationId] = { device_id: [pv.id] };
      }
    }
  }
  // Yesterday, midnight to midnight (UTC): a window every history in the world covers.
  const today = Math.floor(mock.world.now() / DAY_MS) * DAY_MS;
  values.start_time = [new Date(today - DAY_MS).toISOString().replace('.000Z', 'Z')];
  values.end_time = [new Date(today).toISOString().replace('.000Z', 'Z')];
  return {
    baseUrls: mock.baseUrls,
    apiKeys: Object.fromEntries(DEMO_ACCOUNTS.map((account) => [account.role, account.apiKey])),
    unserved: mock.unserved.map((operation) => operation.operationId),
    values,
    operationValues,
    close: () => mock.close(),
  };
}
