/** The page's side of hash-worker.ts: one incremental SHA-256 at a time, off the UI thread. */
import type { HashReply, HashRequest } from './hash-messages';

/** An incremental SHA-256 fed in order; `update` takes the buffer (unusable by the caller after). */
export interface StreamHasher {
  start(prefixOf?: Blob, prefixBytes?: number): void;
  update(data: ArrayBuffer): void;
  digest(): Promise<string>;
  close(): void;
}

export class Sha256Worker implements StreamHasher {
  private readonly worker = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (event: MessageEvent<HashReply>) => {
      const reply = event.data;
      const waiter = this.waiting.get(reply.seq);
      if (reply.op === 'error') {
        console.warn(`peerhub: hashing failed: ${reply.message}`);
        // A failure fails every pending digest: the hash cannot be trusted after it.
        for (const w of this.waiting.values()) w.reject(new Error(reply.message));
        this.waiting.clear();
        return;
      }
      this.waiting.delete(reply.seq);
      waiter?.resolve(reply.sha256);
    };
  }

  /** Starts a new hash; `prefixOf` bytes [0, prefixBytes) are hashed first (a resumed file). */
  start(prefixOf?: Blob, prefixBytes = 0): void {
    this.post(prefixOf ? { op: 'start', prefixOf, prefixBytes } : { op: 'start', prefixBytes: 0 });
  }

  /** Hands the bytes over (the buffer is transferred: unusable here afterwards). */
  update(data: ArrayBuffer): void {
    this.worker.postMessage({ op: 'update', data } satisfies HashRequest, [data]);
  }

  digest(): Promise<string> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      this.post({ op: 'digest', seq });
    });
  }

  close(): void {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error('closed'));
    this.waiting.clear();
  }

  private post(req: HashRequest): void {
    this.worker.postMessage(req);
  }
}
