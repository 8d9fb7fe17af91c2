/**
 * The origin-private file system's side of the receiver's storage: resume records as
 * transfer-records/<id>.json, staged bytes as transfers/<id>/ (written by stage-worker.ts).
 * Errors are passed on, never swallowed: only "it was not there" counts as done.
 */
import { RECORDS_DIR, STAGED_DIR } from '../opfs-layout';
import type { RecordStore, ResumeRecord } from './resume-book';

/** What is staged for one transfer: its folder's name and the bytes in it. */
export interface StagedEntry {
  id: string;
  bytes: number;
}

/** The staged transfers as a whole (OPFS in the page, a Map in tests). */
export interface StagedStore {
  list(): Promise<StagedEntry[]>;
  remove(id: string): Promise<void>;
}

async function root(): Promise<FileSystemDirectoryHandle> {
  return navigator.storage.getDirectory();
}

async function subdir(name: string): Promise<FileSystemDirectoryHandle> {
  return (await root()).getDirectoryHandle(name, { create: true });
}

type Entries = AsyncIterable<[string, FileSystemHandle]>;

function entries(dir: FileSystemDirectoryHandle): Entries {
  return dir as unknown as Entries;
}

function isNotFound(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'NotFoundError';
}

async function removeEntry(dir: FileSystemDirectoryHandle, name: string, recursive: boolean): Promise<void> {
  try {
    await dir.removeEntry(name, { recursive });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** A file being written by a worker may refuse to be read: it then counts as empty for now. */
async function fileSize(handle: FileSystemFileHandle): Promise<number> {
  try {
    return (await handle.getFile()).size;
  } catch {
    return 0;
  }
}

/** Bytes held under `dir`, files in sub-folders included. */
export async function bytesUnder(dir: FileSystemDirectoryHandle): Promise<number> {
  let total = 0;
  for await (const [, handle] of entries(dir)) {
    if (handle.kind === 'directory') total += await bytesUnder(handle as FileSystemDirectoryHandle);
    else total += await fileSize(handle as FileSystemFileHandle);
  }
  return total;
}

/** Bytes held under a top-level OPFS folder (0 when it does not exist). */
export async function bytesIn(name: string): Promise<number> {
  try {
    return await bytesUnder(await (await root()).getDirectoryHandle(name));
  } catch (err) {
    if (isNotFound(err)) return 0;
    throw err;
  }
}

export class OpfsRecordStore implements RecordStore {
  async list(): Promise<unknown[]> {
    const out: unknown[] = [];
    const dir = await subdir(RECORDS_DIR);
    const unreadable: string[] = [];
    for await (const [name, handle] of entries(dir)) {
      if (handle.kind !== 'file' || !name.endsWith('.json')) continue;
      try {
        out.push(JSON.parse(await (await (handle as FileSystemFileHandle).getFile()).text()));
      } catch {
        unreadable.push(name);
      }
    }
    // A record cut short (the tab died mid-write) is useless: its transfer starts over.
    for (const name of unreadable) await removeEntry(dir, name, false);
    return out;
  }

  async put(id: string, record: ResumeRecord): Promise<void> {
    const file = await (await subdir(RECORDS_DIR)).getFileHandle(`${id}.json`, { create: true });
    // A writable writes to a swap file and replaces the record only on close: never half a record.
    const writable = await file.createWritable();
    try {
      await writable.write(JSON.stringify(record));
      await writable.close();
    } catch (err) {
      await writable.abort().catch(() => undefined);
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    await removeEntry(await subdir(RECORDS_DIR), `${id}.json`, false);
  }
}

export class OpfsStagedStore implements StagedStore {
  async list(): Promise<StagedEntry[]> {
    const out: StagedEntry[] = [];
    for await (const [name, handle] of entries(await subdir(STAGED_DIR))) {
      out.push({
        id: name,
        bytes: handle.kind === 'directory' ? await bytesUnder(handle as FileSystemDirectoryHandle) : 0,
      });
    }
    return out;
  }

  async remove(id: string): Promise<void> {
    await removeEntry(await subdir(STAGED_DIR), id, true);
  }
}
