import { describe, expect, it, vi } from 'vitest';
import { MAX_FRAME_BYTES } from '../protocol';
import { frameSyncMessage, Reassembler } from './framing';

function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

describe('sync message framing', () => {
  it('a small message travels in one frame and comes back whole', () => {
    const frames = frameSyncMessage('notes', bytes(100), 65_536);
    expect(frames).toHaveLength(1);
    const result = new Reassembler().push(frames[0]!);
    expect(result).toEqual({ kind: 'message', docId: 'notes', message: bytes(100) });
  });

  it('a message larger than the channel takes is cut into frames no larger than the limit and reassembled', () => {
    const message = bytes(300_000);
    const frames = frameSyncMessage('abc_DEF-123', message, 16_384);
    expect(frames.length).toBeGreaterThan(18);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(16_384);
    const r = new Reassembler();
    const results = frames.map((f) => r.push(f));
    expect(results.slice(0, -1).every((x) => x.kind === 'partial')).toBe(true);
    const last = results.at(-1)!;
    expect(last.kind === 'message' && last.docId === 'abc_DEF-123' && sameBytes(last.message, message)).toBe(true);
  });

  it('frames are never larger than 256 KiB even when the channel says it takes more', () => {
    const frames = frameSyncMessage('notes', bytes(600_000), 1 << 30);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it('messages for different documents reassemble one after the other', () => {
    const r = new Reassembler();
    const a = frameSyncMessage('a', bytes(50_000, 1), 20_000);
    const b = frameSyncMessage('b', bytes(30_000, 2), 20_000);
    const out = [...a, ...b].map((f) => r.push(f)).flatMap((x) => (x.kind === 'message' ? [x] : []));
    expect(out.map((x) => x.docId)).toEqual(['a', 'b']);
    expect(sameBytes(out[0]!.message, bytes(50_000, 1)) && sameBytes(out[1]!.message, bytes(30_000, 2))).toBe(true);
  });
});

describe('hostile frames', () => {
  it('garbage, unknown kinds, bad ids and truncated headers are dropped with a reason', () => {
    const r = new Reassembler();
    expect(r.push(new Uint8Array([1, 2, 3])).kind).toBe('dropped');
    const frame = frameSyncMessage('notes', bytes(10), 1_000)[0]!;
    const unknownKind = frame.slice();
    unknownKind[0] = 9;
    expect(r.push(unknownKind)).toMatchObject({ kind: 'dropped', reason: expect.stringContaining('kind') });
    const badId = frame.slice();
    badId[2] = '/'.charCodeAt(0);
    expect(r.push(badId)).toMatchObject({ kind: 'dropped', reason: 'bad document id' });
    const zeroId = frame.slice();
    zeroId[1] = 0;
    expect(r.push(zeroId).kind).toBe('dropped');
  });

  it('a message announced over the limit is refused at its first frame and its other frames are skipped without buffering', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = new Reassembler(100_000);
    const frames = frameSyncMessage('notes', bytes(300_000), 65_536);
    expect(r.push(frames[0]!)).toMatchObject({ kind: 'dropped', reason: expect.stringContaining('over the') });
    for (const f of frames.slice(1)) expect(r.push(f).kind).toBe('partial');
    // The next good message goes through.
    expect(r.push(frameSyncMessage('notes', bytes(10), 1_000)[0]!).kind).toBe('message');
    warn.mockRestore();
  });

  it('a continuation frame with no start, or out of order, is dropped and the next message still arrives', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const r = new Reassembler();
    const frames = frameSyncMessage('notes', bytes(50_000), 20_000);
    expect(r.push(frames[1]!).kind).toBe('dropped');
    expect(r.push(frames[0]!).kind).toBe('partial');
    expect(r.push(frames[2]!).kind).toBe('dropped');
    const again = frames.map((f) => r.push(f));
    expect(again.at(-1)).toMatchObject({ kind: 'message', docId: 'notes' });
    warn.mockRestore();
  });

  it('a frame that claims more bytes than its message is dropped', () => {
    const frame = frameSyncMessage('notes', bytes(100), 1_000)[0]!;
    const view = new DataView(frame.buffer);
    view.setUint32(2 + 5, 10);
    expect(new Reassembler().push(frame).kind).toBe('dropped');
  });
});
