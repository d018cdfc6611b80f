// Every curl example of NOX's Authenticator v2 pages, as NOX publishes them, replayed against the mock. Only what
// the docs leave for the reader to fill is changed: the host, the API key (`<api-key>`, `api_key_123`), a
// `<string>` placeholder where the field needs a URL, and `asset_type`, which the pages require but their
// examples leave out.
import { describe, expect, it } from 'vitest';
import { errorMessage, MANUFACTURER_KEY, post, SUPPLIER_KEY, spec, specAjv, startTestMock } from './helpers.js';

const NOX_HOST = 'https://auth.nox.energy/v2';

const EXAMPLES: Array<{ page: string; curl: string; expect: 201 | 400 }> = [
  {
    page: 'Create supplier link session (old version)',
    // The old page's brand spelling with a space: the spec accepts only the current hyphenated names.
    expect: 400,
    curl: `curl --request POST \\
  --url https://auth.nox.energy/v2/supplier/link-sessions \\
  --header 'Content-Type: application/json' \\
  --header 'x-api-key: <api-key>' \\
  --data '
{
  "user_id": "<string>",
  "redirect_url": "<string>",
  "brand": "alpha innotec",
  "language": "nl"
}
'`,
  },
  {
    page: 'Create supplier link session (new version)',
    expect: 201,
    curl: `curl --request POST \\
  --url https://auth.nox.energy/v2/supplier/link-sessions \\
  --header 'Content-Type: application/json' \\
  --header 'x-api-key: <api-key>' \\
  --data '
{
  "user_id": "supplier_user_id_123",
  "redirect_url": "https://your-app.com/callback",
  "language": "nl"
}
'`,
  },
  {
    page: 'Energy supplier integration guide',
    expect: 201,
    curl: `curl --request POST \\
  --url https://auth.nox.energy/v2/supplier/link-sessions \\
  --header 'Content-Type: application/json' \\
  --header 'x-api-key: api_key_123' \\
  --data '{
  "user_id": "supplier_user_id_123",
  "redirect_url": "https://your-app.com/callback",
  "language": "en"
}'`,
  },
  {
    page: 'Create manufacturer link session (version A)',
    expect: 201,
    curl: `curl --request POST \\
  --url https://auth.nox.energy/v2/manufacturer/link-sessions \\
  --header 'Content-Type: application/json' \\
  --header 'x-api-key: <api-key>' \\
  --data '
{
  "user_id": "<string>",
  "redirect_url": "<string>",
  "language": "nl"
}
'`,
  },
  {
    page: 'Create manufacturer link session (version B)',
    expect: 201,
    curl: `curl --request POST \\
  --url https://auth.nox.energy/v2/manufacturer/link-sessions \\
  --header 'Content-Type: application/json' \\
  --header 'x-api-key: <api-key>' \\
  --data '
{
  "user_id": "manufacturer_user_id_123",
  "redirect_url": "https://your-app.com/callback",
  "language": "nl"
}
'`,
  },
  {
    page: 'Create manufacturer device connection',
    expect: 201,
    curl: `curl --request POST \\
  --url https://auth.nox.energy/v2/manufacturer/device-connections \\
  --header 'Content-Type: application/json' \\
  --header 'x-api-key: <api-key>' \\
  --data '
{
  "user_id": "<string>"
}
'`,
  },
];

interface Curl {
  url: string;
  headers: Record<string, string>;
  data: string;
}

function parseCurl(command: string): Curl {
  const url = /--url (\S+)/.exec(command)?.[1] ?? '';
  const headers = Object.fromEntries(
    [...command.matchAll(/--header '([^:]+): ([^']*)'/g)].map((match) => [match[1] as string, match[2] as string]),
  );
  const data = /--data '([\s\S]*?)'/.exec(command)?.[1] ?? '';
  return { url, headers, data };
}

const mock = await startTestMock();

describe("NOX's curl examples against the mock", () => {
  it.each(EXAMPLES)('$page', async (example) => {
    const curl = parseCurl(example.curl);
    expect(curl.url.startsWith(NOX_HOST)).toBe(true);
    const path = curl.url.slice(NOX_HOST.length);
    const operation = spec.paths[path]?.post as Record<string, unknown>;
    const isSupplier = JSON.stringify(operation.security).includes('Supplier');

    const body = JSON.parse(curl.data) as Record<string, unknown>;
    if (body.redirect_url === '<string>') {
      body.redirect_url = 'https://your-app.com/callback';
    }
    if (isSupplier && body.asset_type === undefined) {
      body.asset_type = 'hp';
    }
    const headers = { ...curl.headers };
    delete headers['x-api-key'];
    const result = await post(mock, path, body, { key: isSupplier ? SUPPLIER_KEY : MANUFACTURER_KEY, headers });

    expect(result.status, result.text).toBe(example.expect);
    if (example.expect === 201) {
      const responses = operation.responses as Record<string, { content: Record<string, { schema: unknown }> }>;
      const schema = responses['201']?.content['application/json']?.schema as { $ref?: string } | undefined;
      const validate = specAjv.compile({ $ref: `spec${String(schema?.$ref)}` });
      expect(validate(result.json), JSON.stringify(validate.errors)).toBe(true);
      if (body.user_id !== undefined) {
        expect(Object.values(result.json)).toContain(body.user_id);
      }
    } else {
      expect(errorMessage(result)).toMatch(/^brand: "alpha innotec" is not allowed/);
    }
  });
});
