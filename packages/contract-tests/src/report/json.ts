// The report as JSON, for CI systems and scripts (the shape of `ContractReport`).
import type { ContractReport } from './model.js';

export function formatJson(report: ContractReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
