// A run that cannot go on: the server gave no complete response to several requests in a row.
import type { ContractReport } from '../report/model.js';

/** Thrown by `send` once the run has stopped; the operation in progress ends with what it has recorded. */
export class RunStopped extends Error {
  override name = 'RunStopped';
}

/**
 * What `runContractSuite` throws when the server stops answering. `report` is the run so far: the findings
 * up to the stop (the unanswered requests among them), the rest marked as not run. Redacted like any report.
 */
export class ServerNotAnsweringError extends Error {
  override name = 'ServerNotAnsweringError';
  constructor(
    message: string,
    readonly report: ContractReport,
  ) {
    super(message);
  }
}
