/**
 * The sender's data phase on one `peerhub-file:<id>` channel: streams every file from the offset
 * the receiver holds as chunk frames, hashing as it goes, and ends each file with `file-end`.
 *
 * Flow control is by events only: while `bufferedAmount` is above the high watermark we wait
 * for `bufferedamountlow` (threshold = low watermark); no timers, no per-megabyte handshakes.
 * A few slice reads stay in flight so the disk never waits for the network or the reverse,
 * and a file is never read whole.
 */
import { HIGH_WATERMARK, LOW_WATERMARK, type FileBytes } from '../protocol';
import { encodeFrame } from './frame';
import { Sha256Worker } from './hasher';

/**
 * Slices being read while earlier ones are framed and sent. Reads are larger than chunks: each
 * Blob read is a round trip to the browser process, so fewer, larger reads leave more CPU for
 * sending (measured on 2 cores; see docs/benchmarks.md).
 */
const READS_IN_FLIGHT = 3;
const READ_BYTES = 2 * 1024 * 1024;

export class ChunkSender {
  private stopped = false;
  private drained: (() => void) | null = null;
  private readonly hasher = new Sha256Worker();

  constructor(
    private readonly channel: RTCDataChannel,
    private readonly files: File[],
    private readonly chunkBytes: number,
    /** Called after each frame is handed to the channel (bytes of file sent so far). */
    private readonly onSent: (file: number, bytes: number) => void,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATERMARK;
    channel.addEventListener('bufferedamountlow', () => this.wake());
    channel.addEventListener('close', () => this.stop());
  }

  /** Sends every file from what the receiver holds; resolves once the last `file-end` is queued. */
  async run(have: FileBytes[]): Promise<void> {
    const held = new Map(have.map((h) => [h.file, h.bytes]));
    try {
      for (let index = 0; index < this.files.length && !this.stopped; index++) {
        const file = this.files[index]!;
        const start = Math.min(held.get(index) ?? 0, file.size);
        // A resumed file is hashed from byte 0: the prefix is read again from the file.
        this.hasher.start(start > 0 ? file : undefined, start);
        await this.sendFile(index, file, start);
        if (this.stopped) return;
        const sha256 = await this.hasher.digest();
        if (this.stopped) return;
        this.channel.send(JSON.stringify({ type: 'file-end', file: index, sha256 }));
      }
    } finally {
      this.hasher.close();
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private async sendFile(index: number, file: File, start: number): Promise<void> {
    const reads: Promise<ArrayBuffer>[] = [];
    let next = start;
    const readMore = () => {
      while (reads.length < READS_IN_FLIGHT && next < file.size) {
        const end = Math.min(file.size, next + Math.max(READ_BYTES, this.chunkBytes));
        reads.push(file.slice(next, end).arrayBuffer());
        next = end;
      }
    };
    readMore();
    let offset = start;
    while (reads.length > 0 && !this.stopped) {
      const slice = await reads.shift()!;
      readMore();
      const bytes = new Uint8Array(slice);
      for (let at = 0; at < bytes.length; at += this.chunkBytes) {
        if (this.channel.bufferedAmount > HIGH_WATERMARK) await this.drain();
        if (this.stopped || this.channel.readyState !== 'open') return;
        const chunk = bytes.subarray(at, Math.min(bytes.length, at + this.chunkBytes));
        this.channel.send(encodeFrame(index, offset, chunk));
        offset += chunk.length;
        this.onSent(index, offset);
      }
      // Hashed after it was sent: the buffer moves to the worker without a copy.
      this.hasher.update(slice);
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
