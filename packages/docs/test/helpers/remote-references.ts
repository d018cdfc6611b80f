// Finds what in an HTML page would make a browser load something from another origin by itself: remote
// src/href/action attributes in the markup (except <a href>, a link the reader may follow), and remote
// src, url(...) or @import in inline scripts and styles. Remote `href` values in scripts are links Redoc
// renders; they are returned apart for the caller to judge.

const remote = '(?:https?:)?//';
const loadingAttributes = new Set(['src', 'srcset', 'action', 'poster', 'data', 'background', 'formaction']);

export interface RemoteReferences {
  /** Markup or script text that loads from another origin. */
  loads: string[];
  /** Remote URLs assigned to `href` inside scripts (rendered as links). */
  scriptLinks: string[];
}

export function remoteReferences(html: string): RemoteReferences {
  // Script and style contents are code, checked with the patterns below; the rest is markup.
  const code: string[] = [];
  const markup = html.replace(
    /(<(script|style)\b[^>]*>)([\s\S]*?)(<\/\2>)/gi,
    (_element, open: string, _name: string, body: string, close: string) => {
      code.push(body);
      return open + close;
    },
  );
  const loads: string[] = [];
  const isRemote = (value: string) => new RegExp(`^${remote}`, 'i').test(value);
  for (const [tag] of markup.matchAll(/<[a-z][^>]*>/gi)) {
    const isAnchor = /^<a\s/i.test(tag);
    for (const [, name = '', value = ''] of tag.matchAll(/\s([a-z-]+)\s*=\s*["']?([^"'\s>]*)/gi)) {
      const attribute = name.toLowerCase();
      if (isRemote(value) && (loadingAttributes.has(attribute) || (attribute === 'href' && !isAnchor))) {
        loads.push(tag);
      }
    }
  }
  const patterns = [
    new RegExp(String.raw`\b(?:src|srcset|action|poster)\s*[=:]\s*["'\x60]${remote}[^"'\x60]*`, 'gi'),
    // Case-sensitive: JavaScript's `new URL("https://" + host)` is not a CSS url().
    new RegExp(String.raw`\burl\(\s*["']?${remote}[^)]*\)`, 'g'),
    new RegExp(String.raw`@import\s+(?:url\()?\s*["']?${remote}[^;]*`, 'gi'),
  ];
  for (const pattern of patterns) {
    for (const text of code) {
      loads.push(...Array.from(text.matchAll(pattern), ([match]) => match));
    }
  }
  const link = new RegExp(String.raw`\bhref\s*[=:]\s*["'\x60](${remote}[^"'\x60]*)`, 'gi');
  const scriptLinks = code.flatMap((text) => Array.from(text.matchAll(link), (match) => String(match[1])));
  return { loads: [...new Set(loads)], scriptLinks: [...new Set(scriptLinks)] };
}
