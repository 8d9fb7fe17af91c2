import { describe, expect, it } from 'vitest';
import { checkDisplayName, codePointLength, encodeChannelMessage } from './protocol';

// Which frames are read or refused, on every channel, is in protocol/vectors (run by
// src/vectors/vectors.test.ts, and by the Java side). Here: what the vectors cannot say.

describe('control channel encoding', () => {
  it('encoding refuses a message that would exceed 16 KiB once escaped', () => {
    // 4,000 control characters are a valid text but escape to \u0001 (6 bytes) each.
    expect(encodeChannelMessage({ type: 'chat', id: 'm', text: '\u0001'.repeat(4000), ts: 0 })).toBeNull();
    expect(encodeChannelMessage({ type: 'chat', id: 'm', text: 'ok', ts: 0 })).not.toBeNull();
  });
});

describe('display names', () => {
  it('are trimmed and counted in code points', () => {
    expect(checkDisplayName('  Amber Otter ')).toEqual({ ok: true, name: 'Amber Otter' });
    expect(codePointLength('🦦')).toBe(1);
    expect('🦦'.length).toBe(2);
  });

  it('64 emoji fit, 65 do not', () => {
    expect(checkDisplayName('🦦'.repeat(64)).ok).toBe(true);
    expect(checkDisplayName('🦦'.repeat(65))).toMatchObject({ ok: false, code: 'name-too-long' });
  });

  it('empty names and invisible characters are refused as bad-name', () => {
    expect(checkDisplayName('   ')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('Eve\u202Egnp.exe')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('A\u2028B')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('Tab\there')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('Zero\u200Bwidth')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(checkDisplayName('lone \uD800 surrogate')).toMatchObject({ ok: false, code: 'bad-name' });
  });

  it('emoji built from joiners and tag characters are names like any other', () => {
    expect(checkDisplayName('👩\u200D💻 Ada').ok).toBe(true);
    expect(checkDisplayName('👨\u200D👩\u200D👧').ok).toBe(true);
    expect(checkDisplayName('\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} Morag').ok).toBe(true);
  });
});
