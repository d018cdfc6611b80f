#!/usr/bin/env node
// `nox-mock` / `npx @nox-energy/mock` / `pnpm mock`: starts the mock server and prints where it is and how to call it.
import { parseArgs } from 'node:util';
import { DEMO_ACCOUNTS, type MockConfig, MockConfigError, readConfigFile } from './config.js';
import { watchParent } from './parent-watch.js';
import { DEFAULT_HOST, DEFAULT_PORT, type MockServer, startMockServer } from './server.js';
import { readSpecFile } from './spec/load.js';

const HELP = `Usage: nox-mock [--port <n>] [--host <address>] [--config <file.json>] [--public-url <url>] [--spec <file.json>]
                [--devices <n>] [--seed <s>]

A local NOX Energy Authenticator for development and tests.

Options:
  --port <n>          Port to listen on (default ${DEFAULT_PORT}, or the PORT environment variable; 0 = any free port)
  --host <address>    Address to listen on (default ${DEFAULT_HOST}; 0.0.0.0 for every interface)
  --config <file>     JSON file with accounts, allowed redirect URLs and limits (see the README)
  --public-url <url>  The URL clients and browsers reach the mock at, used in link_url
  --spec <file.json>  A bundled OpenAPI spec in JSON to serve instead of the one of @nox-energy/docs
  --devices <n>       Fill the first supplier account with a demo fleet of n devices (default 0)
  --seed <s>          The demo fleet's seed: the same seed gives the same world (default 1)
  -h, --help          Show this help
`;

function fail(message: string): never {
  process.stderr.write(`nox-mock: ${message}\n`);
  process.exit(2);
}

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) {
    fail(`${source}: must be a port number from 0 to 65535, got "${value}"`);
  }
  return port;
}

function parseCount(value: string, source: string): number {
  if (!/^\d{1,9}$/.test(value)) {
    fail(`${source}: must be a whole number from 0 to 999999999, got "${value}"`);
  }
  return Number(value);
}

function describe(server: MockServer, usingDemoAccounts: boolean, configFile: string | undefined): string {
  const lines = [`NOX mock server listening on ${server.url}`, ''];
  for (const [api, url] of Object.entries(server.baseUrls)) {
    lines.push(`  ${`${api} API`.padEnd(20)} ${url}`);
  }
  lines.push(`  ${'Authenticator UI'.padEnd(20)} ${server.uiUrl}`, '');
  if (usingDemoAccounts) {
    lines.push('Demo accounts (send the key in the x-api-key header):');
    for (const account of DEMO_ACCOUNTS) {
      lines.push(`  ${account.role.padEnd(13)} ${account.name.padEnd(20)} ${account.apiKey}`);
    }
  } else {
    lines.push(`Accounts from ${configFile} (keys not shown):`);
    for (const account of server.accounts) {
      lines.push(`  ${account.role.padEnd(13)} ${account.name}`);
    }
  }
  const redirects = [...new Set(server.accounts.flatMap((account) => account.allowedRedirectUrls))];
  lines.push(
    `Allowed redirect URLs: ${redirects.join(', ')}`,
    `Start page (base URLs, keys, a curl to start a link flow): ${server.url}/`,
    '',
  );
  const world = server.controls.describe();
  lines.push(
    `World: ${world.users} users, ${world.devices} devices (test controls under ${server.url}/_mock/: world, clock, devices/<id>/state, reset, webhooks/trigger)`,
    `Webhook deliveries: ${server.url}/_mock/ui/webhooks (JSON: ${server.url}/_mock/webhooks/deliveries)`,
    '',
  );
  if (server.unserved.length > 0) {
    lines.push(`Not served yet (${server.unserved.length} operations of the spec answer 501 after the key check):`);
    for (const operation of server.unserved) {
      lines.push(`  ${operation.operationId.padEnd(28)} ${operation.method} ${operation.path} (${operation.api} API)`);
    }
    lines.push('');
  }
  lines.push('Press Ctrl+C to stop (it also stops when the command that started it exits).', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs<{ options: typeof options }>>['values'];
  const options = {
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
    'public-url': { type: 'string' },
    spec: { type: 'string' },
    devices: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    args = parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const port =
    args.port !== undefined
      ? parsePort(args.port, '--port')
      : process.env.PORT
        ? parsePort(process.env.PORT, 'PORT')
        : DEFAULT_PORT;
  const config = (args.config ? readConfigFile(args.config) : {}) as MockConfig;
  if (args['public-url']) {
    config.publicUrl = args['public-url'];
  }

  let spec: ReturnType<typeof readSpecFile> | undefined;
  try {
    spec = args.spec ? readSpecFile(args.spec) : undefined;
  } catch (error) {
    fail(`--spec ${(error as Error).message}`);
  }
  const devices = args.devices === undefined ? 0 : parseCount(args.devices, '--devices');
  const seed = args.seed === undefined ? 1 : parseCount(args.seed, '--seed');
  const server = await startMockServer({
    port,
    host: args.host ?? DEFAULT_HOST,
    config,
    devices,
    seed,
    ...(spec ? { spec } : {}),
  });

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    // The terminal or pipe may be gone with the parent: nothing to print to then, but still stop.
    process.stdout.on('error', () => {});
    process.stdout.write(`\n${reason}: stopping the mock server\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Killing `pnpm mock` by its PID does not reach this process: it stops when its parent is gone.
  watchParent(() => stop('the process that started the mock exited'));
  // Printed once the signals are handled: whoever waits for this output may stop the server right away.
  process.stdout.write(describe(server, !config.accounts, args.config));
}

main().catch((error: unknown) => {
  if (error instanceof MockConfigError) {
    fail(error.message);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    fail(`cannot listen: ${(error as Error).message} (choose another --port or --host)`);
  }
  fail(`failed to start: ${(error as Error).stack ?? String(error)}`);
});
