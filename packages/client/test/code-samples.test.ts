// The TypeScript samples shown in the docs (spec/code-samples/typescript) are compiled against this
// client, so a sample can never drift from the API.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const configPath = join(here, '../tsconfig.samples.json');
const samplesDir = join(here, '../../../spec/code-samples/typescript');

function diagnosticsOf(overrides: Record<string, string> = {}): string[] {
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath));
  const host = ts.createCompilerHost(parsed.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => overrides[file] ?? readFile(file);
  const program = ts.createProgram(parsed.fileNames, parsed.options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

// Each compile builds a TypeScript program: seconds on a quiet machine, more on a busy CI runner.
const COMPILE_TIMEOUT_MS = 90_000;

describe('docs code samples', () => {
  it('there is a TypeScript sample per operation and per webhook of the spec', async () => {
    type PathItems = Record<string, Record<string, { operationId?: string }>>;
    const spec = (await import('@nox-energy/docs/openapi.json', { with: { type: 'json' } })).default as unknown as {
      paths: PathItems;
      webhooks?: PathItems;
    };
    const ids = [...Object.values(spec.paths), ...Object.values(spec.webhooks ?? {})].flatMap((item) =>
      Object.values(item)
        .map((op) => op.operationId)
        .filter((id) => id !== undefined),
    );
    const files = readdirSync(samplesDir).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(ids.sort());
  });

  it(
    'every sample compiles against the client',
    () => {
      expect(diagnosticsOf()).toEqual([]);
    },
    COMPILE_TIMEOUT_MS,
  );

  it(
    'a sample that drifts from the API does not compile',
    () => {
      const file = join(samplesDir, 'createSupplierLinkSession.ts').replaceAll('\\', '/');
      const drifted = readFileSync(file, 'utf8').replace("asset_type: 'hp'", "asset_type: 'heat-pump'");
      expect(drifted).not.toBe(readFileSync(file, 'utf8'));
      const diagnostics = diagnosticsOf({ [file]: drifted });
      expect(diagnostics.join('\n')).toMatch(/heat-pump/);
    },
    COMPILE_TIMEOUT_MS,
  );
});
