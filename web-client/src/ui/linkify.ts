/**
 * Chat text with its web links clickable, built from text nodes only: a URL becomes an <a> only
 * when it parses as http: or https:, so `javascript:`, `data:` and the like stay text. Links open
 * in a new tab without handing it this page (`rel="noopener noreferrer"`).
 */
import { el } from './dom';

/** A run that may be a URL: a scheme, a colon, then no white space (trailing punctuation trimmed below). */
const CANDIDATE = /\b[a-z][a-z0-9+.-]*:[^\s<>"]+/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

/** Only these schemes are ever made clickable. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

export function linkified(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  let at = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const raw = match[0].replace(TRAILING, '');
    const href = safeHref(raw);
    if (!href) continue;
    if (start > at) out.append(document.createTextNode(text.slice(at, start)));
    out.append(el('a', { text: raw, attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }));
    at = start + raw.length;
  }
  if (at < text.length) out.append(document.createTextNode(text.slice(at)));
  return out;
}
