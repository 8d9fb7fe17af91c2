/**
 * The receiver's data phase on one `peerhub-file:<id>` channel: checks every frame strictly
 * (the file in progress, exactly the next byte, never past the size), stages the bytes,
 * acknowledges what is written, and verifies each file on `file-end`.
 */
import {
  ACK_EVERY_BYTES,
  ACK_EVERY_MILLIS,
  parseFileChannelFrame,
  POLICY_HEAD_BYTES,
  type FileEndFrame,
  type FileEntry,
} from '../protocol';
import { markReceive } from '../test-hooks';
import { decodeFrame } from './frame';
import type { ReceivePhase } from './stage-messages';
import type { Staging } from './staging';

export interface ReceiverEvents {
  /** Bytes of `file` written to storage. */
  progress(file: number, bytes: number): void;
  /** `file` passed (sha256) or failed verification. */
  verified(file: number, ok: boolean, sha256: string): void;
  /** Every file has a result. */
  complete(): void;
  /** The sender broke the protocol or storage failed: the transfer must be cancelled. */
  broken(reason: string): void;
  /** A file's first bytes break the hub's policy (the words say how): nothing of them was staged. */
  refused(words: string): void;
}

/** Judges a file's first bytes; the refusal in words, or null. */
export type HeadCheck = (file: number, head: Uint8Array) => Promise<string | null>;

/** A file's first bytes, held back from storage until they are judged. */
interface HeldHead {
  bytes: Uint8Array;
  got: number;
  frames: { offset: number; data: ArrayBuffer; start: number }[];
}

export class ChunkReceiver {
  private file: number;
  private expected = 0;
  private opened = false;
  private lastAck = { bytes: 0, at: 0 };
  private inbox: Promise<void> = Promise.resolve();
  private dead = false;
  private head: HeldHead | null = null;
  private heard = false;

  constructor(
    private readonly channel: RTCDataChannel,
    /** Messages that arrived before this receiver existed, in order. */
    early: unknown[],
    private readonly files: FileEntry[],
    private readonly staging: Staging,
    /** Per file: bytes already held (0 for a new transfer); verified files are skipped. */
    private readonly held: number[],
    private readonly done: boolean[],
    private readonly events: ReceiverEvents,
    /** Without one, nothing is judged (the hub has no policy). */
    private readonly headCheck: HeadCheck | null = null,
    /** Where its steps are marked for benchmarks: a worker hands them to the page. */
    private readonly mark: (phase: ReceivePhase, file: number) => void = markReceive,
  ) {
    this.file = this.firstOpen(0);
    // Whoever held the early messages marked the first one's arrival.
    this.heard = early.length > 0;
    channel.binaryType = 'arraybuffer';
    staging.onWritten = (file, bytes) => this.written(file, bytes);
    staging.onError = (message) => this.fail(`storage: ${message}`);
    for (const data of early) this.arrived(data);
    channel.onmessage = (event: MessageEvent) => this.arrived(event.data);
  }

  private arrived(data: unknown): void {
    if (!this.heard) {
      this.heard = true;
      this.mark('first-frame', this.file);
    }
    // Only file-end comes as text from a sender: every byte of the file is here.
    if (typeof data === 'string') this.mark('end-arrived', this.file);
    this.enqueue(data);
  }

  private enqueue(data: unknown): void {
    this.inbox = this.inbox.then(() => (this.dead ? undefined : this.handle(data))).catch((err: unknown) => {
      this.fail(String(err));
    });
  }

  stop(): void {
    this.dead = true;
    this.channel.onmessage = null;
  }

  private firstOpen(from: number): number {
    let i = from;
    while (i < this.files.length && this.done[i]) i++;
    return i;
  }

  private async ensureOpen(): Promise<void> {
    if (this.opened || this.file >= this.files.length) return;
    this.opened = true;
    this.expected = await this.staging.open(this.file, this.held[this.file] ?? 0);
    this.lastAck = { bytes: this.expected, at: performance.now() };
    const size = this.files[this.file]!.size;
    // Bytes held from before a resume were judged before they were staged.
    this.head = this.headCheck && this.expected === 0 && size > 0
      ? { bytes: new Uint8Array(Math.min(POLICY_HEAD_BYTES, size)), got: 0, frames: [] }
      : null;
  }

