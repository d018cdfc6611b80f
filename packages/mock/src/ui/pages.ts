// The HTML of the mock's Authenticator UI: one small self-contained page (no external assets) per state.
import type { Choice } from '../spec/operations.js';
import { LANGUAGE_QUERY_PARAM, TOKEN_QUERY_PARAM } from '../spec/response-plan.js';
import { type Copy, copyFor } from './copy.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1d2733;margin:0}
main{max-width:28rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0001}
h1{font-size:1.4rem;margin-top:0}label{display:block;font-weight:600;margin:1rem 0 .3rem}
select,button{font:inherit;width:100%;padding:.6rem;border-radius:8px;border:1px solid #b8c2cc}
button{margin-top:1.2rem;background:#0b6e4f;color:#fff;border:0;cursor:pointer}
.error{color:#a01818}.notice{color:#5b6875;font-size:.85rem;margin-top:1.5rem}
main.wide{max-width:48rem}h2{font-size:1.1rem;margin-top:1.6rem}h3{font-size:1rem}
pre{background:#f4f6f8;padding:.8rem;border-radius:8px;overflow:auto;font-size:.85rem}
table{border-collapse:collapse}th,td{text-align:left;padding:.2rem 1rem .2rem 0;vertical-align:top}`;

/** A page of the mock: `wide` for the start page, whose commands need the room. */
export function layout(language: string, title: string, body: string, width: 'narrow' | 'wide' = 'narrow'): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main${width === 'wide' ? ' class="wide"' : ''}>
${body}
</main></body>
</html>
`;
}

export interface ConnectPage {
  language: string;
  token: string;
  ownerName: string;
  choices: Choice[];
  /** Pre-selected values, by field. */
  selected: Readonly<Record<string, unknown>>;
  actionPath: string;
  /** The field whose submitted value was not in the list, if any. */
  invalidField?: string;
}

function label(copy: Copy, field: string): string {
  return copy.fieldLabels[field] ?? field.replaceAll('_', ' ');
}

export function renderConnectPage(page: ConnectPage): string {
  const copy = copyFor(page.language);
  const selects = page.choices
    .map(({ field, values }) => {
      const chosen = page.selected[field];
      const options = values
        .map((value) => {
          const mark = value === chosen ? ' selected' : '';
          return `<option value="${escapeHtml(value)}"${mark}>${escapeHtml(value)}</option>`;
        })
        .join('');
      const placeholder = values.includes(chosen as string)
        ? ''
        : `<option value="" disabled selected>${escapeHtml(copy.placeholder)}</option>`;
      const id = `choice-${escapeHtml(field)}`;
      return `<label for="${id}">${escapeHtml(label(copy, field))}</label>
<select id="${id}" name="${escapeHtml(field)}" required>${placeholder}${options}</select>`;
    })
    .join('\n');
  const error = page.invalidField
    ? `<p class="error" role="alert">${escapeHtml(copy.invalidChoice(label(copy, page.invalidField).toLowerCase()))}</p>`
    : '';
  // Without a device to choose, the user connects their account.
  const intro = page.choices.length > 0 ? copy.intro(page.ownerName) : copy.introAccount(page.ownerName);
  return layout(
    page.language,
    copy.title,
    `<h1>${escapeHtml(copy.heading)}</h1>
<p>${escapeHtml(intro)}</p>
${page.choices.length > 0 ? `<p>${escapeHtml(copy.chooseHint)}</p>` : ''}
${error}
<form method="post" action="${escapeHtml(page.actionPath)}">
<input type="hidden" name="${TOKEN_QUERY_PARAM}" value="${escapeHtml(page.token)}">
<input type="hidden" name="${LANGUAGE_QUERY_PARAM}" value="${escapeHtml(page.language)}">
${selects}
<button type="submit">${escapeHtml(copy.connect)}</button>
</form>
<p class="notice">${escapeHtml(copy.notice)}</p>`,
  );
}

export type ErrorKind = 'expired' | 'used' | 'unknown';

/** `/ui` without a token: what the page is for and how to get a link to it. */
export function renderMissingTokenPage(language: string, homePath: string): string {
  const copy = copyFor(language);
  return layout(
    language,
    `${copy.missingTokenTitle} - NOX`,
    `<h1>${escapeHtml(copy.missingTokenTitle)}</h1>
<p data-hint="missing-token">${escapeHtml(copy.missingToken)}</p>
<p><a href="${escapeHtml(homePath)}">${escapeHtml(copy.startPage)}</a></p>
<p class="notice">${escapeHtml(copy.notice)}</p>`,
  );
}

export function renderErrorPage(language: string, kind: ErrorKind): string {
  const copy = copyFor(language);
  return layout(
    language,
    `${copy.errorTitle} - NOX`,
    `<h1>${escapeHtml(copy.errorTitle)}</h1>
<p class="error" data-error="${kind}">${escapeHtml(copy[kind])}</p>
<p class="notice">${escapeHtml(copy.notice)}</p>`,
  );
}
