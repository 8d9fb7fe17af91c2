/**
 * Chat over the control channel (docs/protocol.md §2): `chat` messages to the room, signed with
 * this device's key so that they can be kept and relayed as history (./chat-history), and
 * `direct` texts to one peer. Incoming messages are validated, de-duplicated, and handed on as
 * plain data; this module never touches the DOM.
 */
import { t } from './i18n';
import { ChatHistory, type SignatureCheck } from './chat-history';
import type { KeptEntry } from './chat-log';
import { keep } from './chat-log';
import type { ChatStore } from './chat-store';
import { Emitter } from './emitter';
import type { ControlPeer, ControlRoutes } from './control-router';
import {
  MAX_CHAT_CODE_POINTS,
  chatBinding,
  codePointLength,
  encodeChannelMessage,
  isSignedName,
  type ChatMessage,
  type DirectMessage,
} from './protocol';
import { toBase64Url } from './protocol/trust';

export interface ChatEntry {
  id: string;
  /** Peer id of a live sender; for my own messages, my id at the time (null before joining or from history). */
  from: string | null;
  /** The name the sender went by when it wrote this (signed), or signaling's name for an unsigned one. */
  fromName: string;
  /** The sender's device id, for a signed (kept) entry. */
  device?: string;
  /** The name signaling knows a live sender by now, when it is not the name it signed. */
  knownAs?: string;
  text: string;
  /** When it was written, as shown: never in the future. */
  ts: number;
  /** The order every peer shows the room's messages in: (ts as signed, device or sender, id). */
  order: readonly [number, string, string];
  mine: boolean;
  /** A direct text: to the peer named `peerName`, or from it to me. */
  direct?: 'to' | 'from';
  peerName?: string;
  /** Kept in this browser's history (and offered to peers that lack it). */
  kept: boolean;
  /** It came from storage or from another peer's history, not live. */
  fromHistory: boolean;
}

export type ChatEvents = {
  message: [entry: ChatEntry];
  /** Many at once (storage, a peer's history): the panel inserts them in one go. */
  messages: [entries: ChatEntry[]];
  cleared: [];
  /** A history answer from a peer is complete (test hook and benchmarks read it). */
  'history-answered': [peerId: string, kept: number];
};

/** What the chat needs from the mesh: send to everyone connected, or to one peer. */
export interface ChatTransport {
  broadcast(text: string): number;
  send?(peerId: string, text: string): boolean;
  maxMessageSize?(peerId: string): number | null;
}

/** What keeping history needs: the room, this device's key, storage, and each peer's proven key. */
export interface ChatHistoryOptions {
  roomId: string;
  identity: Promise<{ publicKey: Uint8Array; sign(data: Uint8Array): Promise<Uint8Array> }>;
  store: ChatStore;
  peerKey(peerId: string): Uint8Array | undefined;
  peerName(peerId: string): string | undefined;
  checkSignature?: SignatureCheck;
}

export type DraftCheck =
  | { ok: true; text: string }
  | { ok: false; reason: string };

/** Remember this many ids of messages not kept (unsigned, direct): enough to catch re-sends. */
const MAX_REMEMBERED_IDS = 10_000;

/** Checks what the user typed before it goes out; the same limits receivers apply. */
export function checkDraft(draft: string): DraftCheck {
  if (draft.trim().length === 0) return { ok: false, reason: t('chat.draftEmpty') };
  const length = codePointLength(draft);
  if (length > MAX_CHAT_CODE_POINTS) {
    return {
      ok: false,
      reason: t('chat.draftTooLong', { length, max: MAX_CHAT_CODE_POINTS }),
    };
  }
  return { ok: true, text: draft };
}

/** A message id unique per sender: 128 random bits, base64url (works in insecure contexts too). */
export function newMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type SendResult = { delivered: number; entry: ChatEntry } | { error: string };

