// 2. Mock throughput and latency for the create-link-session POST at 10 connections: @nox-energy/mock beside Prism
// (the usual OpenAPI mock) and a bare node:http server answering a fixed JSON body (the floor of any Node server).
// Each server runs alone in its own process; autocannon runs in the bench's process. Then the mock's memory after
// a sustained run of creates.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatCount, formatMegabytes, formatPercent, formatRatio } from '../format.js';
import { type LoadOptions, type LoadRun, runLoad } from '../load.js';
import { forkServer, freePort, type ServerProcess, serverScript, spawnServer } from '../processes.js';
import { statusOf, type Table } from '../report.js';
import { demoKeyFor, readCreateFixture } from '../spec.js';
import { median, ratio } from '../stats.js';
import { type Suite, type SuiteContext, SuiteSkipped } from '../suite.js';
import { MOCK_CLOCK_SPEEDUP } from './client.js';

const CONNECTIONS = 10;
const PRISM_FACTOR = 10;
const BARE_SHARE = 0.5;
/** The mock's heap after the sustained run may exceed its level after the warm-up by at most this much. */
const HEAP_GROWTH_BUDGET = 0.1;

/** autocannon records latency in whole milliseconds. */
const formatLatency = (ms: number) => (ms < 1 ? '< 1 ms' : `${Math.round(ms)} ms`);

interface MemorySample {
  gcForced: boolean;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  maxRss: number;
  liveSessions: number;
}

