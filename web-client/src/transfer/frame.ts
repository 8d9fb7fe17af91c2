/**
 * Chunk frames on a transfer data channel (docs/protocol.md "Transfer data channel"): a 12-byte
 * header (file index u32, byte offset u64, big-endian) and the bytes.
 */
import { FRAME_HEADER_BYTES, MAX_FRAME_BYTES } from '../protocol';

/**
 * Used when the connection does not say (`pc.sctp` missing): 64 KiB crosses every SCTP stack
 * we know of, including older ones without large-message support.
 */
const FALLBACK_FRAME_BYTES = 65_536;

/** Largest frame (header included) for a connection whose SCTP transport allows `maxMessageSize`. */
export function frameBytesFor(maxMessageSize: number | null | undefined): number {
  // Infinity means "no limit" in the spec; 0, NaN or absent mean we cannot know.
  if (maxMessageSize === null || maxMessageSize === undefined || !(maxMessageSize > FRAME_HEADER_BYTES)) {
    return FALLBACK_FRAME_BYTES;
  }
  return Math.min(Math.floor(maxMessageSize), MAX_FRAME_BYTES);
}

/** Bytes of file data that fit in one frame. */
export function chunkBytesFor(maxMessageSize: number | null | undefined): number {
  return frameBytesFor(maxMessageSize) - FRAME_HEADER_BYTES;
}

/** Builds one frame; the one copy of the bytes a send needs. */
export function encodeFrame(file: number, offset: number, data: Uint8Array): ArrayBuffer {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + data.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint32(0, file);
  view.setBigUint64(4, BigInt(offset));
  frame.set(data, FRAME_HEADER_BYTES);
  return frame.buffer;
}

export interface Frame {
  file: number;
  offset: number;
  /** A view into the frame's buffer (no copy). */
  data: Uint8Array;
}

/** Reads a frame's header; null for a frame too short to hold a header and one byte. */
export function decodeFrame(buffer: ArrayBuffer): Frame | null {
  if (buffer.byteLength <= FRAME_HEADER_BYTES) return null;
  const view = new DataView(buffer);
  const offset = view.getBigUint64(4);
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return {
    file: view.getUint32(0),
    offset: Number(offset),
    data: new Uint8Array(buffer, FRAME_HEADER_BYTES),
  };
}
