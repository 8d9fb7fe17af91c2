/**
 * The room's chat history on this peer (docs/protocol.md "Chat history"): the bounded log, its
 * copy in storage, and the exchange with each verified peer (a `history-request` summary each
 * way, `history` batches back). Every entry from outside is checked here: its fields by the
 * protocol parser, then its signature against its own key in this room, its age and its clock.
 * What fails is dropped with a log line; the other entries and peers carry on.
 */
import { ChatLog, entryKey, keep, type KeptEntry } from './chat-log';
import type { ChatStore } from './chat-store';
import type { ControlPeer, ControlRoutes } from './control-router';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  MAX_FRAME_BYTES,
  MAX_HISTORY_ENTRIES,
  chatBinding,
  encodeChannelMessage,
  isChatId,
  isChatText,
  parseChatEntry,
  type ChatEntryWire,
  type HistoryBatchMessage,
  type HistoryRequestMessage,
} from './protocol';
import { fromBase64Url, verifyDeviceSignatureNative } from './protocol/trust';

/** Checks an Ed25519 signature; the default uses WebCrypto where it can, with keys imported once. */
export type SignatureCheck = (key: Uint8Array, data: Uint8Array, sig: Uint8Array) => Promise<boolean>;

export interface HistoryTransport {
  send(peerId: string, text: string): boolean;
  maxMessageSize(peerId: string): number | null;
}

export interface HistoryEvents {
  /** Entries that joined the log (from storage, a peer, or a live message), in no particular order. */
  added(entries: readonly KeptEntry[], source: 'storage' | 'peer' | 'live'): void;
  /** An answer from `peerId` is complete; `kept` is how many entries the log holds now. */
  answered(peerId: string, kept: number): void;
}

/** A batch's envelope, `{"type":"history","entries":[` … `],"last":false}`, rounded up. */
const BATCH_ENVELOPE_BYTES = 64;

export class ChatHistory {
  readonly log = new ChatLog();
  /** Requests we sent, by peer: how many entries its answer has brought so far. */
  private readonly asked = new Map<string, { received: number }>();
  /** One chain per peer, so its batches are checked and added in the order they came. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly ready: Promise<void>;
  private pendingAdds: KeptEntry[] = [];
  private pendingRemovals: KeptEntry[] = [];
  private flushScheduled = false;
  private generation = 0;

  constructor(
    private readonly roomId: string,
    private readonly store: ChatStore,
    private readonly transport: HistoryTransport,
    routes: ControlRoutes,
    private readonly events: HistoryEvents,
    private readonly clock: () => number = Date.now,
    private readonly checkSignature: SignatureCheck = cachedNativeCheck(),
  ) {
    this.ready = this.load();
    routes.on('history-request', (from, message) => void this.answer(from, message));
    routes.on('history', (from, message) => this.take(from, message));
  }

  /** Resolves once what storage held is in the log (or storage failed). */
  loaded(): Promise<void> {
    return this.ready;
  }

  /** A peer was verified: ask it for what we lack. */
  async peerVerified(peerId: string): Promise<void> {
    await this.ready;
    const request = encodeChannelMessage({ type: 'history-request', days: this.log.days() });
    if (request && this.transport.send(peerId, request)) this.asked.set(peerId, { received: 0 });
  }

  peerGone(peerId: string): void {
    this.asked.delete(peerId);
    this.chains.delete(peerId);
  }

  /** Checks one entry from outside; null (with a log line) when it is not to be kept. */
  async check(entry: ChatEntryWire, from: string, quiet = false): Promise<KeptEntry | null> {
    const key = fromBase64Url(entry.key);
    const sig = fromBase64Url(entry.sig);
    const ok = key && sig && (await this.checkSignature(key, chatBinding(this.roomId, entry.id, entry.ts, entry.name, entry.text, key), sig));
    if (!ok) {
      if (!quiet) console.warn(`peerhub: chat entry ${entry.id} from ${from} dropped (its signature does not hold: forged or altered)`);
      return null;
    }
    return keep(entry);
  }

  /** Adds a checked entry; false (with a log line) when the bounds or the clock refuse it. */
  add(entry: KeptEntry, source: 'peer' | 'live' | 'mine'): boolean {
    const evicted: KeptEntry[] = [];
    const result = this.log.add(entry, this.clock(), evicted);
    if (result === 'duplicate') return false;
    if (result === 'ahead' || result === 'too-old') {
      console.warn(`peerhub: chat entry ${entry.id} not kept (${result === 'ahead' ? 'stamped more than 10 minutes ahead' : 'older than 30 days'})`);
      return false;
    }
    this.persist([entry], evicted);
    if (source !== 'mine') this.events.added([entry], source === 'peer' ? 'peer' : 'live');
    return true;
  }

  has(device: string, id: string): boolean {
    return this.log.has(device, id);
  }

  /** Clears this browser's copy (the others keep theirs). */
  async clear(): Promise<void> {
    await this.ready;
    this.generation++;
    this.log.clear();
    this.pendingAdds = [];
    this.pendingRemovals = [];
    await this.store.clear(this.roomId);
  }

