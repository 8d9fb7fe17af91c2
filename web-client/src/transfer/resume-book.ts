/**
 * The receiver's resume bookkeeping (docs/protocol.md "Resume"): for every transfer being
 * received, who sends it (the sender's `device` id from `hello`), its manifest, and what is
 * held. It survives a reload in the origin-private file system, next to the staged bytes.
 *
 * Writes to the store are asynchronous and may finish in any order, so the book serialises
 * them per transfer and remembers which transfers have ended: once `remove` has been called
 * for an id, a `save` that was still on its way (a file verified a moment before the
 * transfer completed) is dropped instead of bringing a finished transfer back.
 */
import { Emitter } from '../emitter';
import { checkManifest, isSha256, isTransferId, DEVICE_ID_PATTERN, type FileBytes, type FileEntry } from '../protocol';

/**
 * An unfinished transfer is forgotten this long after its last progress. The sender keeps its
 * files only while its page is open, so a resume after a day is very unlikely to find them, and
 * the staged bytes would otherwise fill the disk unseen.
 */
export const UNFINISHED_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface ResumeRecord {
  id: string;
  /** The sender's device id; a transfer from a sender without one cannot be resumed. */
  device: string | null;
  senderName: string;
  files: FileEntry[];
  totalBytes: number;
  /** Bytes written per file, as last saved (the staged file's size is the truth on resume). */
  bytes: number[];
  /** The verified hash of each file that passed, else null. */
  verified: (string | null)[];
  /** When the record was last saved (ms since epoch): unfinished records expire from it. */
  updated: number;
}

/** Where records are kept: OPFS in the page, a Map in tests. */
export interface RecordStore {
  list(): Promise<unknown[]>;
  put(id: string, record: ResumeRecord): Promise<void>;
  /** Removes the record; removing one that is not there is not an error. */
  remove(id: string): Promise<void>;
}

/** A store operation that failed: reported, never swallowed. */
export interface StoreFailure {
  action: 'save' | 'remove';
  id: string;
  error: unknown;
}

/** Validates a stored record: it is our own data, but storage can be corrupted or stale. */
export function parseRecord(value: unknown): ResumeRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!isTransferId(r.id)) return null;
  if (r.device !== null && !(typeof r.device === 'string' && DEVICE_ID_PATTERN.test(r.device))) return null;
  if (typeof r.senderName !== 'string' || !Array.isArray(r.files) || typeof r.totalBytes !== 'number') return null;
  // Records written before `updated` existed count as ancient: they are the ones that piled up.
  const updated = r.updated === undefined ? 0 : r.updated;
  if (!Number.isSafeInteger(updated) || (updated as number) < 0) return null;
  const manifest = checkManifest(r.files as unknown[], r.files.length, r.totalBytes);
  if (!manifest.ok) return null;
  const n = manifest.value.files.length;
  const bytes = r.bytes;
  const verified = r.verified;
  if (!Array.isArray(bytes) || bytes.length !== n || !Array.isArray(verified) || verified.length !== n) return null;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (!Number.isSafeInteger(b) || (b as number) < 0 || (b as number) > manifest.value.files[i]!.size) return null;
    if (verified[i] !== null && !isSha256(verified[i])) return null;
  }
  return {
    id: r.id,
    device: r.device as string | null,
    senderName: r.senderName,
    files: manifest.value.files,
    totalBytes: r.totalBytes,
    bytes: bytes as number[],
    verified: verified as (string | null)[],
    updated: updated as number,
  };
}

/**
 * What to tell the sender we hold: a verified file counts whole; any other file counts the bytes
 * actually staged, never more than its size. Files with nothing held are left out.
 */
export function haveList(record: ResumeRecord, staged: number[]): FileBytes[] {
  const have: FileBytes[] = [];
  record.files.forEach((f, file) => {
    const bytes = record.verified[file] ? f.size : Math.min(staged[file] ?? 0, f.size);
    if (bytes > 0) have.push({ file, bytes });
  });
  return have;
}

/** Every file verified: the transfer is over, whatever became of its hand-over. */
export function isFinished(record: ResumeRecord): boolean {
  return record.verified.every((v) => v !== null);
}

export function isExpired(record: ResumeRecord, now: number, lifetimeMs = UNFINISHED_LIFETIME_MS): boolean {
  return now - record.updated > lifetimeMs;
}

export function newRecord(id: string, device: string | null, senderName: string, files: FileEntry[], totalBytes: number): ResumeRecord {
  return {
    id,
    device,
    senderName,
    files,
    totalBytes,
    bytes: files.map(() => 0),
    verified: files.map(() => null),
    updated: Date.now(),
  };
}

export type ResumeBookEvents = {
  /** A write or remove failed: the record may be stale or missing on disk. */
  failed: [failure: StoreFailure];
};

export class ResumeBook extends Emitter<ResumeBookEvents> {
  private readonly records = new Map<string, ResumeRecord>();
  /** Transfers that ended in this page: never written again. */
  private readonly ended = new Set<string>();
  /** The tail of each transfer's chain of store operations. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    private readonly store: RecordStore,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /**
   * Loads every stored record but those in `skip` (another tab is receiving them: they are
   * not ours to resume or to delete); unreadable ones are deleted.
   */
  async load(skip: ReadonlySet<string> = new Set()): Promise<ResumeRecord[]> {
    for (const raw of await this.store.list()) {
      const record = parseRecord(raw);
      if (record && skip.has(record.id)) continue;
      if (record) this.records.set(record.id, record);
      else if (typeof raw === 'object' && raw !== null && isTransferId((raw as { id?: unknown }).id)) {
        await this.remove((raw as { id: string }).id);
      }
    }
    return [...this.records.values()];
  }

  get(id: string): ResumeRecord | undefined {
    return this.records.get(id);
  }

  get all(): ResumeRecord[] {
    return [...this.records.values()];
  }

  /** Records waiting for the sender with this device id. */
  fromDevice(device: string): ResumeRecord[] {
    return [...this.records.values()].filter((r) => r.device === device);
  }

  /**
   * Stores the record as it is when the write runs (so the last save wins), unless the
   * transfer has ended meanwhile. Resolves false when the store failed (already reported).
   */
  save(record: ResumeRecord): Promise<boolean> {
    if (this.ended.has(record.id)) return Promise.resolve(true);
    this.records.set(record.id, record);
    return this.chain(record.id, 'save', async () => {
      if (this.ended.has(record.id)) return;
      record.updated = this.now();
      await this.store.put(record.id, record);
    });
  }

  /** Forgets the transfer for good: any save still on its way is dropped. */
  remove(id: string): Promise<boolean> {
    this.ended.add(id);
    this.records.delete(id);
    return this.chain(id, 'remove', () => this.store.remove(id));
  }

  /** Resolves once every store operation started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all(this.pending.values());
  }

  private chain(id: string, action: StoreFailure['action'], op: () => Promise<void>): Promise<boolean> {
    const run = (this.pending.get(id) ?? Promise.resolve()).then(op).then(
      () => true,
      (error: unknown) => {
        console.error(`peerhub: could not ${action} the resume record of transfer ${id}`, error);
        this.emit('failed', { action, id, error });
        return false;
      },
    );
    const tail = run.then(() => undefined);
    this.pending.set(id, tail);
    void tail.then(() => {
      if (this.pending.get(id) === tail) this.pending.delete(id);
    });
    return run;
  }
}
