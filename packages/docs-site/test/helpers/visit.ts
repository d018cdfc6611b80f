// Opens a page in Chromium and records what must not happen: a request to another origin (blocked), a
// Content-Security-Policy violation, an uncaught error.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export interface Visit {
  page: Page;
  context: BrowserContext;
  leftOrigin: string[];
  cspViolations: string[];
  pageErrors: string[];
}

export async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const origin = new URL(url).origin;
  const leftOrigin: string[] = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    const own = url.startsWith('file:') ? target.protocol === 'file:' : target.origin === origin;
    if (own || target.protocol === 'data:' || target.protocol === 'blob:') {
      return route.continue();
    }
    leftOrigin.push(target.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  return { page, context, leftOrigin, cspViolations, pageErrors };
}

/** The text a reader sees in `locator`: hidden elements are left out, unlike textContent. */
// biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText() is the rendered text on purpose.
export const visibleText = (locator: Locator) => locator.innerText();
