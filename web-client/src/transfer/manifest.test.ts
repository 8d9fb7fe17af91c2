import { describe, expect, it } from 'vitest';
import { parseChannelMessage, type FileEntry, type TransferOfferMessage } from '../protocol';
import { OfferAssembler, encodeOffer } from './manifest';

const ID = 'tttttttttttttttttttttt';
const entries = (n: number, nameLength = 10): FileEntry[] =>
  Array.from({ length: n }, (_, i) => ({ path: ['folder', `${i}`.padStart(nameLength, 'x')], size: i, type: 'text/plain' }));
const decode = (text: string) => {
  const parsed = parseChannelMessage(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value as TransferOfferMessage;
};
const part = (over: Partial<TransferOfferMessage>): TransferOfferMessage => ({
  type: 'transfer-offer', id: ID, files: [], fileCount: 2, totalBytes: 3, part: 0, parts: 2, ...over,
});

describe('offer parts', () => {
  it('a small manifest goes in one part', () => {
    const parts = encodeOffer(ID, entries(3), 262_144)!;
    expect(parts).toHaveLength(1);
    expect(decode(parts[0]!)).toMatchObject({ fileCount: 3, totalBytes: 3, part: 0, parts: 1 });
  });

  it('a big manifest is split into parts that each fit, and reassemble to the same files', () => {
    const files = entries(5000, 40);
    const parts = encodeOffer(ID, files, 65_536)!;
    expect(parts.length).toBeGreaterThan(1);
    const assembler = new OfferAssembler();
    let result = null;
    for (const text of parts) {
      expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(65_536);
      result = assembler.add(decode(text));
    }
    expect(result?.ok).toBe(true);
    if (result?.ok) expect(result.value.files).toEqual(files);
  });

  it('a manifest that does not fit even in 64 parts cannot be offered', () => {
    expect(encodeOffer(ID, entries(10_000, 1000), 65_536)).toBeNull();
    expect(encodeOffer(ID, [], 65_536)).toBeNull();
  });
});

describe('offer assembly', () => {
  const a = { path: ['a'], size: 1, type: '' };
  const b = { path: ['b'], size: 2, type: '' };

  it('waits for every part, in any order', () => {
    const assembler = new OfferAssembler();
    expect(assembler.add(part({ part: 1, files: [b] }))).toBeNull();
    const done = assembler.add(part({ part: 0, files: [a] }));
    expect(done?.ok && done.value.files.map((f) => f.path[0])).toEqual(['a', 'b']);
  });

  it('parts that disagree on the count or total are refused', () => {
    const assembler = new OfferAssembler();
    assembler.add(part({ part: 0, files: [a] }));
    expect(assembler.add(part({ part: 1, files: [b], totalBytes: 4 }))?.ok).toBe(false);
  });

  it('a repeated part is refused', () => {
    const assembler = new OfferAssembler();
    assembler.add(part({ part: 0, files: [a] }));
    expect(assembler.add(part({ part: 0, files: [a] }))?.ok).toBe(false);
  });

  it('parts holding more files than announced are refused', () => {
    const assembler = new OfferAssembler();
    assembler.add(part({ part: 0, files: [a, b] }));
    expect(assembler.add(part({ part: 1, files: [b] }))?.ok).toBe(false);
  });

  it('parts that arrive more than 30 s apart start over', () => {
    const assembler = new OfferAssembler();
    assembler.add(part({ part: 0, files: [a] }), 0);
    expect(assembler.add(part({ part: 1, files: [b] }), 31_000)).toBeNull();
  });

  it('the whole manifest is validated once assembled (sizes must add up)', () => {
    const assembler = new OfferAssembler();
    assembler.add(part({ part: 0, files: [a], totalBytes: 5 }));
    const done = assembler.add(part({ part: 1, files: [b], totalBytes: 5 }));
    expect(done?.ok).toBe(false);
  });
});

describe('offer assembly under a flood', () => {
  it('keeps at most 16 unfinished offers per peer, forgetting the oldest', () => {
    const assembler = new OfferAssembler();
    const id = (n: number) => `${'o'.repeat(20)}${String(n).padStart(2, '0')}`;
    for (let n = 0; n < 17; n++) assembler.add(part({ id: id(n), part: 0, files: [{ path: ['a'], size: 1, type: '' }] }));
    // The first offer was forgotten: its second part now starts a fresh, incomplete offer.
    expect(assembler.add(part({ id: id(0), part: 1, files: [{ path: ['b'], size: 2, type: '' }] }))).toBeNull();
    // The newest is still there and completes.
    expect(assembler.add(part({ id: id(16), part: 1, files: [{ path: ['b'], size: 2, type: '' }] }))?.ok).toBe(true);
  });
});
