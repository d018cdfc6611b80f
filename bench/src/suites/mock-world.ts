// 2b. The mock's Package API: `GET /v1/devices?limit=2` beside Prism serving the spec's static example (two devices,
// so both answer the same page size), a 1,000-device page's latency, and the mock's memory with 100,000 devices.
// Each server runs alone in its own process; autocannon runs in the bench's process.
import { readFileSync } from 'node:fs';
import { formatCount, formatMegabytes, formatRatio } from '../format.js';
import { type LoadOptions, type LoadRun, pinningNote, runLoad } from '../load.js';
import { forkServer, type ServerProcess, serverScript } from '../processes.js';
import { statusOf, type Table } from '../report.js';
import { bundledSpecFile, demoKeyFor, PAGES_PATH } from '../spec.js';
import { median, ratio } from '../stats.js';
import { type Suite, type SuiteContext, SuiteSkipped } from '../suite.js';
import { formatLatency, packageVersion, startPrism, writePrismSpec } from './mock-load.js';

const CONNECTIONS = 10;
const PRISM_FACTOR = 10;
/** The fleet the list is served from: enough for a full 1,000-device page and more. */
const FLEET = 5_000;
const BIG_FLEET = 100_000;
const SMALL_PAGE = 2;
const BIG_PAGE = 1_000;
/** A world of 100,000 devices fits in a small container. */
const RSS_BUDGET = 512 * 1024 * 1024;

interface Figures {
  name: string;
  runs: LoadRun[];
  rps: number;
  p50: number;
  p99: number;
  cpuPerRequest: number;
}

function summarize(name: string, runs: LoadRun[]): Figures {
  return {
    name,
    runs,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuPerRequest: median(runs.map((r) => r.serverCpuMicrosPerRequest)),
  };
}

/** The list operation's API key header and role, from the spec. */
function listSecurity(specFile: string): { header: string; role: string } {
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const operation = spec.paths[PAGES_PATH].get;
  const scheme = spec.components.securitySchemes[Object.keys(operation.security[0])[0] as string];
  return { header: String(scheme.name).toLowerCase(), role: String(scheme['x-nox-role']) };
}

