/**
 * Where a receiver keeps bytes until a file is verified: the origin-private file system
 * (written by a worker, never held in memory) or, where that is missing, memory.
 */
import { STAGED_DIR } from '../opfs-layout';
import { Sha256Worker } from './hasher';
import { markReceive } from '../test-hooks';
import type { FileEntry } from '../protocol';
import type { HeadCheck, ReceiverEvents } from './receiver';
import type { ReceiverReply, StageReply, StageRequest } from './stage-messages';

/** Above this, holding a file in memory may take the tab down: the user is warned. */
export const MEMORY_WARNING_BYTES = 512 * 1024 * 1024;

export interface Staging {
  /** Written bytes of `file` so far (for `ack`s); set by the owner. */
  onWritten: (file: number, bytes: number) => void;
  onError: (message: string) => void;
  /** Sizes already held per file (a resume continues from these). */
  held(count: number): Promise<number[]>;
  /** Starts (or continues) `file`, keeping its first `offset` bytes; returns the bytes held. */
  open(file: number, offset: number): Promise<number>;
  /** Writes the frame's bytes from `start` on; the frame buffer is handed over. */
  write(file: number, offset: number, frame: ArrayBuffer, start: number): void;
  /** Ends `file`; resolves with the SHA-256 of everything written to it. */
  finish(file: number): Promise<string>;
  /** The staged bytes of a finished file. */
  read(file: number): Promise<File>;
  discard(file: number): Promise<void>;
  /** Deletes everything staged for this transfer. */
  destroy(): Promise<void>;
}

export function opfsAvailable(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function'
    && typeof Worker !== 'undefined';
}

export class OpfsStaging implements Staging {
  onWritten: (file: number, bytes: number) => void = () => undefined;
  onError: (message: string) => void = () => undefined;
  private readonly worker = new Worker(new URL('./stage-worker.ts', import.meta.url), { type: 'module' });
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: StageReply) => void; reject: (e: Error) => void }>();
  private readonly ready: Promise<StageReply>;

  /** The receiver running in the worker on an adopted channel, while there is one. */
  private receiving: { events: ReceiverEvents; headCheck: HeadCheck | null; closed: () => void } | null = null;

  constructor(private readonly id: string) {
    this.worker.onmessage = (event: MessageEvent<StageReply>) => {
      const reply = event.data;
      if (reply.op === 'written') {
        this.onWritten(reply.file, reply.bytes);
        return;
      }
      if (this.fromReceiver(reply)) return;
      if (reply.op === 'error') {
        const waiter = this.waiting.get(reply.seq);
        this.waiting.delete(reply.seq);
        if (waiter) waiter.reject(new Error(reply.message));
        else this.onError(reply.message);
        return;
      }
      const waiter = this.waiting.get(reply.seq);
      this.waiting.delete(reply.seq);
      waiter?.resolve(reply);
    };
    this.ready = this.request({ op: 'init', seq: 0, id });
  }

  async held(count: number): Promise<number[]> {
    await this.ready;
    const reply = await this.request({ op: 'sizes', seq: 0, count });
    return reply.op === 'sizes' ? reply.sizes : [];
  }

  async open(file: number, offset: number): Promise<number> {
    await this.ready;
    const reply = await this.request({ op: 'open', seq: 0, file, offset });
    return reply.op === 'opened' ? reply.bytes : 0;
  }

  /**
   * Moves the transfer's channel into the stage worker, so its frames are checked, written and
   * hashed there and never reach this thread; false where the browser cannot move data channels
   * (or not this one: only in the task it arrived in), and the page then receives it itself.
   */
  adopt(channel: RTCDataChannel): boolean {
    try {
      this.worker.postMessage({ op: 'adopt', channel } satisfies StageRequest, [channel as unknown as Transferable]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Receives on the adopted channel (ChunkReceiver in the worker), with `held` bytes and the
   * `done` files from before; `closed` when the channel closes. Stop it with the returned stop().
   */
  receive(files: FileEntry[], held: number[], done: boolean[], events: ReceiverEvents,
    headCheck: HeadCheck | null, closed: () => void): { stop(): void } {
    this.receiving = { events, headCheck, closed };
    this.worker.postMessage({ op: 'receive', files, held, done, judge: headCheck !== null } satisfies StageRequest);
    return {
      stop: () => {
        if (!this.receiving) return;
        this.receiving = null;
        this.worker.postMessage({ op: 'stop' } satisfies StageRequest);
      },
    };
  }

  /** Sends a text frame on the adopted channel (if it is still open). */
  sendText(text: string): void {
    this.worker.postMessage({ op: 'send-text', text } satisfies StageRequest);
  }

  private fromReceiver(reply: StageReply): reply is ReceiverReply {
    const r = this.receiving;
    switch (reply.op) {
      case 'progress': r?.events.progress(reply.file, reply.bytes); return true;
      case 'verified': r?.events.verified(reply.file, reply.ok, reply.sha256); return true;
      case 'complete': r?.events.complete(); return true;
      case 'broken': r?.events.broken(reply.reason); return true;
      case 'refused': r?.events.refused(reply.words); return true;
      case 'mark': markReceive(reply.phase, reply.file, 'worker'); return true;
      case 'channel-closed': r?.closed(); return true;
      case 'judge':
        if (r?.headCheck) {
          void r.headCheck(reply.file, reply.head).then(
            (words) => this.worker.postMessage({ op: 'judged', id: reply.id, words } satisfies StageRequest),
            (err: unknown) => this.worker.postMessage({ op: 'judged', id: reply.id, words: null, error: String(err) } satisfies StageRequest));
        }
        return true;
      default:
        return false;
    }
  }

  write(file: number, offset: number, frame: ArrayBuffer, start: number): void {
    const req: StageRequest = { op: 'write', file, offset, frame, start };
    this.worker.postMessage(req, [frame]);
  }

  async finish(file: number): Promise<string> {
    const reply = await this.request({ op: 'finish', seq: 0, file });
    if (reply.op !== 'finished') throw new Error('unexpected reply');
    return reply.sha256;
  }

  async read(file: number): Promise<File> {
    const root = await navigator.storage.getDirectory();
    const dir = await (await root.getDirectoryHandle(STAGED_DIR)).getDirectoryHandle(this.id);
    return (await dir.getFileHandle(String(file))).getFile();
  }

  async discard(file: number): Promise<void> {
    await this.request({ op: 'discard', seq: 0, file });
  }

  async destroy(): Promise<void> {
    try {
      await this.request({ op: 'destroy', seq: 0, id: this.id });
    } finally {
      this.worker.terminate();
    }
  }

  private request(req: StageRequest & { seq: number }): Promise<StageReply> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage({ ...req, seq });
    });
  }
}

