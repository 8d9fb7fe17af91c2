/**
 * The page's language and its words: `t(key, params)` looks a sentence up in the catalogue of the
 * language chosen from the browser's preferences (English until a page chooses: tests and
 * workers get English), fills its {placeholders} and, where a `count` is given, picks the plural
 * form with Intl.PluralRules. Numbers, dates and lists are formatted for the same locale.
 *
 * Never called while a module loads, only when text is shown: the language is chosen by the
 * page's entry script, after its imports have run.
 */
import { de } from './de';
import { en } from './en';
import type { Catalogue, Key, Message, Params } from './types';

export type { Key, Params } from './types';

export const CATALOGUES = { en, de } as const satisfies Record<string, Catalogue>;
export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];
const FALLBACK: Language = 'en';

let current: Language = FALLBACK;
let formatLocale: string = FALLBACK;

/** The first of `preferred` (as navigator.languages orders them) we have a catalogue for, by primary subtag. */
export function chooseLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = primarySubtag(tag);
    if (isLanguage(primary)) return primary;
  }
  return FALLBACK;
}

/**
 * The locale to format numbers and dates in: the browser's own tag for the chosen language
 * ("de-AT" keeps Austrian dates, "en-GB" a 24-hour clock), or the bare language.
 */
export function chooseLocale(preferred: readonly string[], language: Language): string {
  const tag = preferred.find((t) => primarySubtag(t) === language);
  if (tag === undefined) return language;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? language;
  } catch {
    return language;
  }
}

export function setLanguage(language: Language, locale: string = language): void {
  current = language;
  formatLocale = locale;
  pluralRules.clear();
}

export function language(): Language {
  return current;
}

export function locale(): string {
  return formatLocale;
}

/** The sentence for `key` in the page's language. */
export function t(key: Key, params?: Params): string {
  return translate(current, key, params);
}

/** The sentence for `key` in `lang`: for words that leave this page (the wire speaks English). */
export function translate(lang: Language, key: Key, params?: Params): string {
  const message: Message = CATALOGUES[lang][key] ?? CATALOGUES[FALLBACK][key];
  const text = typeof message === 'string' ? message : pluralForm(lang, message, params?.count);
  return params ? fill(text, params) : text;
}

/** "a, b and c" with the language's own words for the last link. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return t('list.pair', { first: items.slice(0, -1).join(t('list.separator')), last: items.at(-1)! });
}

/** `value` with `digits` decimals, rounded as toFixed does, with the locale's decimal sign. */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  const sign = decimalSign();
  return sign === '.' ? text : text.replace('.', sign);
}

export function formatDate(date: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(formatLocale, options).format(date);
}

const pluralRules = new Map<Language, Intl.PluralRules>();

function pluralForm(lang: Language, forms: Exclude<Message, string>, count: string | number | undefined): string {
  if (typeof count !== 'number') return forms.other;
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return forms[rules.select(count)] ?? forms.other;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

function fill(text: string, params: Params): string {
  // A value is put in as it is, never read as a pattern: a name like "{count}" stays that name.
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Per locale: a NumberFormat is costly to make, and a transfer's progress asks several times a second. */
const decimalSigns = new Map<string, string>();

function decimalSign(): string {
  let sign = decimalSigns.get(formatLocale);
  if (sign === undefined) {
    try {
      sign = new Intl.NumberFormat(formatLocale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    } catch {
      sign = '.';
    }
    decimalSigns.set(formatLocale, sign);
  }
  return sign;
}

function primarySubtag(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

function isLanguage(value: string): value is Language {
  return Object.hasOwn(CATALOGUES, value);
}
