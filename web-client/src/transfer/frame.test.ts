import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, MAX_FRAME_BYTES } from '../protocol';
import { chunkBytesFor, decodeFrame, encodeFrame, frameBytesFor } from './frame';

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
    expect(chunkBytesFor(262_144)).toBe(262_144 - FRAME_HEADER_BYTES);
    expect(chunkBytesFor(100_000)).toBe(100_000 - 12);
  });
});

describe('frame codec', () => {
  it('writes the file index and offset big-endian, then the bytes', () => {
    const frame = new Uint8Array(encodeFrame(0x01020304, 0x0506070809, new Uint8Array([0xaa, 0xbb])));
    expect([...frame]).toEqual([1, 2, 3, 4, 0, 0, 0, 5, 6, 7, 8, 9, 0xaa, 0xbb]);
  });

  it('reads back what it wrote, up to offsets of 2^53 − 1', () => {
    const data = new Uint8Array([1, 2, 3]);
    for (const offset of [0, 1, 2 ** 32, Number.MAX_SAFE_INTEGER - 3]) {
      const decoded = decodeFrame(encodeFrame(7, offset, data))!;
      expect(decoded.file).toBe(7);
      expect(decoded.offset).toBe(offset);
      expect([...decoded.data]).toEqual([1, 2, 3]);
    }
  });

  it('refuses a frame with no bytes after the header, or a header cut short', () => {
    expect(decodeFrame(new ArrayBuffer(12))).toBeNull();
    expect(decodeFrame(new ArrayBuffer(5))).toBeNull();
  });

  it('refuses offsets JavaScript cannot count exactly', () => {
    const frame = new Uint8Array(13);
    new DataView(frame.buffer).setBigUint64(4, 2n ** 53n);
    expect(decodeFrame(frame.buffer)).toBeNull();
  });

  it('hands the bytes out as a view, without copying', () => {
    const buffer = encodeFrame(0, 0, new Uint8Array(1000));
    const decoded = decodeFrame(buffer)!;
    expect(decoded.data.buffer).toBe(buffer);
    expect(decoded.data.byteOffset).toBe(12);
  });
});