export class Chat extends Emitter<ChatEvents> {
  private readonly seen = new Set<string>();
  private readonly clock: () => number;
  private lastSentTs = 0;
  readonly history: ChatHistory | null;

  constructor(
    private readonly transport: ChatTransport,
    private readonly me: () => { id: string | null; name: string },
    routes: ControlRoutes,
    options: { clock?: () => number; history?: ChatHistoryOptions } = {},
  ) {
    super();
    this.clock = options.clock ?? Date.now;
    const h = options.history;
    this.historyOptions = h ?? null;
    this.history = h
      ? new ChatHistory(
          h.roomId,
          h.store,
          { send: (id, text) => transport.send?.(id, text) ?? false, maxMessageSize: (id) => transport.maxMessageSize?.(id) ?? null },
          routes,
          {
            added: (entries, source) => {
              if (source === 'live') return; // shown by receive(), with its live sender
              // After the key is known, so that my own kept messages show as mine.
              void this.signer().then(() => this.emit('messages', entries.map((e) => this.viewOf(e, null, true))));
            },
            // Behind the entries' own emission (same promise), so the mark follows what it marks.
            answered: (peerId, kept) => void this.signer().then(() => this.emit('history-answered', peerId, kept)),
          },
          this.clock,
          h.checkSignature,
        )
      : null;
    routes.on('chat', (from, message) => void this.receive(from, message));
    routes.on('direct', (from, message) => this.receiveDirect(from, message));
  }

  private readonly historyOptions: ChatHistoryOptions | null;

  /**
   * Sends a message to everyone connected. Resolves to how many peers got it, or an error reason
   * (too long, or too large once encoded: 4,000 control characters escape to 24 KB of JSON).
   */
  async send(draft: string, clockNow = this.clock()): Promise<SendResult> {
    const checked = checkDraft(draft);
    if (!checked.ok) return { error: checked.reason };
    // Strictly increasing per sender: two messages in one millisecond would otherwise sort by
    // their random ids (the shared order is ts, device, id) and could swap on every peer.
    const now = Math.max(clockNow, this.lastSentTs + 1);
    this.lastSentTs = now;
    const me = this.me();
    let message: ChatMessage = { type: 'chat', id: newMessageId(), text: checked.text, ts: now };
    let kept: KeptEntry | null = null;
    const signer = this.historyOptions && isSignedName(me.name) ? await this.signer() : null;
    if (signer && this.historyOptions) {
      const binding = chatBinding(this.historyOptions.roomId, message.id, now, me.name, message.text, signer.publicKey);
      const sig = toBase64Url(await signer.sign(binding));
      message = { ...message, name: me.name, sig };
      kept = keep({ id: message.id, ts: now, name: me.name, text: message.text, key: toBase64Url(signer.publicKey), sig });
    }
    const encoded = encodeChannelMessage(message);
    if (!encoded) return { error: t('chat.tooLarge') };
    const delivered = this.transport.broadcast(encoded);
    if (kept) this.history?.add(kept, 'mine');
    else this.remember(`${me.id ?? ''}:${message.id}`);
    const entry: ChatEntry = {
      ...(kept ? this.viewOf(kept, me.id, false) : this.unsignedView(message.id, me.id, me.name, message.text, now, now)),
      mine: true,
    };
    this.emit('message', entry);
    return { delivered, entry };
  }

  /** Sends a text to one peer only; the error says why it did not go. */
  sendDirect(peerId: string, peerName: string, draft: string, now = this.clock()): SendResult {
    const checked = checkDraft(draft);
    if (!checked.ok) return { error: checked.reason };
    const message: DirectMessage = { type: 'direct', id: newMessageId(), text: checked.text, ts: now };
    const encoded = encodeChannelMessage(message);
    if (!encoded) return { error: t('chat.textTooLarge') };
    if (!this.transport.send?.(peerId, encoded)) return { error: `${peerName} is not connected right now, so the text was not sent.` };
    const me = this.me();
    const entry: ChatEntry = {
      ...this.unsignedView(message.id, me.id, me.name, message.text, now, now),
      mine: true,
      direct: 'to',
      peerName,
    };
    this.emit('message', entry);
    return { delivered: 1, entry };
  }

