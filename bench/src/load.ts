// HTTP load with autocannon, run inside the bench's own process (the server under load is another process): on a
// 2-core machine the load generator takes about one core and the server the other. Because the generator can be
// the bottleneck of a fast server, each run also reads how much CPU the server itself spent per request.
//
// During a run the server (all its threads) is pinned to one core and the bench's process to another, where
// `taskset` and two cores are there. Left to the scheduler, the two sometimes shared a core for a whole run: the
// same server then measured up to a third slower from one process start to the next.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
  /** Latency percentiles, ms (autocannon records whole milliseconds). */
  p50: number;
  p99: number;
  ok: number;
  /** Answers that were not 2xx, by status. */
  non2xx: number;
  statuses: Record<string, number>;
  errors: number;
  durationSeconds: number;
  /** CPU time the server process spent per answered request, µs (NaN where /proc is not readable). */
  serverCpuMicrosPerRequest: number;
  /** Share of one core the server / the load generator used during the run. */
  serverCpuShare: number;
  generatorCpuShare: number;
  /** Whether the server and the load generator ran pinned to cores of their own. */
  pinned: boolean;
}

const SERVER_CORE = 0;
const GENERATOR_CORE = 1;

/** The affinity mask of a process, as `taskset -p` prints it (hex), or undefined when taskset cannot tell. */
function affinityOf(pid: number): string | undefined {
  try {
    return /:\s*([0-9a-f]+)\s*$/i.exec(execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

function setAffinity(pid: number, cores: string, list: boolean): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', ...(list ? ['-c'] : []), cores, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins the server and this process to cores of their own; returns how to undo it for this process, or undefined. */
function pinApart(serverPid: number | undefined): (() => void) | undefined {
  if (serverPid === undefined || availableParallelism() < 2) {
    return undefined;
  }
  const own = affinityOf(process.pid);
  if (own === undefined || !setAffinity(serverPid, String(SERVER_CORE), true)) {
    return undefined;
  }
  if (!setAffinity(process.pid, String(GENERATOR_CORE), true)) {
    return undefined;
  }
  return () => {
    setAffinity(process.pid, own, false);
  };
}

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU time of a process in ms, from /proc/<pid>/stat; NaN when unavailable. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) {
    return Number.NaN;
  }
  try {
    return parseProcStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU time in ms from a /proc/<pid>/stat line (the command name may contain spaces): utime + stime (fields 14, 15)
 * of the process itself, or with `children`, cutime + cstime (fields 16, 17) of its children that have exited.
 */
export function parseProcStatCpuMs(stat: string, which: 'self' | 'children' = 'self'): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command start at field 3 (state): field n is at offset n - 3.
  const at = which === 'self' ? 11 : 13;
  const ticks = Number(fields[at]) + Number(fields[at + 1]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time in ms of every child process of this one that has exited (and of their own exited children): read before
 * and after a command to get the command's CPU time whatever else runs on the machine. NaN where /proc is missing.
 */
export function exitedChildrenCpuMs(): number {
  try {
    return parseProcStatCpuMs(readFileSync('/proc/self/stat', 'utf8'), 'children');
  } catch {
    return Number.NaN;
  }
}

/** A table note on where the runs ran. */
export function pinningNote(runs: readonly LoadRun[]): string {
  if (runs.length > 0 && runs.every((run) => run.pinned)) {
    return `During each run the server (every thread of it) was pinned to core ${SERVER_CORE} and the bench's process with autocannon to core ${GENERATOR_CORE} (taskset).`;
  }
  return runs.some((run) => run.pinned)
    ? 'Some runs were pinned to cores of their own (taskset) and some were not: compare with care.'
    : 'Runs were not pinned to cores (no taskset or one core): the scheduler placed the server and autocannon.';
}

export async function runLoad(options: LoadOptions, serverPid?: number): Promise<LoadRun> {
  const unpin = process.env.BENCH_PIN === '0' ? undefined : pinApart(serverPid);
  const serverCpuBefore = processCpuMs(serverPid);
  const generatorBefore = process.cpuUsage();
  let result: autocannon.Result;
  try {
    result = await autocannon({
      url: options.url,
      method: options.method,
      headers: options.headers,
      body: options.body,
      connections: options.connections,
      duration: options.durationSeconds,
      pipelining: 1,
    });
  } finally {
    unpin?.();
  }
  const generator = process.cpuUsage(generatorBefore);
  const serverCpuMs = processCpuMs(serverPid) - serverCpuBefore;
  const statuses: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statuses[status] = stat?.count ?? 0;
  }
  const answered = result['2xx'] + result.non2xx;
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    statuses,
    errors: result.errors,
    durationSeconds: result.duration,
    serverCpuMicrosPerRequest: answered > 0 ? (serverCpuMs * 1000) / answered : Number.NaN,
    serverCpuShare: serverCpuMs / (result.duration * 1000),
    generatorCpuShare: (generator.user + generator.system) / 1000 / (result.duration * 1000),
    pinned: unpin !== undefined,
  };
}