export const mockWorldSuite: Suite = {
  id: 'mock-world',
  title: 'Mock Package API: a page of devices, a 1,000-device page, memory with 100,000 devices',
  async run(context: SuiteContext) {
    const specFile = bundledSpecFile();
    const security = listSecurity(specFile);
    let apiKey: string;
    try {
      apiKey = await demoKeyFor(security.role);
    } catch (error) {
      throw new SuiteSkipped(`@nox-energy/mock is not available (${(error as Error).message})`);
    }
    const plan = context.quick
      ? { warmupSeconds: 1, runs: 2, runSeconds: 1 }
      : { warmupSeconds: 2, runs: 3, runSeconds: 5 };
    const get = (url: string): LoadOptions => ({
      url,
      method: 'GET',
      headers: { [security.header]: apiKey },
      connections: CONNECTIONS,
      durationSeconds: plan.runSeconds,
    });

    const servers: ServerProcess[] = [];
    const small = { mock: [] as LoadRun[], prism: [] as LoadRun[] };
    const big: LoadRun[] = [];
    let memory: { rss: number; heapUsed: number; startupMs: number } | undefined;
    try {
      const mock = await forkServer(serverScript('mock-server'), {
        env: { BENCH_DEVICES: String(FLEET), BENCH_API: 'package' },
      });
      servers.push(mock);
      // Prism on the bundled spec without callbacks, as in the mock-load suite.
      const prism = await startPrism(writePrismSpec(specFile, context.tmpDir));
      servers.push(prism);
      const loads = {
        mock: get(`${mock.url}${PAGES_PATH}?limit=${SMALL_PAGE}`),
        prism: get(`${prism.url}${PAGES_PATH}?limit=${SMALL_PAGE}`),
        big: get(`${mock.url}${PAGES_PATH}?limit=${BIG_PAGE}`),
      };
      for (const [name, load, server] of [
        ['mock', loads.mock, mock],
        ['Prism', loads.prism, prism],
        ['mock (1,000-device page)', loads.big, mock],
      ] as const) {
        context.log(`${name}: warm-up ${plan.warmupSeconds} s`);
        const warmup = await runLoad({ ...load, durationSeconds: plan.warmupSeconds }, server.child.pid);
        if (warmup.ok === 0) {
          throw new Error(`${name} answered no request with 2xx: ${JSON.stringify(warmup.statuses)}`);
        }
      }
      for (let round = 0; round < plan.runs; round++) {
        context.log(`round ${round + 1}/${plan.runs}`);
        // Taken in turn, the order rotated, so a burst of other work hits both servers of a round alike.
        const order = round % 2 === 0 ? (['mock', 'prism'] as const) : (['prism', 'mock'] as const);
        for (const name of order) {
          small[name].push(await runLoad(loads[name], (name === 'mock' ? mock : prism).child.pid));
        }
        big.push(await runLoad(loads.big, mock.child.pid));
      }
    } finally {
      for (const server of servers) {
        await server.stop();
      }
    }
    // The memory of a world of 100,000 devices, in a process of its own.
    context.log(`@nox-energy/mock with ${formatCount(BIG_FLEET)} devices: memory`);
    const started = performance.now();
    const large = await forkServer(serverScript('mock-server'), {
      execArgv: ['--expose-gc'],
      env: { BENCH_DEVICES: String(context.quick ? BIG_FLEET / 10 : BIG_FLEET), BENCH_API: 'package' },
    });
    try {
      const startupMs = performance.now() - started;
      const sample = await large.ask<{ rss: number; heapUsed: number }>({ type: 'memory' });
      memory = { rss: sample.rss, heapUsed: sample.heapUsed, startupMs };
    } finally {
      await large.stop();
    }

    const mockFigures = summarize(`@nox-energy/mock ${packageVersion('@nox-energy/mock')}`, small.mock);
    const prismFigures = summarize(`Prism ${packageVersion('@stoplight/prism-cli')} (static example)`, small.prism);
    const bigFigures = summarize('@nox-energy/mock, limit=1000', big);
    const overPrism = median(small.mock.map((run, i) => ratio(run.rps, small.prism[i]?.rps ?? Number.NaN)));
    const cpuVsPrism = ratio(prismFigures.cpuPerRequest, mockFigures.cpuPerRequest);
    const fleetNote = `${formatCount(FLEET)} devices of the demo supplier (seed 1)`;
    const table: Table = {
      title: 'Mock Package API: GET /v1/devices',
      columns: ['Server', 'page', 'req/s (2xx, median)', 'p50', 'p99', 'non-2xx', 'server CPU per request'],
      rows: [
        [mockFigures.name, `limit=${SMALL_PAGE}, from ${fleetNote}`, mockFigures],
        [prismFigures.name, `the spec's example (${SMALL_PAGE} devices)`, prismFigures],
        [bigFigures.name, `limit=${BIG_PAGE}, from ${fleetNote}`, bigFigures],
      ].map(([name, page, f]) => {
        const figures = f as Figures;
        return [
          name as string,
          page as string,
          formatCount(figures.rps),
          formatLatency(figures.p50),
          formatLatency(figures.p99),
          formatCount(figures.runs.reduce((n, r) => n + r.non2xx + r.errors, 0)),
          Number.isFinite(figures.cpuPerRequest) ? `${Math.round(figures.cpuPerRequest)} µs` : 'n/a',
        ];
      }),
      notes: [
        `${CONNECTIONS} connections, autocannon in the bench's process, each server in its own process and only one under load at a time; ${plan.runs} rounds of ${plan.runSeconds} s per load after a ${plan.warmupSeconds} s warm-up each; latency in whole ms. The ratio is the median of the per-round ratios.`,
        pinningNote([...small.mock, ...small.prism, ...big]),
        `The mock answers from its world (key and role check, query validation, a signed page token, the page validated against the spec before it is sent); Prism returns the spec's static example. Per request the mock spends ${formatRatio(cpuVsPrism)} less CPU than Prism.`,
        memory
          ? `With ${formatCount(context.quick ? BIG_FLEET / 10 : BIG_FLEET)} devices (started in ${(memory.startupMs / 1000).toFixed(1)} s): RSS ${formatMegabytes(memory.rss)}, heap used ${formatMegabytes(memory.heapUsed)} after a forced GC.`
          : 'Memory with 100,000 devices: not measured.',
      ],
    };
    return {
      data: {
        connections: CONNECTIONS,
        plan,
        fleet: FLEET,
        mock: mockFigures,
        prism: prismFigures,
        big: bigFigures,
        overPrism,
        memory,
      },
      tables: [table],
      targets: [
        {
          target: `mock GET /v1/devices?limit=${SMALL_PAGE} req/s >= ${PRISM_FACTOR}x Prism's (same page size)`,
          measured: `${formatRatio(overPrism)} (${formatRatio(cpuVsPrism)} by CPU per request)`,
          status: statusOf(overPrism >= PRISM_FACTOR, overPrism),
        },
        {
          target: `RSS with ${formatCount(BIG_FLEET)} devices <= ${formatMegabytes(RSS_BUDGET)}`,
          measured: memory && !context.quick ? formatMegabytes(memory.rss) : 'n/a',
          status: memory && !context.quick ? statusOf(memory.rss <= RSS_BUDGET, memory.rss) : 'not measured',
        },
      ],
    };
  },
};
