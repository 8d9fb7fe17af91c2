import { describe, expect, it } from 'vitest';
import { isShareId, newShareId, sharedText } from './share-inbox';

describe('what a share carries', () => {
  it('joins title, text and link, without the repeats Android sends', () => {
    expect(sharedText(['Minutes', 'See https://a.example/x', 'https://a.example/x'])).toBe('Minutes\nSee https://a.example/x');
    expect(sharedText(['', '  ', null, undefined])).toBe('');
    expect(sharedText(['https://a.example', 'https://a.example'])).toBe('https://a.example');
  });

  it('an id is 24 hex characters, and nothing else passes for one', () => {
    const id = newShareId();
    expect(isShareId(id)).toBe(true);
    expect(newShareId()).not.toBe(id);
    for (const bad of ['', 'x'.repeat(24), id.toUpperCase(), id + '0', 42, null, '../' + id.slice(3)]) expect(isShareId(bad)).toBe(false);
  });
});
