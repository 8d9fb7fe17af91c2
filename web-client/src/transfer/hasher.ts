/** The page's side of hash-worker.ts: one incremental SHA-256 at a time, off the UI thread. */
import type { HashReply, HashRequest } from './hash-messages';

/** An incremental SHA-256 fed in order. */
export interface StreamHasher {
  /** A new hash of `file`, whose bytes [0, prefixBytes) are hashed first (a resumed transfer). */
  start(file?: Blob, prefixBytes?: number): void;
  /**
   * Reads [offset, end) of the file (the bytes after the previous read), adds them to the hash,
   * and resolves with them; rejects if they cannot be read (the digest then fails too).
   */
  read(offset: number, end: number): Promise<ArrayBuffer>;
  digest(): Promise<string>;
  close(): void;
}

type Waiter = { resolve: (reply: HashReply) => void; reject: (e: Error) => void };

export class Sha256Worker implements StreamHasher {
  private readonly worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();

  constructor() {
    this.worker.onmessage = (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      const waiter = this.waiting.get(reply.seq);
      if (reply.op === 'error') {
        console.warn(`peerhub: hashing failed: ${reply.message}`);
        // A failure fails everything pending: the hash cannot be trusted after it.
        for (const w of this.waiting.values()) w.reject(new Error(reply.message));
        this.waiting.clear();
        return;
      }
      this.waiting.delete(reply.seq);
      waiter?.resolve(reply);
    };
  }

  start(file?: Blob, prefixBytes = 0): void {
    this.worker.postMessage((file ? { op: 'start', file, prefixBytes } : { op: 'start', prefixBytes: 0 }) satisfies HashRequest);
  }

  /** Hands the bytes over (the buffer is transferred: unusable here afterwards). */
  update(data: ArrayBuffer): void {
    this.worker.postMessage({ op: 'update', data } satisfies HashRequest, [data]);
  }

  async read(offset: number, end: number): Promise<ArrayBuffer> {
    const reply = await this.request((seq) => ({ op: 'read', seq, offset, end }));
    if (reply.op !== 'read') throw new Error(`unexpected reply ${reply.op}`);
    return reply.data;
  }

  async digest(): Promise<string> {
    const reply = await this.request((seq) => ({ op: 'digest', seq }));
    if (reply.op !== 'digest') throw new Error(`unexpected reply ${reply.op}`);
    return reply.sha256;
  }

  close(): void {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error('closed'));
    this.waiting.clear();
  }

  private request(make: (seq: number) => HashRequest): Promise<HashReply> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.worker.postMessage(make(seq));
    });
  }
}
