// 1. Client overhead: @nox-energy/client against bare openapi-fetch and a plain fetch call, first with a stubbed
// fetch (the cost of the layers themselves), then over loopback HTTP against the mock (what a caller notices).
import { createNoxClient } from '@nox-energy/client';
import type { CreateSupplierLinkSessionRequest, paths } from '@nox-energy/types';
import createClient from 'openapi-fetch';
import { formatCount, formatPercent } from '../format.js';
import { forkServer, serverScript } from '../processes.js';
import { statusOf } from '../report.js';
import { demoKeyFor, readCreateFixture } from '../spec.js';
import { type PairedOverhead, pairedOverhead } from '../stats.js';
import type { Suite, SuiteContext } from '../suite.js';
import { SuiteSkipped } from '../suite.js';
import { type Contender, type ContenderResult, measureOpsPerSecond } from '../throughput.js';

const STUB_OVERHEAD_BUDGET = 0.1;
/** Over HTTP an overhead this small counts as none, however quiet the machine was. */
const HTTP_NOISE_FLOOR = 0.02;
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

interface Comparison {
  results: ContenderResult[];
  /** Overhead of @nox-energy/client per call over each other client, paired round by round. */
  overOpenapiFetch: PairedOverhead;
  overPlainFetch: PairedOverhead;
}

function compare(results: ContenderResult[]): Comparison {
  const [plain, bare, nox] = results as [ContenderResult, ContenderResult, ContenderResult];
  return {
    results,
    overOpenapiFetch: pairedOverhead(nox.rounds, bare.rounds),
    overPlainFetch: pairedOverhead(nox.rounds, plain.rounds),
  };
}

const percentWithNoise = (o: PairedOverhead) => `${formatPercent(o.median)} (±${(o.ci95 * 100).toFixed(1)}%)`;
const microsPerCall = (opsPerSecond: number) => `${(1e6 / opsPerSecond).toFixed(1)} µs`;

function table(comparison: Comparison, title: string, method: string) {
  const [plain, bare] = comparison.results as [ContenderResult, ContenderResult, ContenderResult];
  const overhead = (r: ContenderResult) =>
    r === plain
      ? percentWithNoise(comparison.overPlainFetch)
      : r === bare
        ? percentWithNoise(comparison.overOpenapiFetch)
        : '-';
  return {
    title,
    columns: ['Client', 'ops/s (median)', 'time per call', '@nox-energy/client costs per call (95% CI)'],
    rows: comparison.results.map((r) => [
      r.name,
      formatCount(r.opsPerSecond),
      microsPerCall(r.opsPerSecond),
      overhead(r),
    ]),
    notes: [
      method,
      'Overheads are paired: the clients take turns within each round, the overhead is computed per round and its median reported with its 95% confidence interval (from the robust SD of the rounds).',
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
      : { rounds: 9, timeMs: 300, warmupMs: 500 };
    context.log(`client (stubbed fetch): ${options.rounds} interleaved rounds of ${options.timeMs} ms per client`);
    const comparison = compare(
      await measureOpsPerSecond(
        contenders({ baseUrl: fixture.serverUrl, apiKey: 'bench-api-key', fetch: stub }),
        options,
      ),
    );
    const overhead = comparison.overOpenapiFetch.median;
    return {
      data: { rounds: options.rounds, roundMs: options.timeMs, ...comparison },
      tables: [
        table(
          comparison,
          'Client overhead, stubbed fetch',
          `One POST ${fixture.path} per call; the same stub answers every client with a new 201 Response of the spec's example (no network). ${options.rounds} rounds of ${options.timeMs} ms per client after a warm-up.`,
        ),
      ],
      targets: [
        {
          target: `client overhead over bare openapi-fetch, stubbed fetch <= ${STUB_OVERHEAD_BUDGET * 100}%`,
          measured: percentWithNoise(comparison.overOpenapiFetch),
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
        : { rounds: 9, timeMs: 500, warmupMs: 1000 };
      context.log(`client (HTTP to the mock): ${options.rounds} interleaved rounds of ${options.timeMs} ms per client`);
      const comparison = compare(await measureOpsPerSecond(contenders({ baseUrl: server.url, apiKey }), options));
      const { median: overhead, ci95 } = comparison.overOpenapiFetch;
      return {
        data: { rounds: options.rounds, roundMs: options.timeMs, ...comparison },
        tables: [
          table(
            comparison,
            'Client overhead, loopback HTTP to the mock',
            `One call at a time over keep-alive HTTP to @nox-energy/mock in its own process (Node's fetch under every client). ${options.rounds} rounds of ${options.timeMs} ms per client after a warm-up.`,
          ),
        ],
        targets: [
          {
            target: `client overhead over bare openapi-fetch, HTTP: within noise (95% CI reaches 0, or <= ${HTTP_NOISE_FLOOR * 100}%)`,
            measured: percentWithNoise(comparison.overOpenapiFetch),
            status: statusOf(overhead <= Math.max(ci95, HTTP_NOISE_FLOOR), overhead),
          },
        ],
      };
    } finally {
      await server.stop();
    }
  },
};
