// 1. Client overhead: @nox-energy/client against bare openapi-fetch and a plain fetch call, first with a stubbed
// fetch (the cost of the layers themselves), then over loopback HTTP against the mock (what a caller notices).
import { createNoxClient } from '@nox-energy/client';
import type { CreateSupplierLinkSessionRequest, paths } from '@nox-energy/types';
import createClient from 'openapi-fetch';
import { formatCount, formatPercent } from '../format.js';
import { forkServer, serverScript } from '../processes.js';
import { statusOf } from '../report.js';
import { demoKeyFor, readCreateFixture } from '../spec.js';
import { overheadFromThroughput } from '../stats.js';
import type { Suite, SuiteContext } from '../suite.js';
import { SuiteSkipped } from '../suite.js';
import { type Contender, type ContenderResult, measureOpsPerSecond } from '../throughput.js';

const STUB_OVERHEAD_BUDGET = 0.1;
/** The mock's clock speed-up (see servers/mock-server.ts): link sessions expire within 0.3 s. */
export const MOCK_CLOCK_SPEEDUP = 2000;

type Fetch = (input: Request) => Promise<Response>;

function contenders(options: { baseUrl: string; apiKey: string; fetch?: Fetch }): Contender[] {
  const fixture = readCreateFixture();
  const body = fixture.requestBody as CreateSupplierLinkSessionRequest;
  const url = options.baseUrl + fixture.path;
  const headers = { 'content-type': 'application/json', [fixture.apiKeyHeader]: options.apiKey };
  const doFetch: Fetch = options.fetch ?? ((request) => fetch(request));
  const bare = createClient<paths>({
    baseUrl: options.baseUrl,
    headers,
    ...(options.fetch && { fetch: options.fetch }),
  });
  const nox = createNoxClient({
    apiKey: options.apiKey,
    baseUrls: { authenticator: options.baseUrl },
    ...(options.fetch && { fetch: options.fetch }),
  });
  const expectCreated = (status: number) => {
    if (status !== fixture.responseStatus) {
      throw new Error(`expected ${fixture.responseStatus}, got ${status}`);
    }
  };
  return [
    {
      name: 'plain fetch',
      fn: async () => {
        const response = await doFetch(new Request(url, { method: 'POST', headers, body: JSON.stringify(body) }));
        await response.json();
        expectCreated(response.status);
      },
    },
    {
      name: 'openapi-fetch',
      fn: async () => {
        const { response } = await bare.POST(fixture.path, { body });
        expectCreated(response.status);
      },
    },
    {
      name: '@nox-energy/client',
      fn: async () => {
        const { response } = await nox.POST(fixture.path, { body });
        expectCreated(response.status);
      },
    },
  ];
}

function table(results: ContenderResult[], title: string, notes: string[]) {
  const [plain, bare, nox] = results as [ContenderResult, ContenderResult, ContenderResult];
  return {
    title,
    columns: ['Client', 'ops/s (median)', 'spread of rounds', 'vs @nox-energy/client'],
    rows: results.map((r) => [
      r.name,
      formatCount(r.opsPerSecond),
      `${(r.spread * 100).toFixed(1)}%`,
      r === nox
        ? '-'
        : `ours costs ${formatPercent(overheadFromThroughput(nox.opsPerSecond, r.opsPerSecond))} per call`,
    ]),
    notes: [
      ...notes,
      `Overhead of @nox-energy/client: ${formatPercent(overheadFromThroughput(nox.opsPerSecond, bare.opsPerSecond))} over bare openapi-fetch, ${formatPercent(overheadFromThroughput(nox.opsPerSecond, plain.opsPerSecond))} over a plain fetch call (time per call).`,
    ],
  };
}

export const clientStubSuite: Suite = {
  id: 'client-stub',
  title: 'Client overhead, stubbed fetch',
  async run(context: SuiteContext) {
    const fixture = readCreateFixture();
    const stub: Fetch = async () =>
      new Response(fixture.responseText, {
        status: fixture.responseStatus,
        headers: { 'content-type': 'application/json' },
      });
    const options = context.quick
      ? { rounds: 3, timeMs: 200, warmupMs: 200 }
      : { rounds: 7, timeMs: 500, warmupMs: 500 };
    context.log(`client (stubbed fetch): ${options.rounds} interleaved rounds of ${options.timeMs} ms per client`);
    const results = await measureOpsPerSecond(
      contenders({ baseUrl: fixture.serverUrl, apiKey: 'bench-api-key', fetch: stub }),
      options,
    );
    const bare = results[1] as ContenderResult;
    const nox = results[2] as ContenderResult;
    const overhead = overheadFromThroughput(nox.opsPerSecond, bare.opsPerSecond);
    return {
      data: { rounds: options.rounds, roundMs: options.timeMs, results, overheadOverOpenapiFetch: overhead },
      tables: [
        table(results, 'Client overhead, stubbed fetch', [
          `One POST ${fixture.path} per operation; the same stub answers every client with a new 201 Response of the spec's example (no network). Median of ${options.rounds} interleaved rounds after a warm-up; spread = (max - min) / median of the rounds.`,
        ]),
      ],
      targets: [
        {
          target: `client overhead over bare openapi-fetch, stubbed fetch <= ${STUB_OVERHEAD_BUDGET * 100}%`,
          measured: formatPercent(overhead),
          status: statusOf(overhead <= STUB_OVERHEAD_BUDGET, overhead),
        },
      ],
    };
  },
};

export const clientHttpSuite: Suite = {
  id: 'client-http',
  title: 'Client overhead, loopback HTTP to the mock',
  async run(context: SuiteContext) {
    let mockScript: URL;
    let apiKey: string;
    try {
      const fixture = readCreateFixture();
      apiKey = await demoKeyFor(fixture.role);
      mockScript = serverScript('mock-server');
    } catch (error) {
      throw new SuiteSkipped(`@nox-energy/mock is not available (${(error as Error).message})`);
    }
    const server = await forkServer(mockScript, { env: { BENCH_CLOCK_SPEEDUP: String(MOCK_CLOCK_SPEEDUP) } });
    try {
      const options = context.quick
        ? { rounds: 3, timeMs: 300, warmupMs: 300 }
        : { rounds: 5, timeMs: 1000, warmupMs: 1000 };
      context.log(`client (HTTP to the mock): ${options.rounds} interleaved rounds of ${options.timeMs} ms per client`);
      const results = await measureOpsPerSecond(contenders({ baseUrl: server.url, apiKey }), options);
      const bare = results[1] as ContenderResult;
      const nox = results[2] as ContenderResult;
      const overhead = overheadFromThroughput(nox.opsPerSecond, bare.opsPerSecond);
      const noise = Math.max(bare.spread, nox.spread);
      return {
        data: { rounds: options.rounds, roundMs: options.timeMs, results, overheadOverOpenapiFetch: overhead, noise },
        tables: [
          table(results, 'Client overhead, loopback HTTP to the mock', [
            `One call at a time over keep-alive HTTP to @nox-energy/mock in its own process (Node's fetch in every client). Median of ${options.rounds} interleaved rounds after a warm-up.`,
          ]),
        ],
        targets: [
          {
            target: 'client overhead over bare openapi-fetch, HTTP: within noise (<= the larger rounds spread)',
            measured: `${formatPercent(overhead)} (noise ${(noise * 100).toFixed(1)}%)`,
            status: statusOf(overhead <= noise, overhead),
          },
        ],
      };
    } finally {
      await server.stop();
    }
  },
};
