// 6. Pagination: walking 10,000 heat pumps (10 pages of 1,000) over loopback HTTP with `paginate` from
// @nox-energy/client/pagination, against the loop a user writes by hand with bare openapi-fetch
// (`while (next_token)`) and the same loop over @nox-energy/client. The server (its own process) serialised every
// page at start, so each walk costs it the same.
import { createNoxClient, orThrow } from '@nox-energy/client';
import { paginate } from '@nox-energy/client/pagination';
import type { paths } from '@nox-energy/types';
import createClient from 'openapi-fetch';
import { formatCount, formatPercent } from '../format.js';
import { forkServer, serverScript } from '../processes.js';
import { statusOf } from '../report.js';
import { PAGES_PATH, readPagesFixture } from '../spec.js';
import { type PairedOverhead, pairedOverhead } from '../stats.js';
import type { Suite, SuiteContext } from '../suite.js';
import { type Contender, type ContenderResult, measureOpsPerSecond } from '../throughput.js';

const TARGET = 0.05;
const PAGE_SIZE = 1000;
const API_KEY = 'bench-api-key';

function contenders(baseUrl: string, total: number): Contender[] {
  const bare = createClient<paths>({ baseUrl, headers: { 'x-api-key': API_KEY } });
  const nox = createNoxClient({ apiKey: API_KEY, baseUrls: { package: baseUrl } });
  const expectAll = (count: number) => {
    if (count !== total) {
      throw new Error(`walked ${count} items, expected ${total}`);
    }
  };
  return [
    {
      name: 'openapi-fetch, hand-written while (next_token) loop',
      fn: async () => {
        let count = 0;
        let token: string | null | undefined;
        do {
          const { data, error } = await bare.GET(PAGES_PATH, {
            params: { query: { limit: PAGE_SIZE, next_token: token ?? undefined } },
          });
          if (!data) {
            throw new Error(`page failed: ${JSON.stringify(error)}`);
          }
          for (const device of data.data) {
            count += device.device_id ? 1 : 0;
          }
          token = data.meta.next_token;
        } while (token);
        expectAll(count);
      },
    },
    {
      name: '@nox-energy/client, hand-written loop',
      fn: async () => {
        let count = 0;
        let token: string | null | undefined;
        do {
          const page = await orThrow(
            nox.GET(PAGES_PATH, { params: { query: { limit: PAGE_SIZE, next_token: token ?? undefined } } }),
          );
          for (const device of page.data) {
            count += device.device_id ? 1 : 0;
          }
          token = page.meta.next_token;
        } while (token);
        expectAll(count);
      },
    },
    {
      name: 'paginate (@nox-energy/client/pagination)',
      fn: async () => {
        let count = 0;
        for await (const device of paginate(nox, PAGES_PATH, { params: { query: { limit: PAGE_SIZE } } })) {
          count += device.device_id ? 1 : 0;
        }
        expectAll(count);
      },
    },
  ];
}

const withNoise = (o: PairedOverhead) => `${formatPercent(o.median)} (±${(o.ci95 * 100).toFixed(1)}%)`;

export const paginateSuite: Suite = {
  id: 'paginate',
  title: 'Pagination: walking 10,000 items over loopback',
  async run(context: SuiteContext) {
    const fixture = readPagesFixture();
    const server = await forkServer(serverScript('pages-server'));
    try {
      const options = context.quick
        ? { rounds: 2, timeMs: 300, warmupMs: 300, minIterations: 3 }
        : { rounds: 7, timeMs: 1000, warmupMs: 1000, minIterations: 10 };
      context.log(`paginate: ${options.rounds} interleaved rounds of ${options.timeMs} ms per walker`);
      const results = await measureOpsPerSecond(contenders(server.url, fixture.total), options);
      const [bare, loop, walker] = results as [ContenderResult, ContenderResult, ContenderResult];
      const overBare = pairedOverhead(walker.rounds, bare.rounds);
      const overLoop = pairedOverhead(walker.rounds, loop.rounds);
      const cost = (r: ContenderResult) => (r === bare ? withNoise(overBare) : r === loop ? withNoise(overLoop) : '-');
      return {
        data: { rounds: options.rounds, roundMs: options.timeMs, total: fixture.total, results, overBare, overLoop },
        tables: [
          {
            title: 'Pagination: walking 10,000 items over loopback',
            columns: ['Walker', 'walks/s (median)', 'time per walk', 'items/s', 'paginate costs per walk (95% CI)'],
            rows: results.map((r) => [
              r.name,
              r.opsPerSecond.toFixed(1),
              `${(1000 / r.opsPerSecond).toFixed(1)} ms`,
              formatCount(r.opsPerSecond * fixture.total),
              cost(r),
            ]),
            notes: [
              `One walk is GET ${PAGES_PATH} through ${fixture.total / PAGE_SIZE} pages of ${PAGE_SIZE} items (the spec's first example item, each with its own device_id), following meta.next_token until null; each walker touches every item. The server runs in its own process and serialised every page at start.`,
              `${options.rounds} interleaved rounds of ${options.timeMs} ms per walker after a warm-up; overheads are paired per round (median and 95% CI).`,
            ],
          },
        ],
        targets: [
          {
            target: `paginate vs a hand-written openapi-fetch loop: within ${TARGET * 100}% per walk`,
            measured: withNoise(overBare),
            status: statusOf(overBare.median <= TARGET, overBare.median),
          },
        ],
      };
    } finally {
      await server.stop();
    }
  },
};
