import { describe, expect, it } from 'vitest';
import { initials } from './avatar';

describe('initials', () => {
  it.each([
    ['Amber Otter', 'AO'],
    ['alice', 'A'],
    ['  Bob   van   Dyke ', 'BD'],
    ['X', 'X'],
    ['R2 D2', 'RD'],
    ['', ''],
  ])('ASCII names: %j → %j', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });

  it.each([
    ['Émile Zola', 'ÉZ'],
    ['e\u0301mile', 'E\u0301'], // e + combining acute: one grapheme, kept whole
    ['a\u0301b', 'A\u0301'], // an ASCII letter followed by a combining mark is not taken alone
    ['👩‍💻 Dev', '👩‍💻D'],
    ['🇫🇷 Paris', '🇫🇷P'],
    ['東京 タワー', '東タ'],
    ['Zoë', 'Z'],
  ])('names past ASCII keep whole graphemes: %j → %j', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});
