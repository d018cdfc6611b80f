// HTTP load with autocannon, run inside the bench's own process (the server under load is another process): on a
// 2-core machine the load generator takes about one core and the server the other.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
}

export interface LoadRun {
  /** Successful (2xx) answers per second over the run. */
  rps: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  ok: number;
  /** Answers that were not 2xx, by status. */
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  durationSeconds: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const result = await autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
  });
  const statuses: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[status] = stat?.count ?? 0;
  }
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    statuses,
    errors: result.errors,
    durationSeconds: result.duration,
  };
}
