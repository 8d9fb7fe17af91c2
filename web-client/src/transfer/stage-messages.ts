/** What the page and the stage worker say to each other (see stage-worker.ts). */
export type StageRequest =
  | { op: 'init'; seq: number; id: string }
  | { op: 'sizes'; seq: number; count: number }
  | { op: 'open'; seq: number; file: number; offset: number }
  | { op: 'write'; file: number; offset: number; frame: ArrayBuffer; start: number }
  | { op: 'finish'; seq: number; file: number }
  | { op: 'discard'; seq: number; file: number }
  | { op: 'destroy'; seq: number; id: string };

export type StageReply =
  | { op: 'done'; seq: number }
  | { op: 'sizes'; seq: number; sizes: number[] }
  | { op: 'opened'; seq: number; bytes: number }
  | { op: 'written'; file: number; bytes: number }
  | { op: 'finished'; seq: number; sha256: string }
  | { op: 'error'; seq: number; message: string };
