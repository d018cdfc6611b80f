// 4a. The build pipeline (turbo: spec -> docs bundle -> types -> client, mock, ...), in a throwaway copy of the
// committed tree under the run's scratch folder so the working tree stays untouched: a cold build, a no-op rebuild
// (everything from turbo's cache) and the rebuild after a one-line edit of the spec.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCount, formatSeconds } from '../format.js';
import { exitedChildrenCpuMs } from '../load.js';
import { median } from '../stats.js';
import { type Suite, type SuiteContext, SuiteSkipped } from '../suite.js';

interface CommandRun {
  ms: number;
  /** CPU time of the command and every process it started, ms. */
  cpuMs: number;
  code: number;
  output: string;
}

export interface BuildRun {
  ms: number;
  cpuMs: number;
  tasks: number;
  cached: number;
}

const TURBO_ENV = {
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  TURBO_NO_UPDATE_NOTIFIER: '1',
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

function run(command: string, args: string[], cwd: string): Promise<CommandRun> {
  const started = performance.now();
  const cpuBefore = exitedChildrenCpuMs();
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...TURBO_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => {
      output = (output + chunk).slice(-100_000);
    });
    child.stderr.on('data', (chunk) => {
      output = (output + chunk).slice(-100_000);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ ms: performance.now() - started, cpuMs: exitedChildrenCpuMs() - cpuBefore, code: code ?? 1, output }),
    );
  });
}

/** Counts from turbo's closing lines: `Tasks: 9 successful, 9 total` and `Cached: 9 cached, 9 total`. */
export function parseTurboSummary(output: string): { tasks: number; cached: number } {
  const tasks = /Tasks:\s+\d+ successful, (\d+) total/.exec(output);
  const cached = /Cached:\s+(\d+) cached, \d+ total/.exec(output);
  if (!tasks || !cached) {
    throw new Error(`no turbo summary in the output: ${output.slice(-1500)}`);
  }
  return { tasks: Number(tasks[1]), cached: Number(cached[1]) };
}

/** Appends a few words to the first one-line `description:` of a spec file: a one-line edit a writer would make. */
export function editOneLine(yaml: string): { text: string; line: number } {
  const lines = yaml.split('\n');
  const index = lines.findIndex((line) => /^\s*description: [^|>'"].*[.]$/.test(line));
  if (index < 0) {
    throw new Error('no one-line description to edit');
  }
  lines[index] = `${(lines[index] as string).slice(0, -1)}, as edited for the build benchmark.`;
  return { text: lines.join('\n'), line: index + 1 };
}

async function copyCommittedTree(root: string, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const commit = await new Promise<string>((resolve, reject) =>
    execFile('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    ),
  );
  const archive = await run('sh', ['-c', `git -C "${root}" archive --format=tar HEAD | tar -x -C "${dir}"`], root);
  if (archive.code !== 0) {
    throw new Error(`git archive failed: ${archive.output}`);
  }
  return commit;
}

export const buildSuite: Suite = {
  id: 'build',
  title: 'Build pipeline',
  async run(context: SuiteContext) {
    const dir = join(context.tmpDir, 'repo');
    const cacheDir = join(context.tmpDir, 'turbo-cache');
    context.log('build: copying the committed tree and installing it offline');
    const commit = await copyCommittedTree(context.root, dir);
    // The same lock as every install of the repository; the store is shared, the copy's node_modules are its own.
    const installArgs = ['/tmp/pnpm.lock', 'pnpm', 'install', '--offline', '--config.confirmModulesPurge=false'];
    let install = await run('flock', [...installArgs, '--frozen-lockfile'], dir);
    let lockfileFrozen = true;
    if (install.code !== 0) {
      // A commit whose lockfile and package.json files disagree still builds; the copy's lockfile is thrown away.
      context.log('build: the committed lockfile is out of date; installing the copy without --frozen-lockfile');
      lockfileFrozen = false;
      install = await run('flock', [...installArgs, '--no-frozen-lockfile'], dir);
    }
    if (install.code !== 0) {
      throw new SuiteSkipped(`offline install of the committed tree failed: ${install.output.slice(-800)}`);
    }
    const turbo = async (label: string): Promise<BuildRun> => {
      context.log(`build: ${label}`);
      const result = await run(
        'pnpm',
        [
          'exec',
          'turbo',
          'run',
          'build',
          // The product's packages; the benchmark package itself is not part of the pipeline measured.
          '--filter=!@nox-energy/bench',
          '--no-daemon',
          `--cache-dir=${cacheDir}`,
          '--output-logs=errors-only',
        ],
        dir,
      );
      if (result.code !== 0) {
        throw new Error(`turbo run build (${label}) failed: ${result.output.slice(-3000)}`);
      }
      return { ms: result.ms, cpuMs: result.cpuMs, ...parseTurboSummary(result.output) };
    };

    const cold = await turbo('cold build');
    const noopRuns: BuildRun[] = [];
    for (let i = 0; i < (context.quick ? 1 : 3); i++) {
      noopRuns.push(await turbo(`no-op rebuild ${i + 1}`));
    }
    const noop = {
      ...(noopRuns[0] as BuildRun),
      ms: median(noopRuns.map((r) => r.ms)),
      cpuMs: median(noopRuns.map((r) => r.cpuMs)),
    };

    const pathsDir = join(dir, 'spec/paths');
    const specFile = join(pathsDir, readdirSync(pathsDir).sort()[0] as string);
    const edit = editOneLine(readFileSync(specFile, 'utf8'));
    writeFileSync(specFile, edit.text);
    const edited = await turbo('rebuild after a one-line spec edit');

    const row = (label: string, r: BuildRun) => [
      label,
      formatSeconds(r.ms),
      formatSeconds(r.cpuMs),
      `${formatCount(r.tasks - r.cached)} of ${formatCount(r.tasks)}`,
    ];
    const editedFile = specFile.slice(dir.length + 1);
    return {
      data: {
        commit,
        lockfileFrozen,
        installMs: install.ms,
        cold,
        noop,
        noopRuns,
        edited,
        editedFile,
        editedLine: edit.line,
      },
      tables: [
        {
          title: 'Build pipeline',
          columns: ['Build', 'wall time', 'CPU time', 'tasks run (not from cache)'],
          rows: [
            row('cold build (empty turbo cache)', cold),
            row('no-op rebuild', noop),
            row('one-line spec edit', edited),
          ],
          notes: [
            `\`turbo run build\` of every package (the bench excluded) in a copy of commit ${commit} (offline install not counted: ${formatSeconds(install.ms)}); no-op is the median of ${noopRuns.length}. The edit changes one description line of ${editedFile}. CPU time is user + system of every process of the build (it does not depend on what else runs on the machine; wall time does).`,
            'turbo keys each task on its inputs and on the hashes of the tasks it depends on, so an edit of the spec reruns every task downstream of the docs bundle, even where a generated file comes out unchanged.',
          ],
        },
      ],
      targets: [],
    };
  },
};
