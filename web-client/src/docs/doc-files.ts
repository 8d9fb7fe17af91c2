/**
 * This browser's copy of a room's documents, so edits made while apart survive a reload and merge
 * when the page is back with the others. One file per document, `documents/<room>/<doc>.automerge`
 * in the origin-private file system (Automerge's save format). A writable stream replaces a file
 * only when it is closed, so a file is the old save or the new one, never half of one.
 *
 * Saves are coalesced: a burst of keystrokes is one write per document.
 */
import * as A from '@automerge/automerge';
import { DOCS_DIR } from '../opfs-layout';
import { isDocId } from '../protocol';
import type { DocStore } from './doc-store';

/** Long enough to coalesce typing, short enough that a reload loses at most this much. */
const SAVE_DELAY_MS = 500;

export interface DocFiles {
  /** Every saved document of the room, by id; empty when there is none or storage is unavailable. */
  load(): Promise<Map<string, Uint8Array>>;
  save(docId: string, bytes: Uint8Array): Promise<void>;
}

export class OpfsDocFiles implements DocFiles {
  constructor(private readonly roomId: string) {}

  private async dir(): Promise<FileSystemDirectoryHandle> {
    const root = await navigator.storage.getDirectory();
    const all = await root.getDirectoryHandle(DOCS_DIR, { create: true });
    return all.getDirectoryHandle(this.roomId, { create: true });
  }

  async load(): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    try {
      const dir = await this.dir();
      for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
        const id = name.replace(/\.automerge$/, '');
        if (handle.kind !== 'file' || id === name || !isDocId(id)) continue;
        const file = await (handle as FileSystemFileHandle).getFile();
        out.set(id, new Uint8Array(await file.arrayBuffer()));
      }
    } catch (err) {
      console.warn('peerhub: docs: saved documents could not be read', err);
    }
    return out;
  }

  async save(docId: string, bytes: Uint8Array): Promise<void> {
    const dir = await this.dir();
    const handle = await dir.getFileHandle(`${docId}.automerge`, { create: true });
    const writable = await handle.createWritable();
    await writable.write(bytes as Uint8Array<ArrayBuffer>);
    await writable.close();
  }
}

/** Saves every document of `store` shortly after it changes. */
export function saveOnChange(store: DocStore, files: DocFiles, delayMs = SAVE_DELAY_MS): () => Promise<void> {
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const ids = [...dirty];
    dirty.clear();
    writing = writing.then(async () => {
      for (const id of ids) {
        const doc = store.get(id);
        if (!doc) continue;
        try {
          const bytes = A.save(doc);
          // The size caps' measure of history, exact again (doc-limits.ts).
          store.recordSaved(id, bytes.length);
          await files.save(id, bytes);
        } catch (err) {
          console.warn(`peerhub: docs: saving ${id} failed`, err);
        }
      }
    });
    return writing;
  };
  store.on('change', (docId) => {
    dirty.add(docId);
    timer ??= setTimeout(() => void flush(), delayMs);
  });
  return flush;
}
