/**
 * The signaling socket opened by the room page's first, small script (room-entry.ts), while the
 * rest of the page is still loading: it joins at once and keeps what the server says until the
 * SignalingClient takes the socket over. Joining used to wait for the whole room code to load and
 * run (~100 ms to code running, then ~100 ms more to the welcome: docs/benchmarks.md "Join"); now
 * the welcome, and often the first peer's offer, are waiting when the room code starts.
 */
import { PROTOCOL_VERSION } from './protocol/common';
import type { ClientKind, ClientMessage } from './protocol/signaling';
import { markSocketOpen } from './test-hooks';

/** What a join says; the one place its frame is built, for the early socket and the client alike. */
export interface JoinFields {
  room: string;
  proof: string;
  kind: ClientKind;
  name: string;
  resume?: string | null;
}

export function joinFrame(fields: JoinFields): ClientMessage {
  const join: ClientMessage = {
    type: 'join',
    v: PROTOCOL_VERSION,
    room: fields.room,
    proof: fields.proof,
    name: fields.name,
    kind: fields.kind,
  };
  if (fields.resume) join.resume = fields.resume;
  return join;
}

/**
 * Frames kept until the hand-over. A welcome, its peers' joins and their first signals are a few
 * dozen; a room code that takes so long to load that more pile up is better served by a fresh
 * connection than by a replay, so past this the early socket gives up (the client connects anew).
 */
export const MAX_EARLY_FRAMES = 512;

/** What the SignalingClient takes over: the socket, whether the join went out, what came in. */
export interface EarlyHandOver {
  socket: WebSocket;
  joinSent: boolean;
  frames: unknown[];
  /** The socket closed before the hand-over (the join refused, the server gone): how. */
  closed: CloseEvent | null;
}

export class EarlySocket {
  private socket: WebSocket | null;
  private joinSent = false;
  private frames: unknown[] = [];
  private closed: CloseEvent | null = null;

  private fields: JoinFields | null = null;

  /**
   * Connects at once; the join goes out on open, or when `join` is called if that is later. The
   * entry makes the socket before it derives the proof and reads the name, so the handshake runs
   * in the network stack meanwhile instead of after them.
   */
  constructor(readonly url: string, join?: JoinFields) {
    let socket: WebSocket | null = null;
    try {
      socket = new WebSocket(url);
    } catch (err) {
      console.warn('peerhub: cannot open the signaling socket early', err);
    }
    this.socket = socket;
    if (!socket) return;
    socket.onopen = () => {
      markSocketOpen();
      this.sendJoin();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.frames.length < MAX_EARLY_FRAMES) {
        this.frames.push(event.data);
        return;
      }
      console.warn('peerhub: the page took too long to load; signaling starts afresh');
      this.abandon();
    };
    socket.onclose = (event: CloseEvent) => (this.closed = event);
    socket.onerror = () => undefined;
    if (join) this.join(join);
  }

  /** What to join with; sent now if the socket is open, else on open. Once. */
  join(fields: JoinFields): void {
    if (this.fields) return;
    this.fields = fields;
    if (this.socket?.readyState === WebSocket.OPEN) this.sendJoin();
  }

  private sendJoin(): void {
    if (!this.socket || !this.fields || this.joinSent) return;
    this.socket.send(JSON.stringify(joinFrame(this.fields)));
    this.joinSent = true;
  }

  /** The socket and what it heard, once; null when there is none (it failed, was abandoned or taken). */
  handOver(): EarlyHandOver | null {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return null;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    const handed: EarlyHandOver = { socket, joinSent: this.joinSent, frames: this.frames, closed: this.closed };
    this.frames = [];
    return handed;
  }

  private abandon(): void {
    const socket = this.socket;
    this.socket = null;
    this.frames = [];
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close(1000, 'page too slow to load');
  }
}
