/** What the page and the stage worker say to each other (see stage-worker.ts). */
import type { FileEntry } from '../protocol';

export type ReceivePhase = 'accepted' | 'first-frame' | 'end-arrived' | 'staged' | 'handed-over';

export type StageRequest =
  | { op: 'init'; seq: number; id: string }
  | { op: 'sizes'; seq: number; count: number }
  | { op: 'open'; seq: number; file: number; offset: number }
  | { op: 'write'; file: number; offset: number; frame: ArrayBuffer; start: number }
  | { op: 'finish'; seq: number; file: number }
  | { op: 'discard'; seq: number; file: number }
  | { op: 'destroy'; seq: number; id: string }
  // The transfer's channel itself, moved here so its frames never touch the page's main thread.
  | { op: 'adopt'; channel: RTCDataChannel }
  // Start receiving on the adopted channel (what arrived meanwhile is held, in order).
  | { op: 'receive'; files: FileEntry[]; held: number[]; done: boolean[]; judge: boolean }
  | { op: 'judged'; id: number; words: string | null; error?: string }
  | { op: 'send-text'; text: string }
  | { op: 'stop' };

export type StageReply = StoreReply | ReceiverReply;

type StoreReply =
  | { op: 'done'; seq: number }
  | { op: 'sizes'; seq: number; sizes: number[] }
  | { op: 'opened'; seq: number; bytes: number }
  | { op: 'written'; file: number; bytes: number }
  | { op: 'finished'; seq: number; sha256: string }
  | { op: 'error'; seq: number; message: string };

/** From a receiver running on an adopted channel: its events (ReceiverEvents), in order. */
export type ReceiverReply =
  | { op: 'progress'; file: number; bytes: number }
  | { op: 'verified'; file: number; ok: boolean; sha256: string }
  | { op: 'complete' }
  | { op: 'broken'; reason: string }
  | { op: 'refused'; words: string }
  | { op: 'judge'; id: number; file: number; head: Uint8Array }
  | { op: 'mark'; phase: ReceivePhase; file: number }
  | { op: 'channel-closed' };
