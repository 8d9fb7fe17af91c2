/**
 * What was shared to Peerhub from the system (the share sheet, or "open with"), kept in this
 * origin's IndexedDB until it is sent or discarded: the chooser page and then the room page read
 * it, and a reload or a room that takes a while to fill loses nothing. Files are kept as the
 * browser keeps Blobs (on disk, not in memory); an item older than a day is dropped on the next
 * visit, so nothing shared and forgotten stays for good.
 */
export interface SharedItem {
  id: string;
  /** When it was shared (ms since the epoch). */
  at: number;
  files: File[];
  /** Title, text and link as shared, one per line, without repeats; may be empty. */
  text: string;
}

const DB = 'peerhub-share-inbox';
const STORE = 'items';
export const SHARE_TTL_MS = 24 * 60 * 60 * 1000;

/** The share a chooser picked a room for, carried to that room's page within this tab. */
export const PENDING_SHARE_KEY = 'peerhub.pending-share';

/** Title, text and URL as one text: Android shares a link as text and url both, so repeats go. */
export function sharedText(parts: readonly (string | null | undefined)[]): string {
  const seen: string[] = [];
  for (const part of parts) {
    const line = (part ?? '').trim();
    if (line && !seen.some((s) => s === line || s.includes(line))) seen.push(line);
  }
  return seen.join('\n');
}

export function newShareId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function isShareId(id: unknown): id is string {
  return typeof id === 'string' && /^[0-9a-f]{24}$/.test(id);
}

export class ShareInbox {
  private constructor(private readonly db: IDBDatabase) {}

  static open(factory: IDBFactory = indexedDB): Promise<ShareInbox> {
    return new Promise((resolve, reject) => {
      const request = factory.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
      request.onsuccess = () => resolve(new ShareInbox(request.result));
      request.onerror = () => reject(request.error ?? new Error('the share inbox could not be opened'));
    });
  }

  put(item: SharedItem): Promise<void> {
    return this.run('readwrite', (store) => store.put(item)).then(() => undefined);
  }

  async get(id: string, now = Date.now()): Promise<SharedItem | null> {
    const item = (await this.run('readonly', (store) => store.get(id))) as SharedItem | undefined;
    return item && now - item.at < SHARE_TTL_MS ? item : null;
  }

  delete(id: string): Promise<void> {
    return this.run('readwrite', (store) => store.delete(id)).then(() => undefined);
  }

  /** Drops what was shared more than a day ago and never sent. */
  async prune(now = Date.now()): Promise<void> {
    const items = (await this.run('readonly', (store) => store.getAll())) as SharedItem[];
    await Promise.all(items.filter((i) => now - i.at >= SHARE_TTL_MS).map((i) => this.delete(i.id)));
  }

  close(): void {
    this.db.close();
  }

  private run(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(STORE, mode);
      const request = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? new Error('the share inbox refused a change'));
      tx.onabort = () => reject(tx.error ?? new Error('the share inbox refused a change'));
    });
  }
}
