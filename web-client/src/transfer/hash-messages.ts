/** What the page and the hash worker say to each other (see hash-worker.ts). */
export type HashRequest =
  | { op: 'start'; prefixOf?: Blob; prefixBytes: number }
  | { op: 'update'; data: ArrayBuffer }
  | { op: 'digest'; seq: number };

export type HashReply =
  | { op: 'digest'; seq: number; sha256: string }
  | { op: 'error'; seq: number; message: string };