  private async load(): Promise<void> {
    let stored: ChatEntryWire[] = [];
    try {
      stored = await this.store.load(this.roomId);
    } catch (err) {
      console.warn('peerhub: the chat history could not be read', err);
      return;
    }
    const now = this.clock();
    const added: KeptEntry[] = [];
    const stale: KeptEntry[] = [];
    for (const raw of stored) {
      // Written by this page after checking; still read as outside data (another version wrote it?).
      const parsed = parseChatEntry(raw, isChatId, isChatText);
      if (!parsed.ok) continue;
      const entry = keep(parsed.value);
      if (this.log.add(entry, now, stale) === 'added') added.push(entry);
    }
    const gone = new Set(stale.map((e) => entryKey(e.device, e.id)));
    if (stale.length > 0) this.persist([], stale);
    this.events.added(added.filter((e) => !gone.has(entryKey(e.device, e.id))), 'storage');
  }

  private async answer(from: ControlPeer, request: HistoryRequestMessage): Promise<void> {
    await this.ready;
    const missing = this.log.missingFrom(request.days).slice(-MAX_HISTORY_ENTRIES);
    const limit = Math.min(this.transport.maxMessageSize(from.id) ?? DEFAULT_MAX_MESSAGE_SIZE, MAX_FRAME_BYTES);
    let batch: ChatEntryWire[] = [];
    let bytes = BATCH_ENVELOPE_BYTES;
    const flush = (last: boolean): boolean => {
      const text = encodeChannelMessage({ type: 'history', entries: batch, last }, limit);
      batch = [];
      bytes = BATCH_ENVELOPE_BYTES;
      return text !== null && this.transport.send(from.id, text);
    };
    for (const e of missing) {
      if (batch.length > 0 && bytes + e.bytes + 1 > limit) {
        if (!flush(false)) return;
      }
      batch.push({ id: e.id, ts: e.ts, name: e.name, text: e.text, key: e.key, sig: e.sig });
      bytes += e.bytes + 1;
    }
    flush(true);
  }

  private take(from: ControlPeer, message: HistoryBatchMessage): void {
    const asked = this.asked.get(from.id);
    if (!asked) {
      console.warn(`peerhub: history from ${from.id} dropped (it answers no request of ours)`);
      return;
    }
    asked.received += message.entries.length;
    if (asked.received > MAX_HISTORY_ENTRIES) {
      console.warn(`peerhub: history from ${from.id} dropped (more than ${MAX_HISTORY_ENTRIES} entries in one answer)`);
      this.asked.delete(from.id);
      return;
    }
    if (message.last) this.asked.delete(from.id);
    const generation = this.generation;
    const previous = this.chains.get(from.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const checked = await Promise.all(message.entries.map((e) => this.check(e, from.id, true)));
      const forged = message.entries.filter((_, i) => checked[i] === null);
      if (forged.length > 0) {
        // One line per batch: a hostile peer's thousand forgeries do not flood the console.
        const ids = forged.slice(0, 3).map((e) => e.id).join(', ');
        console.warn(`peerhub: ${forged.length} history entries from ${from.id} dropped (their signature does not hold: forged or altered): ${ids}${forged.length > 3 ? ', …' : ''}`);
      }
      if (generation !== this.generation) return;
      const now = this.clock();
      const added: KeptEntry[] = [];
      const evicted: KeptEntry[] = [];
      const skipped: string[] = [];
      for (const entry of checked) {
        if (!entry) continue;
        const result = this.log.add(entry, now, evicted);
        if (result === 'added') added.push(entry);
        else if (result !== 'duplicate') skipped.push(`${entry.id} (${result})`);
      }
      if (skipped.length > 0) {
        console.warn(`peerhub: ${skipped.length} history entries from ${from.id} not kept: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', …' : ''}`);
      }
      this.persist(added, evicted);
      const gone = new Set(evicted.map((e) => entryKey(e.device, e.id)));
      const shown = added.filter((e) => !gone.has(entryKey(e.device, e.id)));
      if (shown.length > 0) this.events.added(shown, 'peer');
      if (message.last) this.events.answered(from.id, this.log.size);
    });
    this.chains.set(from.id, next.catch((err: unknown) => console.warn(`peerhub: history from ${from.id} failed`, err)));
  }

  private persist(added: KeptEntry[], removed: KeptEntry[]): void {
    this.pendingAdds.push(...added);
    this.pendingRemovals.push(...removed);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One transaction for a burst (a whole answer), not one per entry.
    setTimeout(() => {
      this.flushScheduled = false;
      const gone = new Set(this.pendingRemovals.map((e) => entryKey(e.device, e.id)));
      const adds = this.pendingAdds.filter((e) => !gone.has(entryKey(e.device, e.id)));
      const removals = this.pendingRemovals;
      this.pendingAdds = [];
      this.pendingRemovals = [];
      this.store.save(this.roomId, adds, removals).catch((err: unknown) => console.warn('peerhub: the chat history could not be saved', err));
    }, 50);
  }
}

/** WebCrypto's Ed25519 with each device key imported once (a room has few senders, a history many entries). */
export function cachedNativeCheck(subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null): SignatureCheck {
  const keys = new Map<string, Promise<CryptoKey | null>>();
  return async (key, data, sig) => {
    if (!subtle) return verifyDeviceSignatureNative(key, data, sig, null);
    const id = String.fromCharCode(...key);
    let imported = keys.get(id);
    if (!imported) {
      imported = subtle.importKey('raw', key as BufferSource, { name: 'Ed25519' }, false, ['verify']).catch(() => null);
      if (keys.size < 1024) keys.set(id, imported);
    }
    const cryptoKey = await imported;
    if (!cryptoKey) return verifyDeviceSignatureNative(key, data, sig, null);
    try {
      return await subtle.verify({ name: 'Ed25519' }, cryptoKey, sig as BufferSource, data as BufferSource);
    } catch {
      return false;
    }
  };
}

