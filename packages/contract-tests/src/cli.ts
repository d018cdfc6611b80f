#!/usr/bin/env node
// nox-contract-tests: the command-line face of runContractSuite.
import { writeFileSync } from 'node:fs';
import { parseCliArgs, USAGE, UsageError } from './cli/args.js';
import { redactText } from './http/redact.js';
import { type InProcessMock, startInProcessMock } from './mock.js';
import { formatJson } from './report/json.js';
import { formatJunit } from './report/junit.js';
import type { ContractReport } from './report/model.js';
import { formatText } from './report/text.js';
import { formatPlan } from './run/plan.js';
import { ServerNotAnsweringError } from './run/stopped.js';
import { runContractSuite } from './run/suite.js';
import { webhooksCommand } from './webhooks/cli.js';

const EXIT_FAILED = 1;
/** Usage or configuration error, a non-local host without --live, or a server that does not answer. */
const EXIT_NOT_RUN = 2;

async function main(argv: string[]): Promise<number> {
  let secrets: string[] = [];
  const fail = (message: string, code: number) => {
    process.stderr.write(`nox-contract-tests: ${redactText(message, secrets)}\n`);
    return code;
  };

  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv, process.env);
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, EXIT_NOT_RUN);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  let mock: InProcessMock | undefined;
  try {
    let apiKeys: Record<string, string | undefined> = options.apiKeys;
    let baseUrls: Record<string, string> | undefined;
    let values = options.config?.values;
    let operationValues = options.config?.operationValues;
    if (options.mock) {
      mock = await startInProcessMock(options.spec ? { spec: options.spec } : {});
      baseUrls = mock.baseUrls;
      // The mock's demo keys and the ids of its world, unless the caller brought their own.
      apiKeys = { ...mock.apiKeys, ...withoutEmpty(options.apiKeys) };
      values = { ...mock.values, ...values };
      operationValues = { ...mock.operationValues, ...operationValues };
    }
    secrets = Object.values(apiKeys).filter((key): key is string => Boolean(key));
    const report = await runContractSuite({
      ...(options.spec ? { spec: options.spec } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(baseUrls ? { baseUrls } : {}),
      apiKeys,
      ...(options.operations ? { operations: options.operations } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.numRuns !== undefined ? { numRuns: options.numRuns } : {}),
      ...(options.maxRps !== undefined ? { maxRps: options.maxRps } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(values ? { values } : {}),
      ...(operationValues ? { operationValues } : {}),
      live: options.live,
      mock: options.mock,
      allowWrites: options.allowWrites,
      sandboxWrites: options.sandboxWrites,
      includeDeprecated: options.includeDeprecated,
      // The plan reaches the terminal before the first request; the text report starts with it too.
      onPlan: (plan) => process.stderr.write(`${formatPlan(plan).join('\n')}\n\n`),
      onOperation: (op) => {
        const failed = op.checks.filter((c) => c.status === 'failed').length;
        const state = op.notImplemented
          ? `not implemented (${op.notImplemented})`
          : op.skipped
            ? `skipped (${op.skipped})`
            : failed > 0
              ? `${failed} check(s) failed`
              : 'ok';
        process.stderr.write(`${op.operationId}: ${state}\n`);
      },
    });
    writeReport(report, options.report, options.output);
    return report.ok ? 0 : EXIT_FAILED;
  } catch (error) {
    if (error instanceof ServerNotAnsweringError) {
      // The run so far still reaches the CI: its findings show what went unanswered.
      writeReport(error.report, options.report, options.output);
    }
    const message = error instanceof UsageError ? error.message : (error as Error).message;
    return fail(message, EXIT_NOT_RUN);
  } finally {
    await mock?.close();
  }
}

function writeReport(report: ContractReport, format: 'text' | 'json' | 'junit', output: string | undefined) {
  // The report is redacted already, field by field. The formatted text gets no second pass: a key that
  // happens to match the report's own words would change what it says, or leave JSON or XML CI cannot parse.
  const text = formatText(report);
  if (format === 'text') {
    if (output) {
      writeFileSync(output, text);
    }
    process.stdout.write(text);
    return;
  }
  const formatted = format === 'json' ? formatJson(report) : formatJunit(report);
  if (output) {
    writeFileSync(output, formatted);
    process.stdout.write(text);
  } else {
    process.stdout.write(formatted);
    // The readable summary still reaches the CI log, on stderr, when stdout carries the report.
    process.stderr.write(text);
  }
}

function withoutEmpty(keys: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

// `pnpm contract -- --seed 1` passes the `--` through: a leading one separates nothing here.
const args = process.argv.slice(2);
const argv = args[0] === '--' ? args.slice(1) : args;
// `webhooks` is the second command: it tests your webhook receiver instead of an API server.
(argv[0] === 'webhooks' ? webhooksCommand(argv.slice(1), process.env) : main(argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nox-contract-tests: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_NOT_RUN;
  },
);
