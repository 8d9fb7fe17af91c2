/**
 * A page's words at start-up: the language from navigator.languages, `<html lang>`, and the
 * skeleton's text in that language. The HTML carries English, and marks what is words with
 * `data-i18n="key"` (the element's text) or `data-i18n-<attribute>="key"` (aria-label,
 * placeholder, title, alt, content). Only text and attributes are set, never markup.
 */
import { chooseLanguage, chooseLocale, language, setLanguage, t, type Key } from './index';

/** The attributes a page may have translated: `data-i18n-aria-label` sets `aria-label`, and so on. */
export const TRANSLATED_ATTRIBUTES = ['aria-label', 'placeholder', 'title', 'alt', 'content'] as const;

/** Chooses the page's language from the browser's preferences and translates the page. */
export function startI18n(doc: Document = document): void {
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  const lang = chooseLanguage(preferred);
  setLanguage(lang, chooseLocale(preferred, lang));
  doc.documentElement.lang = language();
  translatePage(doc);
}

export function translatePage(root: ParentNode): void {
  for (const node of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n as Key);
  }
  for (const attribute of TRANSLATED_ATTRIBUTES) {
    for (const node of root.querySelectorAll<HTMLElement>(`[data-i18n-${attribute}]`)) {
      node.setAttribute(attribute, t(node.getAttribute(`data-i18n-${attribute}`) as Key));
    }
  }
}
