// The delivery log as a page of the mock's UI: plain server-rendered HTML in the UI's style, newest first.
import { escapeHtml, layout } from '../ui/pages.js';
import type { Delivery } from './dispatcher.js';

/** Rows shown: the page stays small whatever the log's cap. */
const MAX_ROWS = 200;

function attemptsCell(delivery: Delivery): string {
  if (delivery.attempts.length === 0) {
    return '-';
  }
  return delivery.attempts
    .map((attempt) => {
      const outcome = [attempt.status ?? 'no status', attempt.error].filter((part) => part !== null).join(', ');
      return `${attempt.attempt}. ${escapeHtml(String(outcome))} (${attempt.durationMs} ms)`;
    })
    .join('<br>');
}

export function renderDeliveriesPage(deliveries: readonly Delivery[], jsonPath: string): string {
  const rows = deliveries
    .slice(-MAX_ROWS)
    .reverse()
    .map(
      (delivery) => `<tr data-state="${escapeHtml(delivery.state)}">
<td>${escapeHtml(delivery.createdAt)}</td>
<td>${escapeHtml(delivery.type)}<br><small>${escapeHtml(delivery.webhookId)}</small></td>
<td>${escapeHtml(delivery.account)}<br><small>${escapeHtml(delivery.url)}</small></td>
<td>${attemptsCell(delivery)}</td>
<td><strong>${escapeHtml(delivery.state)}</strong>${delivery.reason ? `<br><small>${escapeHtml(delivery.reason)}</small>` : ''}${delivery.nextAttemptAt ? `<br><small>next ${escapeHtml(delivery.nextAttemptAt)}</small>` : ''}</td>
</tr>`,
    )
    .join('\n');
  const body =
    deliveries.length === 0
      ? '<p data-empty="deliveries">No webhook deliveries yet. Configure <code>accounts[].webhooks</code> and change a device (or trigger an event).</p>'
      : `<table>
<thead><tr><th>Created</th><th>Event</th><th>Receiver</th><th>Attempts</th><th>State</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return layout(
    'en',
    'Webhook deliveries - NOX mock',
    `<h1>Webhook deliveries</h1>
<p>Newest first${deliveries.length > MAX_ROWS ? `, the last ${MAX_ROWS} of ${deliveries.length}` : ''}. The same as JSON: <a href="${escapeHtml(jsonPath)}">${escapeHtml(jsonPath)}</a>. Reload to refresh.</p>
${body}
<p class="notice">A test control of the mock, not part of NOX's API.</p>`,
    'wide',
  );
}
