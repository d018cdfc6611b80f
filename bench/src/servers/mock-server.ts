// Runs @nox-energy/mock in its own process for the load and memory benchmarks, and answers the bench's questions
// over IPC: `memory` (after a full GC, when started with --expose-gc) and `sessions` (link sessions held).
//
// BENCH_CLOCK_SPEEDUP makes the mock's clock run faster than real time, so that its 600 s link sessions expire within
// a fraction of a second: under thousands of creates a second the store then churns (create, expire, sweep) at its
// real limits instead of filling up and answering 429, which is the steady state a long-running mock lives in.
import { startMockServer } from '@nox-energy/mock';

const speedup = Number(process.env.BENCH_CLOCK_SPEEDUP ?? '1');
// BENCH_DEVICES fills the demo supplier with a deterministic fleet; BENCH_API names the API whose base URL is sent.
const devices = Number(process.env.BENCH_DEVICES ?? '0');
const api = process.env.BENCH_API ?? 'authenticator';
const start = Date.now();
const mock = await startMockServer({
  port: 0,
  now: speedup === 1 ? Date.now : () => start + (Date.now() - start) * speedup,
  ...(devices > 0 ? { devices, seed: 1 } : {}),
});

const gc = (globalThis as { gc?: () => void }).gc;

process.on('message', (message: { type?: string }) => {
  if (message.type === 'memory') {
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    process.send?.({
      type: 'memory',
      gcForced: gc !== undefined,
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      heapTotal: usage.heapTotal,
      external: usage.external,
      maxRss: process.resourceUsage().maxRSS * 1024,
      liveSessions: mock.liveSessions(),
    });
  } else if (message.type === 'sessions') {
    process.send?.({ type: 'sessions', liveSessions: mock.liveSessions() });
  }
});
process.on('SIGTERM', () => {
  mock.close().then(() => process.exit(0));
});
process.send?.({ type: 'listening', url: mock.baseUrls[api] });
