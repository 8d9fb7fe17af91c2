import { describe, expect, it } from 'vitest';
import { MAX_DOC_TEXT_BYTES } from '../protocol';
import { describeLimit, formatBytes, PROTOCOL_LIMITS, refusal, textBytes } from './doc-limits';

describe('measuring text', () => {
  it('counts UTF-8 bytes, emoji and combining marks included', () => {
    for (const s of ['', 'plain', 'café', 'e\u0301', '€', '👩‍👩‍👧', '🇫🇷 n\u0303 😀']) {
      expect(textBytes(s)).toBe(new TextEncoder().encode(s).length);
    }
  });

  it('the count of a text is the sum of the counts of its pieces, however it is cut', () => {
    const s = 'a😀b👩‍👩‍👧c';
    for (let cut = 0; cut <= s.length; cut++) {
      expect(textBytes(s.slice(0, cut)) + textBytes(s.slice(cut))).toBe(textBytes(s));
    }
  });
});

describe('judging growth against the caps', () => {
  const limits = { docText: 100, roomText: 250, docSaved: 1_000, roomSaved: 2_500 };

  it('refuses text past the document cap or the room cap, and history past either', () => {
    const room = { text: 200, saved: 1_500 };
    expect(refusal(limits, { text: 10, saved: 10 }, { text: 101, saved: 20 }, room)?.kind).toBe('document text');
    expect(refusal(limits, { text: 10, saved: 10 }, { text: 61, saved: 20 }, room)?.kind).toBe('room text');
    expect(refusal(limits, { text: 10, saved: 10 }, { text: 60, saved: 20 }, room)).toBeNull();
    expect(refusal(limits, { text: 10, saved: 10 }, { text: 10, saved: 1_001 }, room)?.kind).toBe('document history');
    expect(refusal(limits, { text: 10, saved: 10 }, { text: 10, saved: 1_000 }, { text: 0, saved: 1_600 })?.kind).toBe('room history');
  });

  it('never refuses what does not grow: a document over a cap can always be made smaller', () => {
    const over = { text: 500, saved: 500 };
    expect(refusal(limits, over, { text: 400, saved: 500 }, { text: 900, saved: 900 })).toBeNull();
  });

  it('says in words what is full', () => {
    expect(formatBytes(MAX_DOC_TEXT_BYTES)).toBe('256 KiB');
    expect(formatBytes(4 * 1024 * 1024)).toBe('4 MiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    const r = refusal(PROTOCOL_LIMITS, { text: 0, saved: 0 }, { text: MAX_DOC_TEXT_BYTES + 1, saved: 1 }, { text: 0, saved: 0 })!;
    expect(describeLimit(r, 'Notes')).toBe('Notes is full: a document holds at most 256 KiB of text. Delete some to make room.');
  });
});
