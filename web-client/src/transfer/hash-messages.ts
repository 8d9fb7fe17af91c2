/** What the page and the hash worker say to each other (see hash-worker.ts). */
export type HashRequest =
  /** A new hash; `file` is what `read` reads, and its bytes [0, prefixBytes) are hashed first. */
  | { op: 'start'; file?: Blob; prefixBytes: number }
  | { op: 'update'; data: ArrayBuffer }
  /** Read [offset, end) of the file, hash it after everything asked before it, send its bytes back. */
  | { op: 'read'; seq: number; offset: number; end: number }
  | { op: 'digest'; seq: number };

export type HashReply =
  | { op: 'digest'; seq: number; sha256: string }
  | { op: 'read'; seq: number; data: ArrayBuffer }
  | { op: 'error'; seq: number; message: string };