interface ServerFigures {
  name: string;
  version: string;
  runs: LoadRun[];
  warmup: LoadRun;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per answered request, µs. */
  cpuPerRequest: number;
  serverCpuShare: number;
  generatorCpuShare: number;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/**
 * Prism reads the bundled spec without its `callbacks`: the spec documents the redirect back to the supplier as a
 * callback that NOX's server never calls (the user's browser follows it), but Prism calls every callback itself, an
 * outbound request per create that the mock does not make.
 */
function writePrismSpec(specFile: string, tmpDir: string): string {
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  for (const pathItem of Object.values<Record<string, { callbacks?: unknown }>>(spec.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (operation && typeof operation === 'object') {
        delete operation.callbacks;
      }
    }
  }
  const file = join(tmpDir, 'prism-openapi.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

async function startPrism(specFile: string): Promise<ServerProcess> {
  const port = await freePort();
  const entry = join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
  const args = [entry, 'mock', '-p', String(port), '-h', '127.0.0.1', '--errors=false', '-v', 'warn', specFile];
  return spawnServer(process.execPath, args, port, { timeoutMs: 60_000 });
}

/** Waits until the mock holds no link session (they expire within a fraction of a second; a sweep runs every 5 s). */
async function waitForEmptyStore(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 12_000;
  while (Date.now() < deadline) {
    const { liveSessions } = await server.ask<{ liveSessions: number }>({ type: 'sessions' });
    if (liveSessions === 0) {
      return;
    }
    await sleep(250);
  }
}

async function measureServer(
  name: string,
  version: string,
  server: ServerProcess,
  load: LoadOptions,
  plan: { warmupSeconds: number; runs: number; runSeconds: number },
  log: (line: string) => void,
  betweenRuns?: () => Promise<void>,
): Promise<ServerFigures> {
  log(`${name}: warm-up ${plan.warmupSeconds} s, then ${plan.runs} runs of ${plan.runSeconds} s`);
  const pid = server.child.pid;
  const warmup = await runLoad({ ...load, durationSeconds: plan.warmupSeconds }, pid);
  if (warmup.ok === 0) {
    throw new Error(`${name} answered no request with 2xx during the warm-up: ${JSON.stringify(warmup.statuses)}`);
  }
  await betweenRuns?.();
  const runs: LoadRun[] = [];
  for (let i = 0; i < plan.runs; i++) {
    runs.push(await runLoad({ ...load, durationSeconds: plan.runSeconds }, pid));
  }
  return {
    name,
    version,
    runs,
    warmup,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuPerRequest: median(runs.map((r) => r.serverCpuMicrosPerRequest)),
    serverCpuShare: median(runs.map((r) => r.serverCpuShare)),
    generatorCpuShare: median(runs.map((r) => r.generatorCpuShare)),
  };
}

export const mockLoadSuite: Suite = {
  id: 'mock-load',
  title: 'Mock throughput, latency and memory',
  async run(context: SuiteContext) {
    const fixture = readCreateFixture();
    let apiKey: string;
    try {
      apiKey = await demoKeyFor(fixture.role);
    } catch (error) {
      throw new SuiteSkipped(`@nox-energy/mock is not available (${(error as Error).message})`);
    }
    const plan = context.quick
      ? { warmupSeconds: 1, runs: 3, runSeconds: 1 }
      : { warmupSeconds: 2, runs: 3, runSeconds: 5 };
    const sustainSeconds = context.quick ? 2 : 15;
    const load = (baseUrl: string): LoadOptions => ({
      url: baseUrl + fixture.path,
      method: 'POST',
      headers: { 'content-type': 'application/json', [fixture.apiKeyHeader]: apiKey },
      body: JSON.stringify(fixture.requestBody),
      connections: CONNECTIONS,
      durationSeconds: plan.runSeconds,
    });

    // The mock, with its memory read (after a full GC) after the warm-up and after a sustained run.
    const mock = await forkServer(serverScript('mock-server'), {
      execArgv: ['--expose-gc'],
      env: { BENCH_CLOCK_SPEEDUP: String(MOCK_CLOCK_SPEEDUP) },
    });
    let mockFigures: ServerFigures;
    const memory: { afterWarmup?: MemorySample; afterSustained?: MemorySample; sustainedSeconds: number } = {
      sustainedSeconds: 0,
    };
    try {
      mockFigures = await measureServer(
        '@nox-energy/mock',
        packageVersion('@nox-energy/mock'),
        mock,
        load(mock.url),
        plan,
        context.log,
        async () => {
          await waitForEmptyStore(mock);
          memory.afterWarmup = await mock.ask<MemorySample>({ type: 'memory' });
        },
      );
      context.log(`@nox-energy/mock: sustained load for ${sustainSeconds} s more, then memory`);
      const sustained = await runLoad({ ...load(mock.url), durationSeconds: sustainSeconds }, mock.child.pid);
      memory.sustainedSeconds =
        mockFigures.warmup.durationSeconds +
        mockFigures.runs.reduce((s, r) => s + r.durationSeconds, 0) +
        sustained.durationSeconds;
      await waitForEmptyStore(mock);
      memory.afterSustained = await mock.ask<MemorySample>({ type: 'memory' });
    } finally {
      await mock.stop();
    }

    let prismFigures: ServerFigures;
    const prism = await startPrism(writePrismSpec(fixture.specFile, context.tmpDir));
    try {
      prismFigures = await measureServer(
        'Prism (static mock, -v warn)',
        packageVersion('@stoplight/prism-cli'),
        prism,
        load(prism.url),
        plan,
        context.log,
      );
    } finally {
      await prism.stop();
    }

    let bareFigures: ServerFigures;
    const bare = await forkServer(serverScript('bare-server'));
    try {
      bareFigures = await measureServer(
        'bare node:http, fixed JSON',
        process.version,
        bare,
        load(bare.url),
        plan,
        context.log,
      );
    } finally {
      await bare.stop();
    }

    const servers = [mockFigures, prismFigures, bareFigures];
    const overPrism = ratio(mockFigures.rps, prismFigures.rps);
    const ofBare = ratio(mockFigures.rps, bareFigures.rps);
    const cpuVsPrism = ratio(prismFigures.cpuPerRequest, mockFigures.cpuPerRequest);
    const cpuVsBare = ratio(mockFigures.cpuPerRequest, bareFigures.cpuPerRequest);
    const before = memory.afterWarmup;
    const after = memory.afterSustained;
    const heapGrowth = before && after ? after.heapUsed / before.heapUsed - 1 : Number.NaN;
    const rssGrowth = before && after ? after.rss / before.rss - 1 : Number.NaN;

    const throughputTable: Table = {
      title: 'Mock throughput and latency',
      columns: [
        'Server',
        'version',
        'req/s (2xx, median)',
        'p50',
        'p99',
        'non-2xx',
        'server CPU per request',
        'CPU: server / autocannon',
        'mock req/s ratio',
      ],
      rows: servers.map((s) => [
        s.name,
        s.version,
        formatCount(s.rps),
        formatLatency(s.p50),
        formatLatency(s.p99),
        formatCount(s.runs.reduce((n, r) => n + r.non2xx + r.errors, 0)),
        Number.isFinite(s.cpuPerRequest) ? `${Math.round(s.cpuPerRequest)} µs` : 'n/a',
        `${Math.round(s.serverCpuShare * 100)}% / ${Math.round(s.generatorCpuShare * 100)}%`,
        s === mockFigures ? '-' : formatRatio(ratio(mockFigures.rps, s.rps)),
      ]),
      notes: [
        `POST ${fixture.path} with the spec's request example and the supplier demo key, ${CONNECTIONS} connections, autocannon ${packageVersion('autocannon')} in the bench's process, each server alone in its own process; latency in whole ms. Median of ${plan.runs} runs of ${plan.runSeconds} s after a ${plan.warmupSeconds} s warm-up.`,
        `The mock's clock runs ${MOCK_CLOCK_SPEEDUP}x faster than real time, so its 600 s link sessions expire within 0.3 s and every create is answered 201 (its default cap of live sessions is never reached).`,
        'Prism serves the bundled spec without its `callbacks` (it would call the redirect URL itself on every create, which NOX does not do).',
        `Per request the mock spends ${formatRatio(cpuVsPrism)} less CPU than Prism and ${formatRatio(cpuVsBare)} the CPU of the bare server.`,
        'CPU columns: user + system time of the server process per answered request (from /proc), and the share of one core the server and the load generator each used; a generator near 100% means it, not the server, set the pace.',
      ],
    };
    const memoryRow = (label: string, m: MemorySample | undefined) => [
      label,
      m ? formatMegabytes(m.heapUsed) : 'n/a',
      m ? formatMegabytes(m.rss) : 'n/a',
      m ? formatCount(m.liveSessions) : 'n/a',
    ];
    const memoryTable: Table = {
      title: 'Mock memory under sustained creates',
      columns: ['When', 'heap used (after GC)', 'RSS', 'live sessions'],
      rows: [
        memoryRow('after the warm-up', before),
        memoryRow(`after ${Math.round(memory.sustainedSeconds)} s of creates`, after),
      ],
      notes: [
        `Heap growth ${formatPercent(heapGrowth)}, RSS growth ${formatPercent(rssGrowth)}; peak RSS ${after ? formatMegabytes(after.maxRss) : 'n/a'}. Read after a forced GC (--expose-gc), once the expired sessions were swept. The heap is the figure that shows a leak; RSS also keeps what V8 reserved at the peak.`,
      ],
    };
    return {
      data: {
        connections: CONNECTIONS,
        plan,
        clockSpeedup: MOCK_CLOCK_SPEEDUP,
        servers,
        memory,
        overPrism,
        ofBare,
        heapGrowth,
      },
      tables: [throughputTable, memoryTable],
      targets: [
        {
          target: `mock req/s >= ${PRISM_FACTOR}x Prism's`,
          measured: formatRatio(overPrism),
          status: statusOf(overPrism >= PRISM_FACTOR, overPrism),
        },
        {
          target: `mock req/s >= ${BARE_SHARE}x the bare node:http server's`,
          measured: formatRatio(ofBare),
          status: statusOf(ofBare >= BARE_SHARE, ofBare),
        },
        {
          target: `mock heap stays flat under sustained creates (growth <= ${HEAP_GROWTH_BUDGET * 100}%)`,
          measured: formatPercent(heapGrowth),
          status: statusOf(heapGrowth <= HEAP_GROWTH_BUDGET, heapGrowth),
        },
      ],
    };
  },
};
