import { describe, expect, it } from 'vitest';
import { CHUNK_HEADER_BYTES, MAX_FRAME_BYTES } from '../protocol';
import { FrameWriter, chunkBytesFor, decodeFrame, encodeFrame, frameBytesFor } from './frame';

describe('chunk sizing', () => {
  it('uses the connection’s max message size, capped at 256 KiB', () => {
    expect(frameBytesFor(65_536)).toBe(65_536);
    expect(frameBytesFor(262_144)).toBe(262_144);
    expect(frameBytesFor(1_073_741_823)).toBe(MAX_FRAME_BYTES);
    expect(frameBytesFor(Infinity)).toBe(MAX_FRAME_BYTES);
  });

  it('falls back to 64 KiB when the connection does not say', () => {
    for (const unknown of [null, undefined, 0, NaN, -1, 12]) expect(frameBytesFor(unknown)).toBe(65_536);
  });

  it('leaves room for the 12-byte header in every chunk', () => {
    expect(chunkBytesFor(262_144)).toBe(262_144 - CHUNK_HEADER_BYTES);
    expect(chunkBytesFor(100_000)).toBe(100_000 - 12);
  });
});

// Which headers are read, written or refused is in protocol/vectors/chunks.json (src/vectors/).
describe('frame codec', () => {
  it('hands the bytes out as a view, without copying', () => {
    const buffer = encodeFrame(0, 0, new Uint8Array(1000));
    const decoded = decodeFrame(buffer)!;
    expect(decoded.data.buffer).toBe(buffer);
    expect(decoded.data.byteOffset).toBe(12);
  });

  it('a sender\'s reused frame is, each time, exactly what encodeFrame builds for that chunk', () => {
    const writer = new FrameWriter(8);
    const full = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const short = Uint8Array.from([9, 10, 11]);
    const first = writer.frame(2, 2 ** 40 + 5, full).slice();
    expect(first).toEqual(new Uint8Array(encodeFrame(2, 2 ** 40 + 5, full)));
    // A shorter last chunk: its frame ends with it, not with what the previous frame left behind.
    const second = writer.frame(3, 8, short);
    expect(second.byteLength).toBe(12 + 3);
    expect(new Uint8Array(second)).toEqual(new Uint8Array(encodeFrame(3, 8, short)));
    expect(decodeFrame(second.slice().buffer)).toMatchObject({ file: 3, offset: 8 });
  });

  it('refuses a chunk larger than its frame', () => {
    expect(() => new FrameWriter(4).frame(0, 0, new Uint8Array(5))).toThrow(RangeError);
  });
});
