// `nox-contract-tests webhooks`: the command-line face of runWebhookSuite.
import { writeFileSync } from 'node:fs';
import { redactText } from '../http/redact.js';
import { parseWebhooksArgs, WEBHOOKS_USAGE } from './args.js';
import { formatWebhookJson, formatWebhookJunit, formatWebhookText } from './format.js';
import type { WebhookReport } from './model.js';
import { ReceiverNotAnsweringError, runWebhookSuite } from './run.js';

const EXIT_FAILED = 1;
/** A usage error, a non-local receiver without --live, or a receiver that does not answer. */
const EXIT_NOT_RUN = 2;

export async function webhooksCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let secrets: string[] = [];
  const fail = (message: string) => {
    process.stderr.write(`nox-contract-tests webhooks: ${redactText(message, secrets)}\n`);
    return EXIT_NOT_RUN;
  };
  let options: ReturnType<typeof parseWebhooksArgs>;
  try {
    options = parseWebhooksArgs(argv, env);
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${WEBHOOKS_USAGE}`);
  }
  if (options.help) {
    process.stdout.write(`${WEBHOOKS_USAGE}\n`);
    return 0;
  }
  const { url, apiKey } = options as Required<Pick<typeof options, 'url' | 'apiKey'>>;
  // Only a key that passed the key rules: a shorter one could not be redacted without mangling the messages.
  secrets = [apiKey];
  try {
    const report = await runWebhookSuite({
      url,
      apiKey,
      live: options.live,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      onCase: (result) => {
        process.stderr.write(`${result.id}: ${result.status === 'passed' ? 'ok' : result.status}\n`);
      },
    });
    writeReport(report, options.report, options.output);
    return report.ok ? 0 : EXIT_FAILED;
  } catch (error) {
    if (error instanceof ReceiverNotAnsweringError) {
      // The run so far still reaches the CI: it shows which deliveries went unanswered.
      writeReport(error.report, options.report, options.output);
    }
    return fail((error as Error).message);
  }
}

function writeReport(report: WebhookReport, format: 'text' | 'json' | 'junit', output: string | undefined) {
  // The report is redacted field by field already; the formatted text gets no second pass (see the main command).
  const summary = formatWebhookText(report);
  const formatted =
    format === 'text' ? summary : format === 'json' ? formatWebhookJson(report) : formatWebhookJunit(report);
  if (output) {
    writeFileSync(output, formatted);
    process.stdout.write(summary);
  } else if (format === 'text') {
    process.stdout.write(summary);
  } else {
    process.stdout.write(formatted);
    process.stderr.write(summary);
  }
}