  /** A peer was verified: exchange history with it. */
  peerVerified(peerId: string): void {
    void this.history?.peerVerified(peerId);
  }

  peerGone(peerId: string): void {
    this.history?.peerGone(peerId);
  }

  /** Deletes this browser's copy of the room's history. */
  async clearHistory(): Promise<void> {
    await this.history?.clear();
    this.emit('cleared');
  }

  private signerPromise: Promise<{ publicKey: Uint8Array; sign(data: Uint8Array): Promise<Uint8Array> } | null> | null = null;

  private signer(): Promise<{ publicKey: Uint8Array; sign(data: Uint8Array): Promise<Uint8Array> } | null> {
    this.signerPromise ??= (this.historyOptions?.identity ?? Promise.reject(new Error('no history'))).then(
      (identity) => {
        this.myKey = toBase64Url(identity.publicKey);
        return identity;
      },
      () => null,
    );
    return this.signerPromise;
  }

  /** A validated chat message from a verified peer (via the router). */
  private async receive(from: ControlPeer, message: ChatMessage): Promise<void> {
    const now = this.clock();
    const key = this.historyOptions?.peerKey(from.id);
    if (message.sig && message.name && key && this.history) {
      const entry = await this.history.check(
        { id: message.id, ts: message.ts, name: message.name, text: message.text, key: toBase64Url(key), sig: message.sig },
        from.id,
      );
      if (!entry || this.history.has(entry.device, entry.id) || this.seen.has(`${entry.device}:${entry.id}`)) return;
      const kept = this.history.add(entry, 'live');
      if (!kept) this.remember(`${entry.device}:${entry.id}`);
      const view = this.viewOf(entry, from.id, false);
      if (!kept) view.kept = false;
      const current = this.historyOptions?.peerName(from.id) ?? from.name;
      if (current !== entry.name) view.knownAs = current;
      this.emit('message', view);
      return;
    }
    const seenKey = `${from.id}:${message.id}`;
    if (this.seen.has(seenKey)) return;
    this.remember(seenKey);
    this.emit('message', this.unsignedView(message.id, from.id, from.name, message.text, message.ts, now));
  }

  private receiveDirect(from: ControlPeer, message: DirectMessage): void {
    const seenKey = `direct ${from.id}:${message.id}`;
    if (this.seen.has(seenKey)) return;
    this.remember(seenKey);
    const entry = this.unsignedView(message.id, from.id, from.name, message.text, message.ts, this.clock());
    this.emit('message', { ...entry, direct: 'from', peerName: from.name });
  }

  private viewOf(entry: KeptEntry, from: string | null, fromHistory: boolean): ChatEntry {
    return {
      id: entry.id,
      from,
      fromName: entry.name,
      device: entry.device,
      text: entry.text,
      // The sender's clock may be ahead of ours; never show a message as sent in the future.
      ts: Math.min(entry.ts, this.clock()),
      order: [entry.ts, entry.device, entry.id],
      mine: this.myKey !== null && this.myKey === entry.key,
      kept: true,
      fromHistory,
    };
  }

  /** My device key, base64url, once known. */
  private myKey: string | null = null;

  private unsignedView(id: string, from: string | null, fromName: string, text: string, ts: number, now: number): ChatEntry {
    return {
      id,
      from,
      fromName,
      text,
      ts: Math.min(ts, now),
      order: [ts, from ?? '', id],
      mine: false,
      kept: false,
      fromHistory: false,
    };
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seen.size > MAX_REMEMBERED_IDS) {
      // Sets iterate in insertion order: the first key is the oldest.
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
