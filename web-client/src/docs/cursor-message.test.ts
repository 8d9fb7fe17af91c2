import { describe, expect, it } from 'vitest';
import { isTitle, parseCursorMessage } from '../protocol';

describe('cursor messages', () => {
  it('a caret in a document, or no document, parses', () => {
    expect(parseCursorMessage('{"type":"cursor","doc":"notes","anchor":"2@ab12","head":"e"}')).toEqual({
      ok: true,
      value: { type: 'cursor', doc: 'notes', anchor: '2@ab12', head: 'e' },
    });
    expect(parseCursorMessage('{"type":"cursor","doc":null}')).toEqual({ ok: true, value: { type: 'cursor', doc: null } });
  });

  it('bad ids, bad cursors, other types, non-JSON and oversized messages are refused', () => {
    for (const raw of [
      '{"type":"cursor","doc":"../x","anchor":"e","head":"e"}',
      '{"type":"cursor","doc":"notes","anchor":"<img>","head":"e"}',
      '{"type":"cursor","doc":"notes","anchor":"e"}',
      '{"type":"chat","doc":"notes"}',
      'not json',
      JSON.stringify({ type: 'cursor', doc: 'notes', anchor: 'e', head: 'e', pad: 'x'.repeat(2_000) }),
    ]) {
      expect(parseCursorMessage(raw).ok).toBe(false);
    }
  });
});

describe('document titles', () => {
  it('are visible text of 1 to 100 code points', () => {
    expect(isTitle('Plan 📋')).toBe(true);
    expect(isTitle('😀'.repeat(100))).toBe(true);
    expect(isTitle('😀'.repeat(101))).toBe(false);
    expect(isTitle('   ')).toBe(false);
    expect(isTitle('a\u202Eb')).toBe(false);
    expect(isTitle(42)).toBe(false);
  });
});
