// Code samples for every operation, added to the spec as `x-codeSamples` (rendered by Redoc and by most
// other OpenAPI tools):
//   curl        built here from the operation's server, security scheme and request examples, so it
//               always sends what the spec documents; for a webhook, a test delivery of its example to your
//               receiver, signed by the recipe in the root `x-nox-webhook-signature`;
//   TypeScript  hand-written files in spec/code-samples/typescript/<operationId>.ts, type-checked
//               against @nox-energy/client by that package's test suite.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deref, operationsOf, webhookOperationsOf } from './operations.mjs';

/** The environment variable every sample reads the API key from. */
export const apiKeyVariable = 'NOX_API_KEY';
/** The environment variable the webhook samples read the receiver's URL from, and its default. */
export const webhookUrlVariable = 'NOX_WEBHOOK_URL';
export const defaultWebhookUrl = 'https://your-app.com/nox/webhooks';
/** The package the TypeScript samples import. */
export const clientPackage = '@nox-energy/client';

/**
 * @typedef {import('./operations.mjs').Operation} Operation
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 * @typedef {{ summary: string | undefined, value: unknown }} BodyExample
 */

/**
 * Quotes a string for a POSIX shell: single quotes, each inner `'` written as `'\''`.
 * @param {string} text
 */
export function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The operation's server URL (operation, then path item, then root `servers`), variables at their defaults.
 * @param {any} spec
 * @param {Operation} op
 */
function serverUrl(spec, op) {
  const server = (op.operation.servers ?? op.pathItem.servers ?? spec.servers ?? [])[0];
  if (!server) {
    throw new Error(`${op.operationId}: no server URL in the spec`);
  }
  return String(server.url).replace(/\{([^}]+)\}/g, (_match, /** @type {string} */ name) => {
    const value = server.variables?.[name]?.default;
    if (value === undefined) {
      throw new Error(`${op.operationId}: server variable {${name}} has no default`);
    }
    return value;
  });
}

/**
 * The example value of a parameter, from the parameter itself or its schema.
 * @param {any} spec
 * @param {any} parameter
 */
function parameterExample(spec, parameter) {
  if (parameter.example !== undefined) {
    return parameter.example;
  }
  const named = Object.values(parameter.examples ?? {}).map((example) => deref(spec, example).value);
  const schema = deref(spec, parameter.schema ?? {});
  return [...named, ...(schema.examples ?? []), schema.example].find((value) => value !== undefined);
}

/**
 * The request path with path parameters filled in and required query parameters appended, from their examples.
 * @param {any} spec
 * @param {Operation} op
 */
