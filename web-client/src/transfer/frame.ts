/**
 * Chunk frames on a transfer data channel (docs/protocol.md "Transfer data channel"): a 12-byte
 * header (file index u32, byte offset u64, big-endian) and the bytes.
 */
import { CHUNK_HEADER_BYTES, DEFAULT_MAX_MESSAGE_SIZE, MAX_FRAME_BYTES } from '../protocol';

/** Largest frame (header included) for a connection whose SCTP transport allows `maxMessageSize`. */
export function frameBytesFor(maxMessageSize: number | null | undefined): number {
  // Infinity means "no limit" in the spec; 0, NaN or absent mean we cannot know.
  if (maxMessageSize === null || maxMessageSize === undefined || !(maxMessageSize > CHUNK_HEADER_BYTES)) {
    return DEFAULT_MAX_MESSAGE_SIZE;
  }
  return Math.min(Math.floor(maxMessageSize), MAX_FRAME_BYTES);
}

/** Bytes of file data that fit in one frame. */
export function chunkBytesFor(maxMessageSize: number | null | undefined): number {
  return frameBytesFor(maxMessageSize) - CHUNK_HEADER_BYTES;
}

/** Builds one frame; the one copy of the bytes a send needs. */
export function encodeFrame(file: number, offset: number, data: Uint8Array): ArrayBuffer {
  const frame = new Uint8Array(CHUNK_HEADER_BYTES + data.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint32(0, file);
  view.setBigUint64(4, BigInt(offset));
  frame.set(data, CHUNK_HEADER_BYTES);
  return frame.buffer;
}

/**
 * Builds a sender's frames in one buffer, reused: `RTCDataChannel.send` copies what it is given
 * before it returns, so a frame need not outlive the call. A new buffer per frame (encodeFrame)
 * was 18% of the sender's main thread in a 200 MiB profile (docs/benchmarks.md), nearly all of it
 * the allocation, not the copy.
 */
export class FrameWriter {
  private readonly buffer: Uint8Array<ArrayBuffer>;
  private readonly header: DataView;

  constructor(readonly chunkBytes: number) {
    this.buffer = new Uint8Array(CHUNK_HEADER_BYTES + chunkBytes);
    this.header = new DataView(this.buffer.buffer, 0, CHUNK_HEADER_BYTES);
  }

  /** The frame for `data` (at most chunkBytes) at `offset` of `file`: valid until the next call. */
  frame(file: number, offset: number, data: Uint8Array): Uint8Array<ArrayBuffer> {
    if (data.byteLength > this.chunkBytes) throw new RangeError(`chunk of ${data.byteLength} bytes, at most ${this.chunkBytes}`);
    this.header.setUint32(0, file);
    this.header.setBigUint64(4, BigInt(offset));
    this.buffer.set(data, CHUNK_HEADER_BYTES);
    return this.buffer.subarray(0, CHUNK_HEADER_BYTES + data.byteLength);
  }
}

export interface Frame {
  file: number;
  offset: number;
  /** A view into the frame's buffer (no copy). */
  data: Uint8Array;
}

/**
 * Reads a frame's header; null for a frame too short to hold a header and one byte, or whose
 * offset is past 2^53 − 1 (no file is that large, and JavaScript could not count it).
 */
export function decodeFrame(buffer: ArrayBuffer): Frame | null {
  if (buffer.byteLength <= CHUNK_HEADER_BYTES) return null;
  const view = new DataView(buffer);
  const offset = view.getBigUint64(4);
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return {
    file: view.getUint32(0),
    offset: Number(offset),
    data: new Uint8Array(buffer, CHUNK_HEADER_BYTES),
  };
}
