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

/** Whether a message of `type` from `from` may be delivered at all (the mesh's verification gate). */
export type ControlGate = (from: ControlPeer, type: ChannelMessageType) => boolean;

export class ControlRouter implements ControlRoutes {
  private readonly handlers = new Map<ChannelMessageType, (from: ControlPeer, message: ChannelMessage) => void>();

  constructor(private readonly admits: ControlGate = () => true) {}

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
    if (!this.admits(from, parsed.value.type)) {
      console.warn(`peerhub: ${parsed.value.type} from ${from.id} dropped (not verified)`);
      return;
    }
    const handler = this.handlers.get(parsed.value.type);
    if (!handler) {
      console.warn(`peerhub: message from ${from.id} dropped (nobody handles ${parsed.value.type})`);
      return;
    }
    handler(from, parsed.value);
  }
}
