// The start page (`GET /`) and the UI page without a token: what a developer reaches from the printed URLs.
// The page's curl is run as printed, with the real curl, and the link flow it starts is followed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../src/config.js';
import { startMockServer } from '../src/index.js';
import { spec, startTestMock } from './helpers.js';

const mock = await startTestMock();

const unescapeHtml = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

async function get(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

const doc = spec as unknown as {
  info: { title: string };
  servers: Array<{ url: string }>;
  components: { securitySchemes: Record<string, { name: string }> };
  paths: Record<string, Record<string, { operationId?: string; callbacks?: unknown }>>;
};

describe('the start page', () => {
  it('says what the server is, with the API base URLs, the demo keys and the key header from the spec', async () => {
    const page = await get(`${mock.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.html).toContain('NOX mock server');
    expect(page.html).toContain(doc.info.title);
    for (const url of Object.values(mock.baseUrls)) {
      expect(page.html).toContain(`<code>${url}</code>`);
    }
    const [base] = doc.servers.map((server) => new URL(server.url).pathname);
    expect(page.html).toContain(`${mock.url}${base}`);
    for (const account of DEMO_ACCOUNTS) {
      expect(page.html).toContain(`<code data-key="${account.role}">${account.apiKey}</code>`);
    }
    const headerName = Object.values(doc.components.securitySchemes)[0]?.name as string;
    expect(page.html).toContain(`<code>${headerName}</code> header`);
    expect(page.html).toContain(mock.uiUrl);
  });

  it('gives a curl per link-flow operation that, run as printed, starts a link flow the UI then shows', async () => {
    const page = await get(`${mock.url}/`);
    const curls = [...page.html.matchAll(/<pre data-curl="([^"]+)">([\s\S]*?)<\/pre>/g)].map(
      (match) => [match[1] as string, unescapeHtml(match[2] as string)] as const,
    );
    const linkFlowOperations = Object.values(doc.paths).flatMap((item) =>
      Object.values(item)
        .filter((operation) => operation?.operationId && operation.callbacks)
        .map((operation) => operation.operationId),
    );
    expect(curls.map(([id]) => id).sort()).toEqual(linkFlowOperations.sort());
    for (const [operationId, command] of curls) {
      // Asynchronously: the mock answers from this very process.
      const { stdout: output } = await promisify(execFile)('/bin/sh', ['-c', `${command} -w '\\n%{http_code}'`], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      const status = output.slice(output.lastIndexOf('\n') + 1);
      const body = JSON.parse(output.slice(0, output.lastIndexOf('\n'))) as Record<string, unknown>;
      expect(status, `${operationId}: ${output}`).toBe('201');
      const link = Object.values(body).find((value) => typeof value === 'string' && value.startsWith(mock.uiUrl));
      expect(link, operationId).toBeDefined();
      const ui = await get(link as string);
      expect(ui.status, operationId).toBe(200);
      expect(ui.html).toContain('<form method="post"');
    }
  });

  it('gives a curl of the first list of the world that, run as printed, answers its page', async () => {
    const page = await get(`${mock.url}/`);
    const [, operationId, command] = /<pre data-list-curl="([^"]+)">([\s\S]*?)<\/pre>/.exec(page.html) ?? [];
    expect(operationId).toBe('listDevices');
    const { stdout: output } = await promisify(execFile)(
      '/bin/sh',
      ['-c', `${unescapeHtml(command as string)} -w '\n%{http_code}'`],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    expect(output.slice(output.lastIndexOf('\n') + 1), output).toBe('200');
    expect(JSON.parse(output.slice(0, output.lastIndexOf('\n')))).toMatchObject({
      data: [],
      meta: { next_token: null },
    });
    expect(page.html).toContain(`${mock.url}/_mock/world`);
  });

  it('shows no key of a configured account', async () => {
    const configured = await startMockServer({
      port: 0,
      config: {
        accounts: [
          {
            role: 'supplier',
            name: 'Own Supplier',
            apiKey: 'own-secret-supplier-key',
            allowedRedirectUrls: ['http://localhost:*'],
          },
        ],
      },
    });
    try {
      const page = await get(`${configured.url}/`);
      expect(page.status).toBe(200);
      expect(page.html).toContain('Own Supplier');
      expect(page.html).not.toContain('own-secret-supplier-key');
      expect(page.html).toContain('&lt;your supplier API key&gt;');
    } finally {
      await configured.close();
    }
  });

  it('answers a method other than GET on / with 405', async () => {
    const response = await fetch(`${mock.url}/`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('the UI page without a token', () => {
  it('explains what it needs and links to the start page, instead of "link not valid"', async () => {
    for (const url of [mock.uiUrl, `${mock.uiUrl}?token=`, `${mock.uiUrl}?language=nl`]) {
      const page = await get(url);
      expect(page.status, url).toBe(200);
      expect(page.html, url).toContain('data-hint="missing-token"');
      expect(page.html, url).toContain('<a href="/">');
      expect(page.html, url).not.toContain('data-error=');
    }
    // A token that is not one still says the link is not valid.
    const unknown = await get(`${mock.uiUrl}?token=not-a-session`);
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('data-error="unknown"');
  });
});
