#!/usr/bin/env node
// Generates src/generated/ from the bundled spec (@nox-energy/docs/openapi.json):
//   spec.ts                     the servers, the host of each path, header names and callback limits;
//   callback-validators.js/.d.ts standalone ajv validators of the callback payloads, so the client
//                               validates at run time with no dependency but openapi-fetch;
//   pagination.ts               the paginated operations (x-nox-pagination): where items and tokens are;
//   webhooks.ts                 the webhook signing recipe (x-nox-webhook-signature) and the event types.
// Output is deterministic: the same spec gives the same bytes. The spec is read through @nox-energy/spec-reader.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  deref,
  pointerTokens,
  readOperations,
  readServers,
  readWebhookSignature,
  readWebhooks,
} from '@nox-energy/spec-reader';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '../src/generated');
const spec = JSON.parse(readFileSync(require.resolve('@nox-energy/docs/openapi.json'), 'utf8'));
const banner = '// Generated from the NOX Energy OpenAPI spec by packages/client/scripts/generate.mjs. Do not edit.\n';

// The spec's structure comes from the shared spec reader (its built dist: turbo builds it before `generate`).
const serverList = readServers(spec);
const operations = readOperations(spec);

// Servers, grouped by the API they belong to (x-nox-api) and the environment they serve (x-nox-environment).
const servers = serverList.byApi;

const pathApis = {};
const apiKeyHeaders = new Set();
const requestIdHeaders = new Set();
const callbacks = {};
const validationStatuses = new Set();
const paginated = {};
for (const op of operations) {
  pathApis[op.path] ??= op.api;
  for (const response of op.responses) {
    // The Package API's FastAPI-style validation error: the client reads it field by field.
    if (Object.values(response.content).some((schema) => schema?.$ref === '#/components/schemas/HTTPValidationError')) {
      validationStatuses.add(Number(response.status));
    }
  }
  if (op.pagination) {
    if (op.method !== 'get' || paginated[op.path]) {
      throw new Error(`${op.operationId}: the client pages through one GET per path only`);
    }
    const { items, nextToken, tokenParameter, limitParameter, limit } = op.pagination;
    paginated[op.path] = {
      operationId: op.operationId,
      items: pointerTokens(items),
      nextToken: pointerTokens(nextToken),
      tokenParameter,
      limitParameter,
      defaultLimit: limit.default ?? limit.maximum ?? null,
      maxLimit: limit.maximum ?? null,
    };
  }
  for (const scheme of op.security) {
    apiKeyHeaders.add(scheme.header);
  }
  for (const response of op.responses) {
    for (const [name, header] of Object.entries(response.headers)) {
      if (header.ref === '#/components/headers/RequestId') {
        requestIdHeaders.add(name);
      }
    }
  }
  for (const callback of op.callbacks.filter((item) => item.method === 'get')) {
    for (const parameter of callback.parameters) {
      const schema = parameter.schema;
      if (schema?.contentEncoding === 'base64url' && schema.contentSchema?.$ref) {
        const name = schema.contentSchema.$ref.split('/').at(-1);
        // The payload's own fields: decoding returns these and nothing else a crafted payload adds.
        const properties = deref(spec, schema.contentSchema).properties;
        if (!properties || typeof properties !== 'object') {
          throw new Error(`callback payload ${name} must list its properties`);
        }
        callbacks[name] = {
          parameter: parameter.name,
          maxLength: schema.maxLength,
          pattern: schema.pattern,
          fields: Object.keys(properties),
        };
      }
    }
  }
}
const only = (set, what) => {
  if (set.size !== 1) {
    throw new Error(`expected exactly one ${what}, found ${[...set].join(', ') || 'none'}`);
  }
  return [...set][0];
};

const json = (value) => JSON.stringify(value, null, 2).replaceAll('"', "'");
const specTs = `${banner}
/** Server base URLs by API and environment. */
export const servers = ${json(servers)} as const;

/** The API each path belongs to. */
export const pathApis = ${json(pathApis)} as const;

/** Header that carries the API key. */
export const apiKeyHeader = '${only(apiKeyHeaders, 'API key header')}';

/** Response header that carries the server's request id. */
export const requestIdHeader = '${only(requestIdHeaders, 'request id header')}';

/** Statuses whose body is the Package API's validation error (\`detail[]\` of loc, msg, type). */
export const validationErrorStatuses = ${JSON.stringify([...validationStatuses].sort((a, b) => a - b))} as const;

/** The callback payloads: query parameter, its largest accepted length, its alphabet and the payload's fields. */
export const callbackPayloads = ${json(callbacks)} as const;
`;