function requestPath(spec, op) {
  const parameters = [...(op.pathItem.parameters ?? []), ...(op.operation.parameters ?? [])].map((p) => deref(spec, p));
  const exampleOf = (/** @type {any} */ parameter) => {
    const value = parameterExample(spec, parameter);
    if (value === undefined) {
      throw new Error(`${op.operationId}: parameter ${parameter.name} has no example for the curl sample`);
    }
    return encodeURIComponent(String(value));
  };
  const path = op.path.replace(/\{([^}]+)\}/g, (_match, /** @type {string} */ name) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    if (!parameter) {
      throw new Error(`${op.operationId}: path parameter {${name}} is not declared`);
    }
    return exampleOf(parameter);
  });
  const query = parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${exampleOf(p)}`);
  return query.length ? `${path}?${query.join('&')}` : path;
}

/**
 * The curl options that authenticate the operation (its first security requirement).
 * @param {any} spec
 * @param {Operation} op
 * @returns {string[]}
 */
function authOptions(spec, op) {
  const requirement = (op.operation.security ?? spec.security ?? [])[0] ?? {};
  return Object.keys(requirement).map((name) => {
    const scheme = deref(spec, spec.components?.securitySchemes?.[name]);
    if (scheme?.type === 'apiKey' && scheme.in === 'header' && /^[A-Za-z0-9-]+$/.test(scheme.name)) {
      return `--header "${scheme.name}: $${apiKeyVariable}"`;
    }
    if (scheme?.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      return `--header "Authorization: Bearer $${apiKeyVariable}"`;
    }
    throw new Error(`${op.operationId}: security scheme ${name} is not supported by the curl sample`);
  });
}

/**
 * The JSON request body's media type and its examples (named examples first, else `example`).
 * @param {any} spec
 * @param {Operation} op
 * @returns {{ mediaType: string, examples: BodyExample[] } | undefined}
 */
function requestBodyExamples(spec, op) {
  if (!op.operation.requestBody) {
    return undefined;
  }
  const content = deref(spec, op.operation.requestBody).content ?? {};
  const mediaType = Object.keys(content).find((type) => /^application\/([a-z.+-]*\+)?json$/.test(type));
  if (!mediaType) {
    throw new Error(`${op.operationId}: the curl sample needs a JSON request body`);
  }
  const media = content[mediaType];
  /** @type {BodyExample[]} */
  const examples = Object.values(media.examples ?? {})
    .map((example) => deref(spec, example))
    .filter((example) => example.value !== undefined)
    .map((example) => ({ summary: example.summary, value: example.value }));
  if (!examples.length && media.example !== undefined) {
    examples.push({ summary: undefined, value: media.example });
  }
  if (!examples.length) {
    throw new Error(`${op.operationId}: the request body has no example to build the curl sample from`);
  }
  return { mediaType, examples };
}

/**
 * A curl sample of the operation: one command per request example, each headed by the example's summary.
 * @param {any} spec
 * @param {Operation} op
 * @returns {CodeSample}
 */
export function curlSample(spec, op) {
  const url = serverUrl(spec, op).replace(/\/+$/, '') + requestPath(spec, op);
  const base = [`curl --request ${op.method.toUpperCase()} ${shellQuote(url)}`, ...authOptions(spec, op)];
  const body = requestBodyExamples(spec, op);
  const commands = body
    ? body.examples.map(({ summary, value }) => {
        const lines = [
          ...base,
          `--header ${shellQuote(`content-type: ${body.mediaType}`)}`,
          `--data ${shellQuote(JSON.stringify(value, null, 2))}`,
        ];
        const heading = summary ? `# ${summary.replace(/\s+/g, ' ').trim()}\n` : '';
        return heading + lines.join(' \\\n  ');
      })
    : [base.join(' \\\n  ')];
  return { lang: 'Shell', label: 'curl', source: `${commands.join('\n\n')}\n` };
}

/**
 * A curl sample of a webhook: NOX's delivery of each request example to your receiver, with the headers NOX
 * sends and the signature computed in the shell (openssl) by the spec's `x-nox-webhook-signature` recipe.
 * @param {any} spec
 * @param {Operation} op
 * @returns {CodeSample}
 */
export function webhookCurlSample(spec, op) {
  const recipe = spec['x-nox-webhook-signature'];
  if (recipe?.algorithm !== 'HMAC-SHA256' || recipe.key !== 'api-key' || recipe.encoding !== 'hex') {
    throw new Error(
      `${op.operationId}: the webhook curl sample needs x-nox-webhook-signature (HMAC-SHA256, api-key, hex)`,
    );
  }
  const parts = String(recipe.signedContent)
    .split(/(\{(?:id|timestamp|body)\})/)
    .filter((part) => part !== '');
  const shellOf = { '{id}': '"$id"', '{timestamp}': '"$timestamp"', '{body}': '"$body"' };
  const format = parts.map((part) => (part in shellOf ? '%s' : part.replaceAll('%', '%%'))).join('');
  const args = parts
    .filter((part) => part in shellOf)
    .map((part) => shellOf[/** @type {keyof typeof shellOf} */ (part)]);
  const parameters = (op.operation.parameters ?? []).map((/** @type {any} */ p) => deref(spec, p));
  const idExample = parameterExample(
    spec,
    parameters.find(
      (/** @type {any} */ p) => p.in === 'header' && p.name.toLowerCase() === recipe.idHeader.toLowerCase(),
    ) ?? {},
  );
  if (idExample === undefined) {
    throw new Error(`${op.operationId}: header ${recipe.idHeader} has no example for the curl sample`);
  }
  const body = requestBodyExamples(spec, op);
  if (!body) {
    throw new Error(`${op.operationId}: a webhook needs a request body`);
  }
  const commands = body.examples.map(({ summary, value }) =>
    [
      `# ${(summary ?? 'Example').replace(/\s+/g, ' ').trim()}: a delivery as NOX signs it (the recipe is inferred)`,
      `id=${shellQuote(String(idExample))}`,
      `body=${shellQuote(JSON.stringify(value))}`,
      'timestamp=$(date +%s)',
      `signature="${recipe.prefix}$(printf ${shellQuote(format)} ${args.join(' ')} | openssl dgst -sha256 -hmac "$${apiKeyVariable}" -r | cut -d ' ' -f 1)"`,
      [
        `curl --request ${op.method.toUpperCase()} "\${${webhookUrlVariable}:-${defaultWebhookUrl}}"`,
        `--header "${recipe.idHeader}: $id"`,
        `--header "${recipe.timestampHeader}: $timestamp"`,
        `--header "${recipe.signatureHeader}: $signature"`,
        `--header ${shellQuote(`content-type: ${body.mediaType}`)}`,
        '--data "$body"',
      ].join(' \\\n  '),
    ].join('\n'),
  );
  return { lang: 'Shell', label: 'curl', source: `${commands.join('\n\n')}\n` };
}