  private async handle(data: unknown): Promise<void> {
    if (typeof data === 'string') {
      const frame = parseFileChannelFrame(data);
      if (!frame.ok) return this.fail(`bad text frame (${frame.reason})`);
      if (frame.value.type === 'file-end') return this.fileEnd(frame.value);
      return; // ack, file-result, transfer-done travel the other way; ignore.
    }
    if (!(data instanceof ArrayBuffer)) return this.fail('unexpected frame');
    const frame = decodeFrame(data);
    if (!frame) return this.fail('frame without bytes');
    await this.ensureOpen();
    const entry = this.files[this.file];
    if (!entry || frame.file !== this.file) return this.fail(`frame for file ${frame.file}, expected ${this.file}`);
    if (frame.offset !== this.expected) return this.fail(`frame at ${frame.offset}, expected ${this.expected}`);
    if (frame.offset + frame.data.byteLength > entry.size) return this.fail('frame runs past the file size');
    this.expected += frame.data.byteLength;
    if (this.head) return this.holdHead(this.head, frame.offset, frame.data, data);
    this.staging.write(this.file, frame.offset, data, frame.data.byteOffset);
  }

  /** Keeps the frame until the file's head is complete, then judges it before anything is staged. */
  private async holdHead(head: HeldHead, offset: number, bytes: Uint8Array, data: ArrayBuffer): Promise<void> {
    const take = Math.min(bytes.byteLength, head.bytes.length - head.got);
    head.bytes.set(bytes.subarray(0, take), head.got);
    head.got += take;
    head.frames.push({ offset, data, start: bytes.byteOffset });
    if (head.got < head.bytes.length) return;
    this.head = null;
    const words = await this.headCheck!(this.file, head.bytes);
    if (this.dead) return;
    if (words !== null) {
      this.stop();
      this.events.refused(words);
      return;
    }
    for (const f of head.frames) this.staging.write(this.file, f.offset, f.data, f.start);
  }

  private written(file: number, bytes: number): void {
    if (this.dead) return;
    this.events.progress(file, bytes);
    const now = performance.now();
    if (bytes - this.lastAck.bytes >= ACK_EVERY_BYTES || now - this.lastAck.at >= ACK_EVERY_MILLIS) {
      this.ack(file, bytes, now);
    }
  }

  private ack(file: number, bytes: number, now = performance.now()): void {
    this.lastAck = { bytes, at: now };
    this.sendText({ type: 'ack', file, bytes });
  }

  private async fileEnd(end: FileEndFrame): Promise<void> {
    const entry = this.files[end.file];
    if (!entry) return this.fail(`file-end for unknown file ${end.file}`);
    if (end.file !== this.file) {
      // A file verified before a reload is announced again on resume: answer from the record.
      if (this.done[end.file]) return;
      return this.fail(`file-end for ${end.file}, expected ${this.file}`);
    }
    await this.ensureOpen();
    if (this.expected !== entry.size) return this.fail(`file-end after ${this.expected} of ${entry.size} bytes`);
    const sha256 = await this.staging.finish(end.file);
    this.mark('staged', end.file);
    const ok = sha256 === end.sha256 && (entry.sha256 === undefined || entry.sha256 === sha256);
    if (!ok) await this.staging.discard(end.file);
    this.ack(end.file, entry.size);
    this.sendText({ type: 'file-result', file: end.file, ok, sha256 });
    this.done[end.file] = true;
    this.events.verified(end.file, ok, sha256);
    this.file = this.firstOpen(end.file + 1);
    this.opened = false;
    this.expected = 0;
    if (this.file >= this.files.length) this.events.complete();
  }

  private sendText(message: object): void {
    if (this.channel.readyState === 'open') this.channel.send(JSON.stringify(message));
  }

  private fail(reason: string): void {
    if (this.dead) return;
    this.stop();
    this.events.broken(reason);
  }
}
