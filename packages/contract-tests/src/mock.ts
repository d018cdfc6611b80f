// The in-process mock: what `pnpm contract` checks when no --base-url is given.

export interface InProcessMock {
  baseUrls: Record<string, string>;
  /** The mock's demo key of each role. */
  apiKeys: Record<string, string>;
  close(): Promise<void>;
}

/** Starts @nox-energy/mock on a free local port with its demo accounts. */
export async function startInProcessMock(): Promise<InProcessMock> {
  const { startMockServer, DEMO_ACCOUNTS } = await import('@nox-energy/mock');
  const mock = await startMockServer({ port: 0 });
  return {
    baseUrls: mock.baseUrls,
    apiKeys: Object.fromEntries(DEMO_ACCOUNTS.map((account) => [account.role, account.apiKey])),
    close: () => mock.close(),
  };
}
