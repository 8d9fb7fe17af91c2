/**
 * Chat over the control channel (docs/protocol.md §2): a `hello` when a channel opens, then
 * `chat` messages. Incoming messages are validated, de-duplicated by (sender, id), and handed
 * on as plain data; this module never touches the DOM.
 */
import { Emitter } from './emitter';
import type { ControlRoutes } from './control-router';
import { MAX_CHAT_CODE_POINTS, codePointLength, encodeChannelMessage, type ChatMessage } from './protocol';

export interface ChatEntry {
  id: string;
  /** Peer id of the sender; for my own messages, my id at the time (or null before joining). */
  from: string | null;
  fromName: string;
  text: string;
  ts: number;
  mine: boolean;
}

export type ChatEvents = {
  message: [entry: ChatEntry];
};

/** What the chat needs from the mesh: send to everyone connected. */
export interface ChatTransport {
  broadcast(text: string): number;
}

export type DraftCheck =
  | { ok: true; text: string }
  | { ok: false; reason: string };

/** Remember this many message ids: enough to catch re-sends, bounded for week-long tabs. */
const MAX_REMEMBERED_IDS = 10_000;

/** Checks what the user typed before it goes out; the same limits receivers apply. */
export function checkDraft(draft: string): DraftCheck {
  if (draft.trim().length === 0) return { ok: false, reason: 'The message is empty.' };
  const length = codePointLength(draft);
  if (length > MAX_CHAT_CODE_POINTS) {
    return {
      ok: false,
      reason: `The message is too long: ${length} of at most ${MAX_CHAT_CODE_POINTS} characters.`,
    };
  }
  return { ok: true, text: draft };
}

/** A message id unique per sender: 128 random bits, base64url (works in insecure contexts too). */
export function newMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export class Chat extends Emitter<ChatEvents> {
  private readonly seen = new Set<string>();

  constructor(
    private readonly transport: ChatTransport,
    private readonly me: () => { id: string | null; name: string },
    routes: ControlRoutes,
    private readonly clock: () => number = Date.now,
  ) {
    super();
    routes.on('chat', (from, message) => this.receive(from.id, from.name, message));
  }

  /**
   * Sends a message to everyone connected. Returns how many peers got it, or an error reason
   * (too long, or too large once encoded: 4,000 control characters escape to 24 KB of JSON).
   */
  send(draft: string, now = this.clock()): { delivered: number; entry: ChatEntry } | { error: string } {
    const checked = checkDraft(draft);
    if (!checked.ok) return { error: checked.reason };
    const message: ChatMessage = { type: 'chat', id: newMessageId(), text: checked.text, ts: now };
    const encoded = encodeChannelMessage(message);
    if (!encoded) return { error: 'The message is too large to send; please shorten it.' };
    const delivered = this.transport.broadcast(encoded);
    const me = this.me();
    const entry: ChatEntry = { id: message.id, from: me.id, fromName: me.name, text: message.text, ts: now, mine: true };
    this.remember(`${me.id ?? ''}:${message.id}`);
    this.emit('message', entry);
    return { delivered, entry };
  }

  /** A validated chat message from a peer whose current name is `fromName` (via the router). */
  private receive(from: string, fromName: string, message: ChatMessage): void {
    const now = this.clock();
    const key = `${from}:${message.id}`;
    if (this.seen.has(key)) return;
    this.remember(key);
    // The sender's clock may be ahead of ours; never show a message as sent in the future.
    const ts = Math.min(message.ts, now);
    this.emit('message', { id: message.id, from, fromName, text: message.text, ts, mine: false });
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
