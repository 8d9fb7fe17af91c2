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
