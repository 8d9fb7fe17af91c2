/**
 * One router for the control channel (docs/protocol.md §2 "Control channel"), modelled on the
 * server's Handlers: each raw message from a peer is validated once, then handed to the one
 * module that registered for its type (the mesh's greeter for `hello`, chat for `chat`, the
 * transfers for `transfer-*`). Modules never see each other's messages, and tests drive this
 * entry point, which is the one production uses.
 */
import { parseChannelMessage, type ChannelMessage } from './protocol';

/** Who sent a message: the peer id and the name the room knows it by now. */
export interface ControlPeer {
  readonly id: string;
  readonly name: string;
}

export type ChannelMessageType = ChannelMessage['type'];
export type MessageOf<K extends ChannelMessageType> = Extract<ChannelMessage, { type: K }>;
export type ControlHandler<K extends ChannelMessageType> = (from: ControlPeer, message: MessageOf<K>) => void;

/** What a module needs to take its message types. */
export interface ControlRoutes {
  on<K extends ChannelMessageType>(type: K, handler: ControlHandler<K>): void;
}

/**
 * What happens to a message of `type` from `from` (the mesh's verification gate): delivered,
 * held until the gate opens or shuts for that peer (its hello is being checked), or dropped.
 */
export type GateVerdict = 'pass' | 'hold' | 'drop';
export type ControlGate = (from: ControlPeer, type: ChannelMessageType) => GateVerdict;

/**
 * Messages held per peer while its hello is checked. An honest peer sends nothing after its
 * hello until it has verified us, so only a burst right after verification lands here; the
 * bound keeps a peer that floods during the check from costing memory.
 */
export const MAX_HELD_PER_PEER = 64;

export class ControlRouter implements ControlRoutes {
  private readonly handlers = new Map<ChannelMessageType, (from: ControlPeer, message: ChannelMessage) => void>();

  private readonly held = new Map<string, { from: ControlPeer; message: ChannelMessage }[]>();

  constructor(private readonly admits: ControlGate = () => 'pass') {}

  on<K extends ChannelMessageType>(type: K, handler: ControlHandler<K>): void {
    if (this.handlers.has(type)) throw new Error(`peerhub: two handlers for ${type}`);
    this.handlers.set(type, handler as (from: ControlPeer, message: ChannelMessage) => void);
  }

  /** One raw control-channel message from `from`: dropped with a log line unless valid and taken. */
  receive(from: ControlPeer, raw: unknown): void {
    const parsed = parseChannelMessage(raw);
    if (!parsed.ok) {
      console.warn(`peerhub: message from ${from.id} dropped (${parsed.reason})`);
      return;
    }
    const verdict = this.held.has(from.id) ? 'hold' : this.admits(from, parsed.value.type);
    if (verdict === 'hold') {
      // Once anything is held, later messages queue behind it: order on the channel is kept.
      const queue = this.held.get(from.id) ?? [];
      if (queue.length >= MAX_HELD_PER_PEER) {
        console.warn(`peerhub: ${parsed.value.type} from ${from.id} dropped (too many while its hello is checked)`);
        return;
      }
      queue.push({ from, message: parsed.value });
      this.held.set(from.id, queue);
      return;
    }
    this.deliver(from, parsed.value, verdict);
  }

  /** The gate for `peerId` changed (its hello was checked): held messages go through it again, in order. */
  release(peerId: string): void {
    const queue = this.held.get(peerId);
    if (!queue) return;
    this.held.delete(peerId);
    for (let i = 0; i < queue.length; i++) {
      const { from, message } = queue[i]!;
      const verdict = this.admits(from, message.type);
      if (verdict === 'hold') {
        // Still undecided: it and everything after it keep waiting, in order.
        this.held.set(peerId, queue.slice(i));
        return;
      }
      this.deliver(from, message, verdict);
    }
  }

  /** The peer is gone or refused: what it sent meanwhile is dropped unread. */
  discard(peerId: string): void {
    const queue = this.held.get(peerId);
    this.held.delete(peerId);
    if (queue?.length) console.warn(`peerhub: ${queue.length} held message(s) from ${peerId} dropped (not verified)`);
  }

  private deliver(from: ControlPeer, message: ChannelMessage, verdict: 'pass' | 'drop'): void {
    if (verdict === 'drop') {
      console.warn(`peerhub: ${message.type} from ${from.id} dropped (not verified)`);
      return;
    }
    const handler = this.handlers.get(message.type);
    if (!handler) {
      console.warn(`peerhub: message from ${from.id} dropped (nobody handles ${message.type})`);
      return;
    }
    handler(from, message);
  }
}
