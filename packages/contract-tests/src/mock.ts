// The in-process mock: what `pnpm contract` checks when no --base-url is given.
import { type OpenApiDocument, readSpecFile } from './spec/document.js';

export interface InProcessMock {
  baseUrls: Record<string, string>;
  /** The mock's demo key of each role. */
  apiKeys: Record<string, string>;
  /** The operationIds of the spec the mock has no handler for (it answers them 501; none on the bundled spec). */
  unserved: string[];
  close(): Promise<void>;
}

/** Starts @nox-energy/mock on a free local port with its demo accounts, on the given spec or the bundled one. */
export async function startInProcessMock(options: { spec?: OpenApiDocument | string } = {}): Promise<InProcessMock> {
  const { startMockServer, DEMO_ACCOUNTS } = await import('@nox-energy/mock');
  const spec = typeof options.spec === 'string' ? readSpecFile(options.spec) : options.spec;
  const mock = await startMockServer({ port: 0, ...(spec ? { spec } : {}) });
  return {
    baseUrls: mock.baseUrls,
    apiKeys: Object.fromEntries(DEMO_ACCOUNTS.map((account) => [account.role, account.apiKey])),
    unserved: mock.unserved.map((operation) => operation.operationId),
    close: () => mock.close(),
  };
}
