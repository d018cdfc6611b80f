// The webhook receivers of the README (node:http, Express, Fetch API handler) are compiled against the client,
// and the node:http and Fetch ones are run against signed deliveries, so the README cannot drift.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { signature } from '../src/generated/webhooks.js';
import { signWebhook } from '../src/webhooks.js';
import { freePort } from './helpers.js';
import { sampleEvent } from './webhook-vectors.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const samples = Object.fromEntries(
  [...readme.matchAll(/<!-- sample: ([\w-]+) -->\n```ts\n([\s\S]*?)```/g)].map(([, name, code]) => [name, code]),
) as Record<string, string>;
const scratch = mkdtempSync(join(tmpdir(), 'nox-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The samples compiled as modules of this package (so `express` and `@types/node` resolve from here), in one program. */
function diagnosticsBySample(): Record<string, string[]> {
  const files = Object.fromEntries(
    Object.entries(samples).map(([name, code]) => [join(root, `readme-${name}.ts`).replaceAll('\\', '/'), code]),
  );
  const configPath = join(root, 'tsconfig.samples.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const host = ts.createCompilerHost(parsed.options);
  const { readFile, fileExists } = host;
  host.readFile = (path) => files[path] ?? readFile.call(host, path);
  host.fileExists = (path) => path in files || fileExists.call(host, path);
  const program = ts.createProgram(Object.keys(files), parsed.options, host);
  const out: Record<string, string[]> = Object.fromEntries(Object.keys(samples).map((name) => [name, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = /readme-([\w-]+)\.ts$/.exec(d.file?.fileName ?? '')?.[1] ?? 'other';
    out[name] = [...(out[name] ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')];
  }
  return out;
}

/** The sample bundled for Node with the client's source, written to the scratch folder. */
async function bundled(name: string): Promise<string> {
  const out = join(scratch, `${name}.mjs`);
  await build({
    stdin: { contents: samples[name] as string, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    alias: { '@nox-energy/client/webhooks': join(root, 'src/webhooks.ts') },
    outfile: out,
    logLevel: 'silent',
  });
  return out;
}

const KEY = 'sk_live_README_RECEIVER_KEY';
const COMPILE_TIMEOUT_MS = 90_000;

describe('README webhook receivers', () => {
  it('the README has the three receivers', () => {
    expect(Object.keys(samples).sort()).toEqual(['webhook-express', 'webhook-fetch', 'webhook-node-http']);
  });

  it(
    'each compiles against the client',
    () => {
      expect(diagnosticsBySample()).toEqual({ 'webhook-express': [], 'webhook-fetch': [], 'webhook-node-http': [] });
    },
    COMPILE_TIMEOUT_MS,
  );

  it('the node:http receiver answers 204 to a signed delivery (acting once per id) and 401 otherwise', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [await bundled('webhook-node-http')], {
      env: { ...process.env, PORT: String(port), NOX_API_KEY: KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    try {
      const post = async (delivery: { headers: Record<string, string>; body: string }) => {
        for (let attempt = 0; ; attempt++) {
          try {
            const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', ...delivery });
            return response.status;
          } catch (error) {
            if (attempt > 100) {
              throw error;
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      };
      const signed = await signWebhook(sampleEvent, KEY);
      expect(await post(signed)).toBe(204);
      expect(await post(signed)).toBe(204); // a retry: acknowledged, not acted on again
      expect(await post({ ...signed, body: signed.body.replace('true', 'false') })).toBe(401);
      expect(await post(await signWebhook(sampleEvent, 'another key'))).toBe(401);
      const old = await signWebhook(sampleEvent, KEY, { timestamp: Math.floor(Date.now() / 1000) - 600 });
      expect(await post(old)).toBe(401);
      expect(stdout.match(/steered: true/g)).toHaveLength(1);
    } finally {
      child.kill();
    }
  }, 30_000);

  it('the Fetch API handler answers 204 to a signed delivery and 401 to a missing signature', async () => {
    process.env.NOX_API_KEY = KEY;
    const { POST } = (await import(pathToFileURL(await bundled('webhook-fetch')).href)) as {
      POST: (request: Request) => Promise<Response>;
    };
    const signed = await signWebhook(sampleEvent, KEY);
    const request = (headers: Record<string, string>) =>
      new Request('https://your-app.test/api/nox', { method: 'POST', headers, body: signed.body });
    expect((await POST(request(signed.headers))).status).toBe(204);
    const { [signature.signatureHeader]: _, ...unsigned } = signed.headers;
    expect((await POST(request(unsigned))).status).toBe(401);
    delete process.env.NOX_API_KEY;
  });
});
