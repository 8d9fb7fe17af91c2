/**
 * Start-up housekeeping of the receiver's storage: staged bytes have an owner (a resume
 * record) and a lifetime (UNFINISHED_LIFETIME_MS), and whatever has neither is deleted.
 *
 * - a record whose every file is verified is finished: it and its bytes go;
 * - a record past its lifetime is abandoned: it and its bytes go;
 * - a record with no staged bytes at all cannot resume anything that was written: it goes;
 * - staged bytes with no record left are orphans: they go.
 * Transfers that another tab of this browser is receiving right now are left alone.
 */
import { isExpired, isFinished, type ResumeBook, type ResumeRecord } from './resume-book';
import type { StagedStore } from './opfs-stores';

export interface ReconcileOptions {
  now: number;
  /** Transfer ids another tab holds (their Web Lock is taken). */
  inUse: ReadonlySet<string>;
  lifetimeMs?: number;
  /** A staged folder that could not be deleted (records report through the book). */
  failed?: (id: string, error: unknown) => void;
}

export interface ReconcileResult {
  /** Unfinished transfers that may still resume, to be shown as paused. */
  kept: ResumeRecord[];
  /** Why each removed record went, by transfer id. */
  removedRecords: Map<string, 'finished' | 'expired' | 'nothing staged'>;
  removedStaged: string[];
  freedBytes: number;
}

export async function reconcile(book: ResumeBook, staged: StagedStore, options: ReconcileOptions): Promise<ReconcileResult> {
  const records = await book.load(options.inUse);
  const stagedEntries = await staged.list();
  const stagedIds = new Set(stagedEntries.map((e) => e.id));
  const result: ReconcileResult = { kept: [], removedRecords: new Map(), removedStaged: [], freedBytes: 0 };
  for (const record of records) {
    const why = isFinished(record)
      ? 'finished'
      : isExpired(record, options.now, options.lifetimeMs)
        ? 'expired'
        : stagedIds.has(record.id) ? null : 'nothing staged';
    if (why === null) {
      result.kept.push(record);
      continue;
    }
    await book.remove(record.id);
    result.removedRecords.set(record.id, why);
  }
  const keep = new Set([...result.kept.map((r) => r.id), ...options.inUse]);
  for (const entry of stagedEntries) {
    if (keep.has(entry.id)) continue;
    try {
      await staged.remove(entry.id);
      result.removedStaged.push(entry.id);
      result.freedBytes += entry.bytes;
    } catch (error) {
      options.failed?.(entry.id, error);
    }
  }
  return result;
}
