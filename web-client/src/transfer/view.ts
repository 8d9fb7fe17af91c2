/**
 * What the UI shows of a transfer: plain data, updated by outgoing.ts / incoming.ts and
 * painted by ui/transfer-list.ts.
 */
import { fixed, t } from '../i18n';
export type TransferState =
  | 'offered' // sender: waiting for the answer
  | 'starting' // accepted, data channel opening
  | 'active'
  | 'paused' // the peer went away; continues when it is back
  | 'verified'
  | 'failed'
  | 'refused' // declined, no space, bad manifest…
  | 'cancelled';

export interface TransferView {
  id: string;
  direction: 'in' | 'out';
  peerName: string;
  /** Display paths ("folder/sub/name.txt"), shown as text only. */
  names: string[];
  sizes: number[];
  totalBytes: number;
  state: TransferState;
  /** Bytes the receiver has written (acknowledged, for a sender). */
  doneBytes: number;
  /** The file in progress, as an index into names. */
  currentFile: number;
  /** A sentence for the user about the state ("Declined by Bob.", "2 of 3 files failed…"). */
  detail: string;
  /** Receiver only, once done: each file's SHA-256 as verified (null for a file that failed). */
  sha256?: (string | null)[];
  /** Receiver only: a verified transfer can be saved again. */
  canSave: boolean;
  /** A lasting warning (e.g. files held in memory), shown whatever the state. */
  warning?: string;
  /** Sender only: files this page did not offer because the hub's policy does not allow them. */
  heldBack?: true;
}

/** A policy refusal followed by the hub's notice, when it has one. */
export function withNotice(text: string, notice: string | null | undefined): string {
  return notice ? t('policy.withNotice', { text, notice }) : text;
}

export function isFinal(state: TransferState): boolean {
  return state === 'verified' || state === 'failed' || state === 'refused' || state === 'cancelled';
}

export function displayPath(path: string[]): string {
  return path.join('/');
}

/** "12.5 MB": decimal units, as file managers show sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? fixed(value, 0) : fixed(value, 1)} ${units[unit]}`;
}
