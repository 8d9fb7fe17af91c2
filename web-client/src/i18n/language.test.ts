import { afterEach, describe, expect, it } from 'vitest';
import { chooseLanguage, chooseLocale, fixed, listWords, setLanguage, t, translate } from './index';

afterEach(() => setLanguage('en'));

describe('choosing the language from the browser', () => {
  it.each([
    [['de-AT', 'en'], 'de'],
    [['de'], 'de'],
    [['DE_ch'], 'de'],
    [['fr'], 'en'],
    [['fr-FR', 'de-DE', 'en'], 'de'],
    [['en-GB', 'de'], 'en'],
    [[], 'en'],
  ])('%j gives %s', (preferred, expected) => {
    expect(chooseLanguage(preferred)).toBe(expected);
  });

  it('formats in the browser\'s own tag for the chosen language', () => {
    expect(chooseLocale(['fr', 'de-AT', 'en'], 'de')).toBe('de-AT');
    expect(chooseLocale(['fr'], 'en')).toBe('en');
  });
});

describe('t', () => {
  it('is English until a page chooses, and fills placeholders', () => {
    expect(t('room.peerJoined', { name: 'Amber Otter' })).toBe('Amber Otter joined.');
    setLanguage('de');
    expect(t('room.peerJoined', { name: 'Amber Otter' })).toBe('Amber Otter ist da.');
    expect(translate('en', 'room.peerJoined', { name: 'A' })).toBe('A joined.');
  });

  it('picks the plural form by count', () => {
    expect(t('common.files', { count: 1 })).toBe('1 file');
    expect(t('common.files', { count: 3 })).toBe('3 files');
    setLanguage('de');
    expect(t('common.files', { count: 1 })).toBe('1 Datei');
    expect(t('common.files', { count: 0 })).toBe('0 Dateien');
  });

  it('puts a value in as it is, even one that looks like a placeholder', () => {
    expect(t('room.peerJoined', { name: '{count} <b>' })).toBe('{count} <b> joined.');
  });

  it('joins lists and decimals the language\'s way', () => {
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(fixed(12.25, 1)).toBe((12.25).toFixed(1));
    setLanguage('de', 'de-DE');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b und c');
    expect(fixed(12.5, 1)).toBe('12,5');
  });
});
