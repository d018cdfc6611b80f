import { describe, expect, it } from 'vitest';
import { fixtureSpec } from '../src/fixtures.js';
import { readOperations, readServers } from '../src/index.js';
import { changedFixture } from './helpers.js';

describe('servers', () => {
  it('groups root and path-level servers by API and environment', () => {
    const servers = readServers(fixtureSpec());
    expect(servers.rootApi).toBe('authenticator');
    expect(servers.byApi).toEqual({
      authenticator: { production: 'https://auth.nox.energy/v2' },
      package: { production: 'https://api.nox.energy', sandbox: 'https://api.sandbox.nox.energy' },
      'authenticator-v1': { production: 'https://auth.nox.energy' },
    });
    // The Package API's servers are declared on two paths; each appears once.
    expect(servers.all.map((server) => `${server.api}/${server.environment}`)).toEqual([
      'authenticator/production',
      'package/production',
      'package/sandbox',
      'authenticator-v1/production',
    ]);
    expect(servers.all[1]?.declaredAt).toBe('paths./v1/devices.servers[0]');
  });

  it("gives each operation its path's servers, else the root ones, and the production URL", () => {
    const byId = Object.fromEntries(readOperations(fixtureSpec()).map((op) => [op.operationId, op]));
    expect(byId.listDevices?.api).toBe('package');
    expect(byId.listDevices?.serverUrl).toBe('https://api.nox.energy');
    expect(byId.listDevices?.servers.map((server) => server.environment)).toEqual(['production', 'sandbox']);
    expect(byId.connectUserToNoxV1?.api).toBe('authenticator-v1');
    expect(byId.connectUserToNoxV1?.serverUrl).toBe('https://auth.nox.energy');
  });

  it('names the field when x-nox-api or x-nox-environment is missing', () => {
    const noApi = changedFixture((spec) => {
      delete spec.servers[0]['x-nox-api'];
    });
    expect(() => readServers(noApi)).toThrow(
      'servers[0].x-nox-api: is required on server https://auth.nox.energy/v2 (a non-empty string)',
    );
    const noEnvironment = changedFixture((spec) => {
      delete spec.paths['/v1/devices'].servers[1]['x-nox-environment'];
    });
    expect(() => readServers(noEnvironment)).toThrow(
      'paths./v1/devices.servers[1].x-nox-environment: is required on server https://api.sandbox.nox.energy',
    );
    expect(() => readOperations(noEnvironment)).toThrow(/paths\.\/v1\/devices\.servers\[1\]\.x-nox-environment/);
  });

  it('refuses one API and environment with two URLs, and a server list mixing APIs', () => {
    const twoUrls = changedFixture((spec) => {
      spec.paths['/v1/devices/settings'].servers[0].url = 'https://api2.nox.energy';
    });
    expect(() => readServers(twoUrls)).toThrow(
      'paths./v1/devices/settings.servers[0]: package production is https://api2.nox.energy here but https://api.nox.energy at paths./v1/devices.servers[0]',
    );
    const mixed = changedFixture((spec) => {
      spec.paths['/v1/devices'].servers[1]['x-nox-api'] = 'authenticator';
    });
    expect(() => readOperations(mixed)).toThrow(
      'Operation listDevices: its servers: must name exactly one x-nox-api, found package, authenticator',
    );
  });
});