/** The last resort: chunks kept as Blobs (Chromium may page large blobs out, others may not). */
export class MemoryStaging implements Staging {
  onWritten: (file: number, bytes: number) => void = () => undefined;
  onError: (message: string) => void = () => undefined;
  private readonly parts = new Map<number, BlobPart[]>();
  private readonly sizes = new Map<number, number>();
  private readonly done = new Map<number, File>();
  private readonly hasher = new Sha256Worker();

  async held(count: number): Promise<number[]> {
    return Array.from({ length: count }, () => 0);
  }

  async open(file: number): Promise<number> {
    this.parts.set(file, []);
    this.sizes.set(file, 0);
    this.hasher.start();
    return 0;
  }

  write(file: number, _offset: number, frame: ArrayBuffer, start: number): void {
    const data = frame.slice(start);
    this.parts.get(file)?.push(new Blob([data]));
    const bytes = (this.sizes.get(file) ?? 0) + data.byteLength;
    this.sizes.set(file, bytes);
    this.hasher.update(data);
    this.onWritten(file, bytes);
  }

  async finish(file: number): Promise<string> {
    if (!this.parts.has(file)) await this.open(file);
    this.done.set(file, new File(this.parts.get(file) ?? [], String(file)));
    this.parts.delete(file);
    return this.hasher.digest();
  }

  async read(file: number): Promise<File> {
    const f = this.done.get(file);
    if (!f) throw new Error('not staged');
    return f;
  }

  async discard(file: number): Promise<void> {
    this.parts.delete(file);
    this.done.delete(file);
  }

  async destroy(): Promise<void> {
    this.parts.clear();
    this.done.clear();
    this.hasher.close();
  }
}
