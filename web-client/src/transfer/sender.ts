/**
 * The sender's data phase on one `peerhub-file:<id>` channel: streams every file from the offset
 * the receiver holds as chunk frames and ends each file with `file-end`. The bytes and their
 * SHA-256 come from the offer's FileSource, shared with the offer's other receivers.
 *
 * Flow control is by events only: while `bufferedAmount` is above the high watermark we wait
 * for `bufferedamountlow` (threshold = low watermark); no timers, no per-megabyte handshakes.
 */
import { HIGH_WATERMARK, LOW_WATERMARK, type FileBytes } from '../protocol';
import type { SliceCursor, SourceReader } from './file-source';
import { FrameWriter } from './frame';

/** The channel refused a frame while still open: a transport fault, not the file's. */
export class ChannelSendError extends Error {
  constructor(override readonly cause: unknown) {
    super(`the data channel refused a frame: ${String(cause)}`);
  }
}

export class ChunkSender {
  private stopped = false;
  private drained: (() => void) | null = null;
  private cursor: SliceCursor | null = null;
  private readonly frames: FrameWriter;

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly reader: SourceReader,
    private readonly chunkBytes: number,
    /** Called after each frame is handed to the channel (bytes of file sent so far). */
    private readonly onSent: (file: number, bytes: number) => void,
  ) {
    this.frames = new FrameWriter(chunkBytes);
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATERMARK;
    channel.addEventListener('bufferedamountlow', () => this.wake());
    channel.addEventListener('close', () => this.stop());
  }

  /** Sends every file from what the receiver holds; resolves once the last `file-end` is queued. */
  async run(have: FileBytes[]): Promise<void> {
    const held = new Map(have.map((h) => [h.file, h.bytes]));
    const files = this.reader.files;
    for (let index = 0; index < files.length && !this.stopped; index++) {
      const start = Math.min(held.get(index) ?? 0, files[index]!.size);
      const cursor = this.reader.cursor(index, start);
      this.cursor = cursor;
      try {
        await this.sendFile(index, cursor, start);
        if (this.stopped) return;
        const sha256 = await cursor.digest();
        if (!this.send(JSON.stringify({ type: 'file-end', file: index, sha256 }))) return;
      } finally {
        cursor.close();
        this.cursor = null;
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.cursor?.close();
    this.wake();
  }

  private async sendFile(index: number, cursor: SliceCursor, start: number): Promise<void> {
    let offset = start;
    while (!this.stopped) {
      const bytes = await cursor.next();
      if (!bytes) return;
      for (let at = 0; at < bytes.length; at += this.chunkBytes) {
        if (this.channel.bufferedAmount > HIGH_WATERMARK) await this.drain();
        const chunk = bytes.subarray(at, Math.min(bytes.length, at + this.chunkBytes));
        if (!this.send(this.frames.frame(index, offset, chunk))) return;
        offset += chunk.length;
        this.onSent(index, offset);
      }
    }
  }

  /**
   * Hands one frame to the channel; false once the channel is going away. The receiver may close
   * it at any moment (a policy stop, a cancel), and the close event can trail the state change:
   * that is an end of the data phase, not a failure to read the file.
   */
  private send(data: string | Uint8Array<ArrayBuffer>): boolean {
    if (this.stopped || this.channel.readyState !== 'open') return false;
    try {
      if (typeof data === 'string') this.channel.send(data);
      else this.channel.send(data);
      return true;
    } catch (err) {
      if (this.channel.readyState !== 'open') {
        this.stop();
        return false;
      }
      throw new ChannelSendError(err);
    }
  }

  private drain(): Promise<void> {
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }

  private wake(): void {
    const resolve = this.drained;
    this.drained = null;
    resolve?.();
  }
}