/**
 * The TypeScript samples in `dir`, by operationId (the file name without `.ts`).
 * @param {string} dir
 * @returns {Map<string, string>}
 */
export function readTypeScriptSamples(dir) {
  const samples = new Map();
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.ts')) {
      samples.set(basename(file, '.ts'), readFileSync(join(dir, file), 'utf8'));
    }
  }
  return samples;
}

/**
 * What is wrong with a TypeScript sample of `op`, as messages (empty when nothing is). The type-check
 * against the client lives in the client's tests; this catches a sample filed under the wrong operation.
 * @param {string} source
 * @param {Operation} op
 * @param {boolean} [webhook] a webhook: the sample names its event type instead of calling a path
 * @returns {string[]}
 */
export function typeScriptSampleProblems(source, op, webhook = false) {
  const file = `typescript/${op.operationId}.ts`;
  const problems = [];
  // The package or one of its entry points (`/pagination`, `/webhooks`).
  if (!source.includes(`from '${clientPackage}'`) && !source.includes(`from '${clientPackage}/`)) {
    problems.push(`${file} does not import from '${clientPackage}'`);
  }
  if (webhook) {
    if (!source.includes(`'${op.path}'`)) {
      problems.push(`${file} does not name the event type '${op.path}' (the webhook ${op.operationId})`);
    }
  } else {
    const call = `.${op.method.toUpperCase()}('${op.path}'`;
    // A list may be walked with the client's paginator instead: `paginate(nox, '/v1/devices', ...)`.
    const paginated = op.method.toUpperCase() === 'GET' && source.includes(`paginate(nox, '${op.path}'`);
    if (!source.includes(call) && !paginated) {
      problems.push(`${file} does not call ${call}, ...) (the operation ${op.operationId})`);
    }
  }
  if (!source.includes(`process.env.${apiKeyVariable}`)) {
    problems.push(`${file} does not read the API key from process.env.${apiKeyVariable}`);
  }
  return problems;
}

/**
 * A copy of `spec` whose every operation and webhook carries `x-codeSamples` (curl, then TypeScript). Throws one
 * error listing every operation without a TypeScript sample, every sample without an operation and every
 * sample that calls another operation.
 * @param {any} spec
 * @param {Map<string, string>} typeScriptSamples
 * @returns {any}
 */
export function withCodeSamples(spec, typeScriptSamples) {
  const result = structuredClone(spec);
  const webhooks = webhookOperationsOf(result);
  const operations = [...operationsOf(result), ...webhooks];
  const problems = [];
  for (const op of operations) {
    const source = typeScriptSamples.get(op.operationId);
    if (source === undefined) {
      problems.push(`typescript/${op.operationId}.ts is missing (the sample of ${op.operationId})`);
      continue;
    }
    const webhook = webhooks.includes(op);
    problems.push(...typeScriptSampleProblems(source, op, webhook));
    const curl = webhook ? webhookCurlSample(result, op) : curlSample(result, op);
    op.operation['x-codeSamples'] = [curl, { lang: 'TypeScript', label: 'TypeScript', source }];
  }
  const known = new Set(operations.map((op) => op.operationId));
  for (const id of typeScriptSamples.keys()) {
    if (!known.has(id)) {
      problems.push(`typescript/${id}.ts names no operation of the spec`);
    }
  }
  if (problems.length) {
    throw new Error(`code samples (spec/code-samples):\n  ${problems.join('\n  ')}`);
  }
  return result;
}