// Standalone validators. Each payload schema gets the component schemas it reaches as $defs, with
// annotations (descriptions, examples, x-nox hints) left out: they do not validate and would only add size.
const annotations = new Set(['description', 'title', 'examples', 'example', 'default']);
const prune = (node) => {
  if (Array.isArray(node)) {
    return node.map(prune);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const kept = Object.entries(node).filter(([key]) => !annotations.has(key) && !key.startsWith('x-'));
  return Object.fromEntries(
    kept.map(([key, value]) =>
      key === '$ref' ? [key, value.replace('#/components/schemas/', '#/$defs/')] : [key, prune(value)],
    ),
  );
};
const reachableDefs = (name) => {
  const found = new Map();
  const visit = (defName) => {
    if (found.has(defName)) {
      return;
    }
    const schema = prune(spec.components.schemas[defName]);
    found.set(defName, schema);
    for (const [, ref] of JSON.stringify(schema).matchAll(/"\$ref":"#\/\$defs\/([^"]+)"/g)) {
      visit(ref);
    }
  };
  visit(name);
  return Object.fromEntries([...found].sort(([a], [b]) => a.localeCompare(b)));
};
// Ajv's draft-07 class: for these payload schemas it validates as 2020-12 does ($ref applies with its
// siblings in Ajv 8), and its code carries none of the 2020 class's run-time bookkeeping for
// unevaluated*/$dynamicRef. strictSchema makes generation fail on any keyword it does not know (a
// 2020-only one such as prefixItems included), so nothing is silently left unchecked.
const ajv = new Ajv({
  code: { source: true, esm: true, lines: true },
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allErrors: true,
  discriminator: true,
  // Count string length in UTF-16 units so the standalone code needs no ajv runtime import.
  unicode: false,
  logger: false,
});
const exportNames = {};
for (const name of Object.keys(callbacks).sort()) {
  ajv.addSchema({ $id: `nox:${name}`, $ref: `#/$defs/${name}`, $defs: reachableDefs(name) });
  exportNames[`validate${name}`] = `nox:${name}`;
}
// Left out of each issue, to keep the client small: schemaPath, the message of a missing property (the
// client names it from params.missingProperty) and an enum's allowedValues. Checked, so that a change in Ajv's output cannot slip by.
const validatorsJs = standaloneCode(ajv, exportNames)
  .replace(/schemaPath: ?"[^"]*",/g, '')
  .replace(/(keyword: ?"required", ?params: ?\{[^}]*\}), ?message: ?"[^"]*" ?\+ ?"[^"]*" ?\+ ?"'"/g, '$1')
  // The enum's values are in the code's comparisons already; the client does not list them in issues.
  .replace(/allowedValues: ?schema\d+\.enum/g, '');
if (/schemaPath|required property|allowedValues/.test(validatorsJs)) {
  throw new Error('standalone validators: a schemaPath, required message or allowedValues left in the code');
}
if (/\brequire\(|\bfrom\s+['"]/.test(validatorsJs)) {
  throw new Error('standalone validators must not import anything at run time');
}
const validatorsDts = `${banner}
export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}
export interface Validator {
  (data: unknown): boolean;
  errors?: ValidationIssue[] | null;
}
${Object.keys(exportNames)
  .map((name) => `export declare const ${name}: Validator;`)
  .join('\n')}
`;

// Pagination: keyed by path (one paginated GET per path); pointers as their tokens, so the types can walk them.
const paginationTs = `${banner}
/**
 * The paginated GET operations (\`x-nox-pagination\`): the items array and the next page's token in the 200
 * body (JSON Pointer tokens), the query parameters for the token and the page size, and the page size's
 * default and maximum from the limit parameter's schema.
 */
export const paginated = ${json(paginated)} as const;
`;

// Webhooks: the recipe in one object, the event types as a list (their payload types come from @nox-energy/types).
const recipe = readWebhookSignature(spec);
if (!recipe) {
  throw new Error('the spec has no x-nox-webhook-signature');
}
if (recipe.algorithm !== 'HMAC-SHA256' || recipe.encoding !== 'hex' || recipe.key !== 'api-key') {
  throw new Error(
    'the client verifies HMAC-SHA256 keyed with the API key, in hex: teach src/webhooks.ts the new recipe',
  );
}
const webhooksTs = `${banner}
/** How NOX signs a webhook delivery (\`x-nox-webhook-signature\`): HMAC-SHA256 keyed with the API key, hex. */
export const signature = ${json({
  signatureHeader: recipe.signatureHeader,
  timestampHeader: recipe.timestampHeader,
  idHeader: recipe.idHeader,
  prefix: recipe.prefix,
  signedContent: recipe.signedContent,
  toleranceSeconds: recipe.toleranceSeconds,
})} as const;

/** Every event type of the spec's \`webhooks\`. */
export const webhookEventTypes = ${json(readWebhooks(spec).map((hook) => hook.eventType))} as const;
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'pagination.ts'), paginationTs);
writeFileSync(join(outDir, 'webhooks.ts'), webhooksTs);
writeFileSync(join(outDir, 'spec.ts'), specTs);
writeFileSync(
  join(outDir, 'callback-validators.js'),
  `${banner}/* eslint-disable */\n// @ts-nocheck\n${validatorsJs}\n`,
);
writeFileSync(join(outDir, 'callback-validators.d.ts'), validatorsDts);
console.log(`client: generated ${Object.keys(exportNames).length} callback validators and spec data`);
