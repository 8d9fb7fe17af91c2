/**
 * The receiver's resume bookkeeping (docs/protocol.md "Resume"): for every transfer being
 * received, who sends it (the sender's `device` id from `hello`), its manifest, and what is
 * held. It survives a reload in the origin-private file system, next to the staged bytes.
 */
import { checkManifest, isSha256, isTransferId, DEVICE_ID_PATTERN, type FileBytes, type FileEntry } from '../protocol';

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
}

/** Where records are kept: OPFS in the page, a Map in tests. */
export interface RecordStore {
  list(): Promise<unknown[]>;
  put(id: string, record: ResumeRecord): Promise<void>;
  remove(id: string): Promise<void>;
}

/** Validates a stored record: it is our own data, but storage can be corrupted or stale. */
export function parseRecord(value: unknown): ResumeRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (!isTransferId(r.id)) return null;
  if (r.device !== null && !(typeof r.device === 'string' && DEVICE_ID_PATTERN.test(r.device))) return null;
  if (typeof r.senderName !== 'string' || !Array.isArray(r.files) || typeof r.totalBytes !== 'number') return null;
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

export function newRecord(id: string, device: string | null, senderName: string, files: FileEntry[], totalBytes: number): ResumeRecord {
  return { id, device, senderName, files, totalBytes, bytes: files.map(() => 0), verified: files.map(() => null) };
}

export class ResumeBook {
  private readonly records = new Map<string, ResumeRecord>();

  constructor(private readonly store: RecordStore) {}

  /** Loads every stored record; unreadable ones are deleted. */
  async load(): Promise<ResumeRecord[]> {
    for (const raw of await this.store.list()) {
      const record = parseRecord(raw);
      if (record) this.records.set(record.id, record);
      else if (typeof raw === 'object' && raw !== null && isTransferId((raw as { id?: unknown }).id)) {
        await this.store.remove((raw as { id: string }).id);
      }
    }
    return [...this.records.values()];
  }

  get(id: string): ResumeRecord | undefined {
    return this.records.get(id);
  }

  /** Records waiting for the sender with this device id. */
  fromDevice(device: string): ResumeRecord[] {
    return [...this.records.values()].filter((r) => r.device === device);
  }

  async save(record: ResumeRecord): Promise<void> {
    this.records.set(record.id, record);
    await this.store.put(record.id, record);
  }

  async remove(id: string): Promise<void> {
    this.records.delete(id);
    await this.store.remove(id);
  }
}

/** Records as transfers/<id>.json in the origin-private file system. */
export class OpfsRecordStore implements RecordStore {
  private async dir(): Promise<FileSystemDirectoryHandle> {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle('transfer-records', { create: true });
  }

  async list(): Promise<unknown[]> {
    const out: unknown[] = [];
    const dir = await this.dir();
    for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      if (handle.kind !== 'file' || !name.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(await (await (handle as FileSystemFileHandle).getFile()).text()));
      } catch {
        await dir.removeEntry(name).catch(() => undefined);
      }
    }
    return out;
  }

  async put(id: string, record: ResumeRecord): Promise<void> {
    const file = await (await this.dir()).getFileHandle(`${id}.json`, { create: true });
    const writable = await file.createWritable();
    await writable.write(JSON.stringify(record));
    await writable.close();
  }

  async remove(id: string): Promise<void> {
    await (await this.dir()).removeEntry(`${id}.json`).catch(() => undefined);
  }
}
