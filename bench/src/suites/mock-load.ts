// 2. Mock throughput and latency for the create-link-session POST at 10 connections: @nox-energy/mock beside Prism
// (the usual OpenAPI mock), a bare node:http server answering a fixed JSON body (the floor of any Node server) and
// one that parses the body and serialises an answer without any checks (the floor of a JSON API on node:http).
// Each server runs alone in its own process; autocannon runs in the bench's process. Then the mock's memory after
// a sustained run of creates.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatCount, formatMegabytes, formatPercent, formatRatio } from '../format.js';
import { type LoadOptions, type LoadRun, pinningNote, runLoad } from '../load.js';
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
export const formatLatency = (ms: number) => (ms < 1 ? '< 1 ms' : `${Math.round(ms)} ms`);

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

export function packageVersion(name: string): string {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/**
 * Prism reads the bundled spec without its `callbacks`: the spec documents the redirect back to the supplier as a
 * callback that NOX's server never calls (the user's browser follows it), but Prism calls every callback itself, an
 * outbound request per create that the mock does not make.
 */
export function writePrismSpec(specFile: string, tmpDir: string): string {
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

export async function startPrism(specFile: string): Promise<ServerProcess> {
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

interface Contestant {
  name: string;
  version: string;
  server: ServerProcess;
  load: LoadOptions;
  warmup?: LoadRun;
  runs: LoadRun[];
}

function summarize(c: Contestant): ServerFigures {
  const { runs } = c;
  return {
    name: c.name,
    version: c.version,
    runs,
    warmup: c.warmup as LoadRun,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuPerRequest: median(runs.map((r) => r.serverCpuMicrosPerRequest)),
    serverCpuShare: median(runs.map((r) => r.serverCpuShare)),
    generatorCpuShare: median(runs.map((r) => r.generatorCpuShare)),
  };
}

/** The median over rounds of a's req/s over b's in the same round (the runs of a round are seconds apart). */
function pairedRatio(a: ServerFigures, b: ServerFigures): number {
  return median(a.runs.map((run, i) => ratio(run.rps, b.runs[i]?.rps ?? Number.NaN)));
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

    // All the servers are started up front and idle between their runs; only one is ever under load. Rounds take
    // them in turn (rotated), so a burst of other work on the machine hits every server of a round alike.
    const servers: ServerProcess[] = [];
    const memory: { afterWarmup?: MemorySample; afterSustained?: MemorySample; sustainedSeconds: number } = {
      sustainedSeconds: 0,
    };
    let contestants: Contestant[];
    try {
      const mock = await forkServer(serverScript('mock-server'), {
        execArgv: ['--expose-gc'],
        env: { BENCH_CLOCK_SPEEDUP: String(MOCK_CLOCK_SPEEDUP) },
      });
      servers.push(mock);
      const prism = await startPrism(writePrismSpec(fixture.specFile, context.tmpDir));
      servers.push(prism);
      const bare = await forkServer(serverScript('bare-server'));
      servers.push(bare);
      const json = await forkServer(serverScript('bare-server'), { env: { BENCH_BARE: 'json' } });
      servers.push(json);
      contestants = [
        {
          name: '@nox-energy/mock',
          version: packageVersion('@nox-energy/mock'),
          server: mock,
          runs: [],
          load: load(mock.url),
        },
        {
          name: 'Prism (static mock, -v warn)',
          version: packageVersion('@stoplight/prism-cli'),
          server: prism,
          runs: [],
          load: load(prism.url),
        },
        { name: 'bare node:http, fixed JSON', version: process.version, server: bare, runs: [], load: load(bare.url) },
        {
          name: 'node:http, JSON parsed and built, no checks',
          version: process.version,
          server: json,
          runs: [],
          load: load(json.url),
        },
      ];
      for (const c of contestants) {
        context.log(`${c.name}: warm-up ${plan.warmupSeconds} s`);
        c.warmup = await runLoad({ ...c.load, durationSeconds: plan.warmupSeconds }, c.server.child.pid);
        if (c.warmup.ok === 0) {
          throw new Error(`${c.name} answered no request with 2xx: ${JSON.stringify(c.warmup.statuses)}`);
        }
      }
      // The mock's memory (after a full GC, once the expired sessions are swept) after the warm-up...
      await waitForEmptyStore(mock);
      memory.afterWarmup = await mock.ask<MemorySample>({ type: 'memory' });
      for (let round = 0; round < plan.runs; round++) {
        context.log(`round ${round + 1}/${plan.runs}: each server for ${plan.runSeconds} s`);
        for (let i = 0; i < contestants.length; i++) {
          const c = contestants[(i + round) % contestants.length] as Contestant;
          c.runs.push(await runLoad(c.load, c.server.child.pid));
        }
      }
      // ... and after a sustained run of creates.
      context.log(`@nox-energy/mock: sustained load for ${sustainSeconds} s more, then memory`);
      const mockContestant = contestants[0] as Contestant;
      const sustained = await runLoad({ ...mockContestant.load, durationSeconds: sustainSeconds }, mock.child.pid);
      memory.sustainedSeconds =
        (mockContestant.warmup?.durationSeconds ?? 0) +
        mockContestant.runs.reduce((sum, r) => sum + r.durationSeconds, 0) +
        sustained.durationSeconds;
      await waitForEmptyStore(mock);
      memory.afterSustained = await mock.ask<MemorySample>({ type: 'memory' });
    } finally {
      for (const server of servers) {
        await server.stop();
      }
    }
    const [mockFigures, prismFigures, bareFigures, jsonFigures] = contestants.map(summarize) as [
      ServerFigures,
      ServerFigures,
      ServerFigures,
      ServerFigures,
    ];
    const figures = [mockFigures, prismFigures, bareFigures, jsonFigures];
    const overPrism = pairedRatio(mockFigures, prismFigures);
    const ofBare = pairedRatio(mockFigures, bareFigures);
    const cpuVsPrism = ratio(prismFigures.cpuPerRequest, mockFigures.cpuPerRequest);
    const cpuVsBare = ratio(mockFigures.cpuPerRequest, bareFigures.cpuPerRequest);
    const cpuVsJson = ratio(mockFigures.cpuPerRequest, jsonFigures.cpuPerRequest);
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
      rows: figures.map((s) => [
        s.name,
        s.version,
        formatCount(s.rps),
        formatLatency(s.p50),
        formatLatency(s.p99),
        formatCount(s.runs.reduce((n, r) => n + r.non2xx + r.errors, 0)),
        Number.isFinite(s.cpuPerRequest) ? `${Math.round(s.cpuPerRequest)} µs` : 'n/a',
        `${Math.round(s.serverCpuShare * 100)}% / ${Math.round(s.generatorCpuShare * 100)}%`,
        s === mockFigures ? '-' : formatRatio(pairedRatio(mockFigures, s)),
      ]),
      notes: [
        `POST ${fixture.path} with the spec's request example and the supplier demo key, ${CONNECTIONS} connections, autocannon ${packageVersion('autocannon')} in the bench's process, each server in its own process and only one under load at a time; latency in whole ms. ${plan.runs} rounds in which each server takes a ${plan.runSeconds} s run in turn, after a ${plan.warmupSeconds} s warm-up each; medians of the runs, and the ratio is the median of the per-round ratios.`,
        `The mock's clock runs ${MOCK_CLOCK_SPEEDUP}x faster than real time, so its 600 s link sessions expire within 0.3 s and every create is answered 201 (its default cap of live sessions is never reached).`,
        'Prism serves the bundled spec without its `callbacks` (it would call the redirect URL itself on every create, which NOX does not do).',
        `Per request the mock spends ${formatRatio(cpuVsPrism)} less CPU than Prism, ${formatRatio(cpuVsBare)} the CPU of the bare server and ${formatRatio(cpuVsJson)} the CPU of the server that only parses the body and serialises an answer (no key, no validation, no session): the floor of a JSON API on node:http.`,
        'CPU columns: user + system time of the server process per answered request (from /proc), and the share of one core the server and the load generator each used; a generator near 100% means it, not the server, set the pace.',
        pinningNote(contestants.flatMap((c) => c.runs)),
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
        servers: figures,
        memory,
        overPrism,
        ofBare,
        ofJson: pairedRatio(mockFigures, jsonFigures),
        heapGrowth,
      },
      tables: [throughputTable, memoryTable],
      targets: [
        {
          target: `mock req/s >= ${PRISM_FACTOR}x Prism's`,
          measured: `${formatRatio(overPrism)} (${formatRatio(cpuVsPrism)} by CPU per request)`,
          status: statusOf(overPrism >= PRISM_FACTOR, overPrism),
        },
        {
          target: `mock req/s >= ${BARE_SHARE}x the bare node:http server's`,
          measured: `${formatRatio(ofBare)} (${formatRatio(ratio(bareFigures.cpuPerRequest, mockFigures.cpuPerRequest))} by CPU per request)`,
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
