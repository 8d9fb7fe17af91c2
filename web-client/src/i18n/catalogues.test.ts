/**
 * Every catalogue says everything English says: the same keys, the same {placeholders}, plural
 * forms where English counts (one for each category the language's plural rules can select), and
 * every key a page's HTML names exists, with the page's English text exactly the catalogue's.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANGUAGES } from './index';
import { en } from './en';
import type { Message } from './types';
import { TRANSLATED_ATTRIBUTES } from './page';

const PAGES = ['index.html', 'room.html', 'offline.html', 'share.html'];

function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!)))].sort();
}

/** Problems of catalogue `other` measured against English, one line each. */
export function problems(lang: string, other: Record<string, Message>, source: Record<string, Message> = en): string[] {
  const out: string[] = [];
  for (const key of Object.keys(source)) {
    if (!(key in other)) out.push(`${lang}: missing ${key}`);
  }
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  for (const [key, message] of Object.entries(other)) {
    const english = source[key];
    if (english === undefined) {
      out.push(`${lang}: ${key} is not an English key`);
      continue;
    }
    if (typeof message === 'string' && message.trim() === '') out.push(`${lang}: ${key} is empty`);
    if ((typeof english === 'string') !== (typeof message === 'string')) {
      out.push(`${lang}: ${key} must ${typeof english === 'string' ? 'not ' : ''}have plural forms`);
    }
    if (typeof message !== 'string') {
      for (const category of categories) {
        if (message[category] === undefined) {
          out.push(`${lang}: ${key} lacks the plural form ${category}`);
        }
      }
    }
    for (const name of placeholders(english)) {
      if (!placeholders(message).includes(name)) out.push(`${lang}: ${key} lacks {${name}}`);
    }
    for (const name of placeholders(message)) {
      if (!placeholders(english).includes(name)) out.push(`${lang}: ${key} has {${name}}, which English does not fill`);
    }
  }
  return out;
}

interface Marked {
  page: string;
  key: string;
  /** The English the HTML carries there (the element's text, or the attribute's value). */
  english: string | null;
  where: string;
}

function decode(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every data-i18n* mark of a page, with the English beside it (a small reader for our own HTML). */
function marks(page: string): Marked[] {
  const html = readFileSync(resolve(import.meta.dirname, '../..', page), 'utf8');
  const out: Marked[] = [];
  for (const tag of html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/g)) {
    const [whole, name, rawAttrs] = tag;
    const attrs = new Map([...rawAttrs!.matchAll(/([a-z][a-z0-9-]*)(?:="([^"]*)")?/g)].map((a) => [a[1]!, decode(a[2] ?? '')]));
    const textKey = attrs.get('data-i18n');
    if (textKey !== undefined) {
      const after = html.slice(tag.index + whole.length);
      const text = /^([^<]*)<\/([a-z0-9]+)>/.exec(after);
      out.push({ page, key: textKey, english: text && text[2] === name ? decode(text[1]!) : null, where: `<${name} data-i18n="${textKey}">` });
    }
    for (const attribute of TRANSLATED_ATTRIBUTES) {
      const key = attrs.get(`data-i18n-${attribute}`);
      if (key !== undefined) out.push({ page, key, english: attrs.get(attribute) ?? null, where: `${attribute} of <${name}>` });
    }
    for (const [attr] of attrs) {
      if (attr.startsWith('data-i18n-') && !TRANSLATED_ATTRIBUTES.some((a) => attr === `data-i18n-${a}`)) {
        out.push({ page, key: `(unknown attribute ${attr})`, english: null, where: `<${name}>` });
      }
    }
  }
  return out;
}

describe('catalogues', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key, no other, and the same placeholders', (lang) => {
    expect(problems(lang, CATALOGUES[lang])).toEqual([]);
  });

  it('a catalogue that lacks a key, adds one, drops a placeholder or a plural fails the check', () => {
    const { 'landing.join': _gone, ...rest } = en;
    expect(problems('de', rest)).toEqual(['de: missing landing.join']);
    expect(problems('de', { ...en, 'landing.joinNow': 'Jetzt' })).toEqual(['de: landing.joinNow is not an English key']);
    expect(problems('de', { ...en, 'room.peerJoined': 'Jemand ist da.' })).toEqual(['de: room.peerJoined lacks {name}']);
    expect(problems('de', { ...en, 'room.peerJoined': '{nam} ist da.' })).toEqual([
      'de: room.peerJoined lacks {name}',
      'de: room.peerJoined has {nam}, which English does not fill',
    ]);
    expect(problems('de', { ...en, 'common.files': '{count} Dateien' })).toEqual(['de: common.files must have plural forms']);
    expect(problems('de', { ...en, 'common.files': { other: '{count} Dateien' } })).toEqual(['de: common.files lacks the plural form one']);
    expect(problems('pl', { ...en, 'common.files': { one: '{count} plik', other: '{count} pliku' } }).filter((p) => p.includes('common.files'))).toEqual([
      'pl: common.files lacks the plural form few',
      'pl: common.files lacks the plural form many',
    ]);
  });
});

describe.each(PAGES)('%s', (page) => {
  const found = marks(page);

  it('names only keys that exist, with the English the page shows', () => {
    expect(found.length).toBeGreaterThan(0);
    for (const mark of found) {
      expect(mark.key in en, `${page}: ${mark.where} names no key of en.ts`).toBe(true);
      expect(mark.english, `${page}: ${mark.where} must hold only its English text`).not.toBeNull();
      expect(en[mark.key as keyof typeof en], `${page}: ${mark.where}`).toBe(mark.english);
    }
  });

  it('leaves no words outside the catalogue', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../..', page), 'utf8')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style|svg)\b[\s\S]*?<\/\1>/g, '');
    const marked = new Set(found.map((m) => m.english));
    // Text between tags that is neither marked nor the product's name.
    const loose = [...html.matchAll(/>([^<]+)</g)].map((m) => decode(m[1]!).trim())
      .filter((text) => text !== '' && text !== 'Peerhub' && !marked.has(text));
    expect(loose).toEqual([]);
  });
});
