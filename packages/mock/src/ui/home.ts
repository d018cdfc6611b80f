// The mock's start page (`GET /`): what this server is, the base URL of each API, the keys to call it with and
// a curl that starts a link flow. Everything API-specific comes from the spec: the base paths (servers), the key
// header (securitySchemes), the operations that start a link flow and their request examples.
import { escapeHtml, layout } from './pages.js';

export interface HomeApi {
  name: string;
  url: string;
}

export interface HomeAccount {
  role: string;
  name: string;
  /** Only for the public demo accounts; a configured account's key is never shown. */
  apiKey?: string;
}

export interface HomeLinkFlow {
  operationId: string;
  role: string;
  method: string;
  url: string;
  keyHeader: string;
  contentType: string;
  /** The operation's first request example from the spec. */
  example: unknown;
  /** The response field holding the link to the Authenticator UI. */
  linkField: string | undefined;
}

/** A list of the world to try after a link: a paginated read of the spec. */
export interface HomeList {
  operationId: string;
  role: string;
  /** The list's URL with a small page size. */
  url: string;
  keyHeader: string;
}

export interface HomePage {
  title: string;
  version: string;
  apis: HomeApi[];
  uiUrl: string;
  keyHeader: string | undefined;
  accounts: HomeAccount[];
  demo: boolean;
  redirectUrls: string[];
  linkFlows: HomeLinkFlow[];
  /** The world's lists (the first is shown as a curl). */
  lists: HomeList[];
  /** Where the test controls are. */
  controlsUrl: string;
}

/** `text` as one single-quoted shell word. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** A curl command that sends the flow's example with the role's demo key (or a placeholder for it). */
export function linkFlowCurl(flow: HomeLinkFlow, apiKey: string | undefined): string {
  return [
    `curl -sS -X ${flow.method.toUpperCase()} ${shellQuote(flow.url)}`,
    `  -H ${shellQuote(`${flow.keyHeader}: ${apiKey ?? `<your ${flow.role} API key>`}`)}`,
    `  -H ${shellQuote(`content-type: ${flow.contentType}`)}`,
    `  -d ${shellQuote(JSON.stringify(flow.example))}`,
  ].join(' \\\n');
}

function listCurl(page: HomePage): string {
  const [list] = page.lists;
  if (!list) {
    return '';
  }
  const key = page.accounts.find((account) => account.role === list.role)?.apiKey;
  const curl = `curl -sS ${shellQuote(list.url)} \\\n  -H ${shellQuote(`${list.keyHeader}: ${key ?? `<your ${list.role} API key>`}`)}`;
  return `<pre data-list-curl="${escapeHtml(list.operationId)}">${escapeHtml(curl)}</pre>`;
}

export function renderHomePage(page: HomePage): string {
  const apis = page.apis
    .map((api) => `<tr><th scope="row">${escapeHtml(api.name)}</th><td><code>${escapeHtml(api.url)}</code></td></tr>`)
    .join('\n');
  const header = page.keyHeader ? `<code>${escapeHtml(page.keyHeader)}</code>` : 'the API key';
  const accounts = page.accounts
    .map(
      (account) =>
        `<tr><th scope="row">${escapeHtml(account.role)}</th><td>${escapeHtml(account.name)}</td>` +
        `<td>${account.apiKey ? `<code data-key="${escapeHtml(account.role)}">${escapeHtml(account.apiKey)}</code>` : 'not shown'}</td></tr>`,
    )
    .join('\n');
  const keysIntro = page.demo
    ? `The public demo accounts (send the key in the ${header} header):`
    : `The accounts of the configuration file (send an account's key in the ${header} header; keys are not shown):`;
  const linkField = page.linkFlows.find((flow) => flow.linkField)?.linkField;
  const uiLink = linkField ? `a link session's <code>${escapeHtml(linkField)}</code>` : "a link session's link";
  const flows = page.linkFlows
    .map((flow) => {
      const key = page.accounts.find((account) => account.role === flow.role)?.apiKey;
      const link = flow.linkField ? `<code>${escapeHtml(flow.linkField)}</code> of the answer` : 'link in the answer';
      return `<h3><code>${escapeHtml(flow.operationId)}</code> (${escapeHtml(flow.role)})</h3>
<pre data-curl="${escapeHtml(flow.operationId)}">${escapeHtml(linkFlowCurl(flow, key))}</pre>
<p>Then open the ${link} in a browser, choose and press Connect: the browser goes to the request's redirect URL
with the link-completed callback.</p>`;
    })
    .join('\n');
  return layout(
    'en',
    `NOX mock server - ${page.title}`,
    `<h1>NOX mock server</h1>
<p>A local, stateful stand-in for the ${escapeHtml(page.title)} (spec version ${escapeHtml(page.version)}), served
from its OpenAPI description: it checks each request against the spec and answers as the spec describes. No real
account or device is connected, and nothing is sent to NOX.</p>
<h2>API base URLs</h2>
<table>
${apis}
</table>
<p>The Authenticator UI, where ${uiLink} leads: <code>${escapeHtml(page.uiUrl)}</code></p>
<h2>Keys</h2>
<p>${keysIntro}</p>
<table>
${accounts}
</table>
<p>Allowed redirect URLs: ${page.redirectUrls.map((url) => `<code>${escapeHtml(url)}</code>`).join(', ')}</p>
<h2>Start a link flow</h2>
${flows || '<p>The spec has no operation that starts a link flow.</p>'}
<h2>After a link</h2>
<p>Completing a link creates the NOX user and the device in the mock's world (start it with
<code>--devices &lt;n&gt; --seed &lt;s&gt;</code> for a demo fleet); every other operation answers from that world.</p>
${listCurl(page)}
<p>Test controls, not part of NOX's API (loopback or an admin token): <code>GET ${escapeHtml(page.controlsUrl)}/world</code>,
<code>POST ${escapeHtml(page.controlsUrl)}/devices/&lt;id&gt;/state</code>, <code>/clock</code>, <code>/reset</code>,
<code>/webhooks/trigger</code>. Webhook deliveries: <a href="${escapeHtml(page.controlsUrl)}/ui/webhooks">${escapeHtml(page.controlsUrl)}/ui/webhooks</a>
(JSON: <code>GET ${escapeHtml(page.controlsUrl)}/webhooks/deliveries</code>).</p>
<p class="notice">Stop the server with Ctrl+C in its terminal (or by ending the command that started it).</p>`,
    'wide',
  );
}
