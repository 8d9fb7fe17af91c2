/**
 * Cuts Automerge sync messages into binary frames that fit the data channel, and puts them back
 * together (docs/protocol.md §2 "Documents", "Framing"). A sender sends the frames of one
 * message back to back, and the channel is ordered and reliable, so a receiver holds at most one
 * partial message per peer: that bounds what a peer can make us buffer.
 */
import {
  FRAME_FIXED_HEADER_BYTES,
  FRAME_KIND_SYNC,
  MAX_FRAME_BYTES,
  MAX_SYNC_MESSAGE_BYTES,
  isDocId,
} from '../protocol';

const ascii = new TextEncoder();
const asciiDecoder = new TextDecoder();

/** The frames of one sync message for document `docId`, each at most `frameBytes` long. */
export function frameSyncMessage(docId: string, message: Uint8Array, frameBytes: number): Uint8Array[] {
  if (!isDocId(docId)) throw new Error(`peerhub: bad document id ${docId}`);
  if (message.length === 0 || message.length > MAX_SYNC_MESSAGE_BYTES) {
    throw new Error(`peerhub: sync message of ${message.length} bytes cannot be framed`);
  }
  const id = ascii.encode(docId);
  const header = FRAME_FIXED_HEADER_BYTES + id.length;
  const room = Math.min(frameBytes, MAX_FRAME_BYTES) - header;
  if (room < 1) throw new Error(`peerhub: frames of ${frameBytes} bytes are too small`);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < message.length; offset += room) {
    const part = message.subarray(offset, Math.min(offset + room, message.length));
    const frame = new Uint8Array(header + part.length);
    const view = new DataView(frame.buffer);
    frame[0] = FRAME_KIND_SYNC;
    frame[1] = id.length;
    frame.set(id, 2);
    view.setUint32(2 + id.length, message.length);
    view.setUint32(6 + id.length, offset);
    frame.set(part, header);
    frames.push(frame);
  }
  return frames;
}

export type Reassembled =
  | { kind: 'message'; docId: string; message: Uint8Array }
  | { kind: 'partial' }
  | { kind: 'dropped'; reason: string };

/** One peer's incoming frames; feeds whole sync messages out. */
export class Reassembler {
  private current: { docId: string; buffer: Uint8Array; filled: number } | null = null;
  /** Set while the rest of a refused message is still arriving: its frames are skipped quietly. */
  private skipping: { docId: string; total: number } | null = null;

  constructor(private readonly maxMessageBytes = MAX_SYNC_MESSAGE_BYTES) {}

  push(frame: Uint8Array): Reassembled {
    if (frame.length < FRAME_FIXED_HEADER_BYTES + 1 || frame.length > MAX_FRAME_BYTES) {
      return this.drop(`frame of ${frame.length} bytes`);
    }
    if (frame[0] !== FRAME_KIND_SYNC) return this.drop(`unknown frame kind ${frame[0]}`);
    const idLength = frame[1]!;
    const header = FRAME_FIXED_HEADER_BYTES + idLength;
    if (idLength < 1 || idLength > 64 || frame.length <= header) return this.drop('bad frame header');
    const docId = asciiDecoder.decode(frame.subarray(2, 2 + idLength));
    if (!isDocId(docId)) return this.drop('bad document id');
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    const total = view.getUint32(2 + idLength);
    const offset = view.getUint32(6 + idLength);
    const part = frame.subarray(header);

    if (offset === 0) {
      this.skipping = null;
      if (this.current) {
        const lost = this.current.docId;
        this.current = null;
        console.warn(`peerhub: docs: unfinished sync message for ${lost} abandoned`);
      }
      if (total > this.maxMessageBytes) {
        this.skipping = { docId, total };
        return this.drop(`sync message of ${total} bytes is over the ${this.maxMessageBytes}-byte limit`);
      }
      if (part.length > total) return this.drop('frame longer than its message');
      if (part.length === total) return { kind: 'message', docId, message: part.slice() };
      const buffer = new Uint8Array(total);
      buffer.set(part);
      this.current = { docId, buffer, filled: part.length };
      return { kind: 'partial' };
    }

    if (this.skipping && this.skipping.docId === docId && this.skipping.total === total) {
      return { kind: 'partial' };
    }
    const current = this.current;
    if (!current || current.docId !== docId || current.buffer.length !== total || current.filled !== offset) {
      this.current = null;
      return this.drop(`out-of-order frame for ${docId} at ${offset}`);
    }
    if (offset + part.length > total) {
      this.current = null;
      return this.drop('frame runs past its message');
    }
    current.buffer.set(part, offset);
    current.filled += part.length;
    if (current.filled < total) return { kind: 'partial' };
    this.current = null;
    return { kind: 'message', docId, message: current.buffer };
  }

  private drop(reason: string): Reassembled {
    return { kind: 'dropped', reason };
  }
}
