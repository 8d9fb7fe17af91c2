/**
 * The full mesh: one PeerLink per other peer in the room, kept in step with what the signaling
 * server says about the room. It also holds the roster (who is here, their names and kinds).
 *
 * Peer connections outlive signaling outages on purpose: while the socket is down nothing is
 * torn down, because the server keeps us "away" (not gone) for the resume window.
 *
 * It is also the one gate of verification (docs/protocol.md "Verifying a peer"): until the
 * greeter has verified a peer, nothing but `hello` passes to or from it: `send`, `broadcast`
 * and `openChannel` refuse, the control router delivers only its hello, and a data channel it
 * opens is closed on arrival. Chat, transfers and documents start with a peer on
 * `peer-verified`. A peer that fails is cut off and stays so until it joins again.
 */
import { ControlRouter } from './control-router';
import { Emitter } from './emitter';
import { Greeter, type HelloCredentials, type Timers, type Trust } from './greeter';
import { PeerLink, type LinkSink, type LinkState } from './peer-link';
import { parseSignalData, type IceServer, type Peer, type SignalData, type WelcomeMessage } from './protocol';

export interface RoomPeer extends Peer {
  state: LinkState;
  trust: Trust;
  /** Its device id (its key's), once it is verified. */
  device?: string;
  /** Its raw device key, once it is verified. */
  key?: Uint8Array;
}

export type MeshEvents = {
  'peer-added': [peer: RoomPeer];
  'peer-removed': [peer: RoomPeer];
  'peer-updated': [peer: RoomPeer];
  'peer-state': [peer: RoomPeer];
  'channel-open': [peer: RoomPeer];
  /** The peer proved itself on this connection; its device and key are on the peer now. */
  'peer-verified': [peer: RoomPeer];
  /** The peer failed to prove itself: its connection is closed. */
  'peer-not-verified': [peer: RoomPeer];
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

/** What the mesh uses of a PeerLink (tests give it a link without a browser). */
export type MeshLink = Pick<
  PeerLink,
  'state' | 'handleSignal' | 'send' | 'openChannel' | 'maxMessageSize' | 'close' | 'restartIce' | 'localFingerprint' | 'remoteFingerprint'
>;

export type LinkFactory = (selfId: string, peerId: string, iceServers: IceServer[], sink: LinkSink) => MeshLink;

interface Entry {
  peer: RoomPeer;
  link: MeshLink;
}

export class Mesh extends Emitter<MeshEvents> {
  private selfId: string | null = null;
  private iceServers: IceServer[] = [];
  private readonly entries = new Map<string, Entry>();
  private readonly early = new Map<string, { at: number; data: SignalData[] }>();
  /** Where chat, transfers and the greeter take their control-channel messages. */
  readonly control: ControlRouter;
  private readonly greeter: Greeter;

  constructor(
    private readonly sendSignal: SignalSender,
    greeting: () => { name: string },
    credentials: HelloCredentials,
    private readonly createLink: LinkFactory = (self, peer, ice, sink) => new PeerLink(self, peer, ice, sink),
    timers?: Timers,
  ) {
    super();
    this.control = new ControlRouter((from, type) => type === 'hello' || this.greeter.hears(from.id));
    this.greeter = new Greeter(
      this.control,
      (id, text) => this.entries.get(id)?.link.send(text) ?? false,
      greeting,
      credentials,
      (id) => {
        const link = this.entries.get(id)?.link;
        if (!link || !this.selfId) return null;
        return { selfId: this.selfId, localFingerprint: link.localFingerprint, remoteFingerprint: link.remoteFingerprint };
      },
      timers,
    );
    this.greeter.on('verified', (id, { key, device }) => {
      const entry = this.entries.get(id);
      if (!entry) return;
      Object.assign(entry.peer, { trust: 'verified', key, device });
      this.emit('peer-verified', entry.peer);
    });
    this.greeter.on('refused', (id) => {
      const entry = this.entries.get(id);
      if (!entry) return;
      entry.peer.trust = 'not-verified';
      // Closed, not rebuilt: a relay would only be handed another try. It may join again.
      entry.link.close();
      this.emit('peer-not-verified', entry.peer);
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
    const roomPeer: RoomPeer = { ...peer, state: 'connecting', trust: 'verifying' };
    this.greeter.forget(peer.id);
    const link = this.createLink(this.selfId, peer.id, this.iceServers, {
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
      dataChannel: (channel) => {
        if (!this.greeter.hears(peer.id)) {
          console.warn(`peerhub: data channel ${channel.label} from ${peer.id} closed (not verified)`);
          channel.close();
          return;
        }
        this.emit('data-channel', roomPeer, channel);
      },
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
    this.greeter.forget(id);
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

  /** Sends one control-channel message to one verified peer; false if it is not, or its channel is not open. */
  send(id: string, text: string): boolean {
    if (!this.greeter.verified(id)) return false;
    return this.entries.get(id)?.link.send(text) ?? false;
  }

  /** Opens an extra data channel to one verified peer; null if it is not, or there is no connection. */
  openChannel(id: string, label: string): RTCDataChannel | null {
    if (!this.greeter.verified(id)) return null;
    return this.entries.get(id)?.link.openChannel(label) ?? null;
  }

  maxMessageSize(id: string): number | null {
    return this.entries.get(id)?.link.maxMessageSize ?? null;
  }

  /** Sends to every verified peer whose channel is open; returns how many got it. */
  broadcast(text: string): number {
    let delivered = 0;
    for (const id of this.entries.keys()) if (this.send(id, text)) delivered++;
    return delivered;
  }
}
