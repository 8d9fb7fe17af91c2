/**
 * The full mesh: one PeerLink per other peer in the room, kept in step with what the signaling
 * server says about the room. It also holds the roster (who is here, their names and kinds).
 *
 * Peer connections outlive signaling outages on purpose: while the socket is down nothing is
 * torn down, because the server keeps us "away" (not gone) for the resume window.
 */
import { ControlRouter } from './control-router';
import { Emitter } from './emitter';
import { Greeter, type Greeting } from './greeter';
import { PeerLink, type LinkState } from './peer-link';
import { parseSignalData, type IceServer, type Peer, type SignalData, type WelcomeMessage } from './protocol';

export interface RoomPeer extends Peer {
  state: LinkState;
  /** The device id its hello gave, once it said hello. */
  device?: string;
}

export type MeshEvents = {
  'peer-added': [peer: RoomPeer];
  'peer-removed': [peer: RoomPeer];
  'peer-updated': [peer: RoomPeer];
  'peer-state': [peer: RoomPeer];
  'channel-open': [peer: RoomPeer];
  /** The peer said hello on its control channel (its device, if any, is on the peer now). */
  'peer-hello': [peer: RoomPeer];
  /** A data channel the peer opened besides the control channel (a file transfer). */
  'data-channel': [peer: RoomPeer, channel: RTCDataChannel];
};

export type SignalSender = (to: string, data: SignalData) => void;

/**
 * Signals from an id we have not heard of yet (its `peer-joined` may be a moment behind) are
 * held briefly rather than dropped, so the first offer is not lost.
 */
const MAX_EARLY_SIGNALS_PER_PEER = 64;
const EARLY_SIGNAL_TTL_MS = 30_000;

interface Entry {
  peer: RoomPeer;
  link: PeerLink;
}

export class Mesh extends Emitter<MeshEvents> {
  private selfId: string | null = null;
  private iceServers: IceServer[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly early = new Map<string, { at: number; data: SignalData[] }>();
  /** Where chat, transfers and the greeter take their control-channel messages. */
  readonly control = new ControlRouter();
  private readonly greeter: Greeter;

  constructor(
    private readonly sendSignal: SignalSender,
    greeting: () => Greeting,
  ) {
    super();
    this.greeter = new Greeter(this.control, (id, text) => this.send(id, text), greeting);
    this.greeter.on('hello', (from, hello) => {
      const entry = this.entries.get(from.id);
      if (!entry) return;
      entry.peer.device = hello.device;
      this.emit('peer-hello', entry.peer);
    });
  }

  get peers(): RoomPeer[] {
    return [...this.entries.values()].map((e) => e.peer);
  }

  peer(id: string): RoomPeer | undefined {
    return this.entries.get(id)?.peer;
  }

  /**
   * Applies a welcome. A resumed or first welcome reconciles the roster with the server's list;
   * a welcome with a new peer id (our resume failed) means every peer knows us by a dead id,
   * so every connection is torn down and rebuilt.
   */
  applyWelcome(welcome: WelcomeMessage, newIdentity: boolean): void {
    if (newIdentity) this.removeAll();
    this.selfId = welcome.self.id;
    this.iceServers = welcome.iceServers;
    const present = new Set(welcome.peers.map((p) => p.id));
    for (const id of [...this.entries.keys()]) if (!present.has(id)) this.removePeer(id);
    for (const peer of welcome.peers) {
      if (this.entries.has(peer.id)) this.updatePeer(peer);
      else this.addPeer(peer);
    }
    // ICE restarts attempted while we were offline could not be signaled; try again now.
    for (const { link } of this.entries.values()) if (link.state === 'failed') link.restartIce();
  }

  addPeer(peer: Peer): void {
    if (!this.selfId || peer.id === this.selfId || this.entries.has(peer.id)) return;
    const roomPeer: RoomPeer = { ...peer, state: 'connecting' };
    const link = new PeerLink(this.selfId, peer.id, this.iceServers, {
      signal: (data) => this.sendSignal(peer.id, data),
      state: (state) => {
        roomPeer.state = state;
        this.emit('peer-state', roomPeer);
      },
      channelOpen: () => {
        this.greeter.opened(peer.id);
        this.emit('channel-open', roomPeer);
      },
      channelMessage: (data) => this.control.receive(roomPeer, data),
      dataChannel: (channel) => this.emit('data-channel', roomPeer, channel),
    });
    this.entries.set(peer.id, { peer: roomPeer, link });
    this.emit('peer-added', roomPeer);

    const early = this.early.get(peer.id);
    this.early.delete(peer.id);
    if (early && Date.now() - early.at < EARLY_SIGNAL_TTL_MS) {
      for (const data of early.data) link.handleSignal(data);
    }
  }

  updatePeer(peer: Peer): void {
    const entry = this.entries.get(peer.id);
    if (!entry) return;
    if (entry.peer.name === peer.name && entry.peer.kind === peer.kind) return;
    entry.peer.name = peer.name;
    entry.peer.kind = peer.kind;
    this.emit('peer-updated', entry.peer);
  }

  removePeer(id: string): void {
    const entry = this.entries.get(id);
    this.early.delete(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.link.close();
    this.emit('peer-removed', entry.peer);
  }

  removeAll(): void {
    for (const id of [...this.entries.keys()]) this.removePeer(id);
    this.early.clear();
  }

  handleSignal(from: string, raw: Record<string, unknown>): void {
    const parsed = parseSignalData(raw);
    if (!parsed.ok) {
      console.warn(`peerhub: signal from ${from} dropped (${parsed.reason})`);
      return;
    }
    const entry = this.entries.get(from);
    if (entry) {
      entry.link.handleSignal(parsed.value);
      return;
    }
    if (from === this.selfId) return;
    let held = this.early.get(from);
    if (!held || Date.now() - held.at > EARLY_SIGNAL_TTL_MS) {
      held = { at: Date.now(), data: [] };
      this.early.set(from, held);
    }
    if (held.data.length < MAX_EARLY_SIGNALS_PER_PEER) held.data.push(parsed.value);
  }

  /** Sends one control-channel message to one peer; false if its channel is not open. */
  send(id: string, text: string): boolean {
    return this.entries.get(id)?.link.send(text) ?? false;
  }

  /** Opens an extra data channel to one peer; null if there is no connection to it. */
  openChannel(id: string, label: string): RTCDataChannel | null {
    return this.entries.get(id)?.link.openChannel(label) ?? null;
  }

  maxMessageSize(id: string): number | null {
    return this.entries.get(id)?.link.maxMessageSize ?? null;
  }

  /** Sends to every peer whose channel is open; returns how many got it. */
  broadcast(text: string): number {
    let delivered = 0;
    for (const { link } of this.entries.values()) if (link.send(text)) delivered++;
    return delivered;
  }
}
