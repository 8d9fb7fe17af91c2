/**
 * Where a browser keeps its rooms' chat history: IndexedDB database `peerhub-chat`, one record
 * per entry keyed by [room id, device id, message id], so one room's entries are one key range
 * (docs/protocol.md "Chat history"). Tests use the in-memory twin.
 */
import type { ChatEntryWire } from './protocol';

export interface StoredRemoval {
  device: string;
  id: string;
}

export interface ChatStore {
  load(roomId: string): Promise<ChatEntryWire[]>;
  /** One transaction: what was added and what the bounds pushed out. */
  save(roomId: string, added: readonly (ChatEntryWire & { device: string })[], removed: readonly StoredRemoval[]): Promise<void>;
  clear(roomId: string): Promise<void>;
}

const DB_NAME = 'peerhub-chat';
const STORE = 'entries';

interface EntryRecord extends ChatEntryWire {
  room: string;
  device: string;
}

/** Every key of one room: device ids are base64url, so all sort below U+FFFF. */
function roomRange(roomId: string): IDBKeyRange {
  return IDBKeyRange.bound([roomId, ''], [roomId, '\uffff']);
}

export class IdbChatStore implements ChatStore {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: ['room', 'device', 'id'] });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  async load(roomId: string): Promise<ChatEntryWire[]> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).getAll(roomRange(roomId));
      request.onsuccess = () =>
        resolve((request.result as EntryRecord[]).map(({ id, ts, name, text, key, sig }) => ({ id, ts, name, text, key, sig })));
      request.onerror = () => reject(request.error);
    });
  }

  async save(roomId: string, added: readonly (ChatEntryWire & { device: string })[], removed: readonly StoredRemoval[]): Promise<void> {
    const db = await this.open();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const e of added) {
        const record: EntryRecord = { room: roomId, device: e.device, id: e.id, ts: e.ts, name: e.name, text: e.text, key: e.key, sig: e.sig };
        store.put(record);
      }
      for (const r of removed) store.delete([roomId, r.device, r.id]);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async clear(roomId: string): Promise<void> {
    const db = await this.open();
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).delete(roomRange(roomId));
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
}

export class MemoryChatStore implements ChatStore {
  readonly rooms = new Map<string, Map<string, ChatEntryWire>>();

  async load(roomId: string): Promise<ChatEntryWire[]> {
    return [...(this.rooms.get(roomId)?.values() ?? [])];
  }

  async save(roomId: string, added: readonly (ChatEntryWire & { device: string })[], removed: readonly StoredRemoval[]): Promise<void> {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = new Map()));
    for (const e of added) room.set(`${e.device} ${e.id}`, { id: e.id, ts: e.ts, name: e.name, text: e.text, key: e.key, sig: e.sig });
    for (const r of removed) room.delete(`${r.device} ${r.id}`);
  }

  async clear(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
  }
}
