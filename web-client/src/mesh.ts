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
 * opens is closed on arrival. While its hello's signature is being checked, what it sends and
 * the channels it opens are held, then delivered or dropped with the verdict. Chat, transfers and documents start with a peer on
 * `peer-verified`. A peer that fails is cut off and stays so until it joins again.
 *
 * It repairs connections too (docs/protocol.md "Repairing a connection"): each peer's
 * {@link Repair} watches its link and has ICE restarted, or the link rebuilt as the next
 * generation. Every signal carries the generation of the link it is for: one of an older link is
 * dropped, one of a newer link means the peer rebuilt it, so ours is rebuilt to match. A rebuilt
 * link has new DTLS fingerprints, so the peer is verified again on it, and nothing but hello
 * passes until then; `link-lost` tells the features that the old link's channels are gone.
 */
import { ControlRouter } from './control-router';
import { Emitter } from './emitter';
import { Greeter, type HelloCredentials, type Trust } from './greeter';
import type { Timers } from './timers';
import { PeerLink, type LinkSink, type LinkState, type PeerLinkOptions } from './peer-link';
import { isPolite } from './negotiation';
import { parseSignalData, MAX_SAFE_INTEGER, type IceServer, type Peer, type SignalData, type WelcomeMessage } from './protocol';
import { Repair, type RepairPhase } from './repair';
import type { ReachFacts } from './reach/link-reach';

export interface RoomPeer extends Peer {
  state: LinkState;
  /** Where the repair of its connection is; `gave-up` until the signaling is back. */
  repair: RepairPhase;
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
  /**
   * The peer's connection was replaced by a new one (repair): every channel of the old one is
   * gone (a closed RTCPeerConnection says nothing to its channels), the peer stays in the room,
   * and `peer-verified` follows once it proved itself on the new one.
   */
  'link-lost': [peer: RoomPeer];
};

export type SignalSender = (to: string, data: SignalData) => void;

/**
 * Signals from an id we have not heard of yet (its `peer-joined` may be a moment behind) are
 * held briefly rather than dropped, so the first offer is not lost.
 */
const MAX_EARLY_SIGNALS_PER_PEER = 64;
const EARLY_SIGNAL_TTL_MS = 30_000;

/**
 * A peer may have us rebuild its connection at most this often. Its own repair rebuilds at most
 * every REPAIR_REBUILD_MILLIS, so this never holds back a real one; it keeps a peer that raises
 * the generation in every signal from making us build connections as fast as it can send.
 */
const MIN_PEER_REBUILD_INTERVAL_MS = 1_000;

/**
 * What the mesh uses of a PeerLink (tests give it a link without a browser). The path's parts
 * are optional: a link without a browser has no stats and no ICE to tell about.
 */
export type MeshLink = Pick<
  PeerLink,
  | 'state' | 'handleSignal' | 'send' | 'openChannel' | 'maxMessageSize' | 'close' | 'restartIce' | 'useIceServers'
  | 'localFingerprint' | 'remoteFingerprint'
> &
  Partial<Pick<PeerLink, 'getStats' | 'reach'>>;

export type LinkFactory = (selfId: string, peerId: string, iceServers: IceServer[], sink: LinkSink, options?: PeerLinkOptions) => MeshLink;

interface Entry {
  peer: RoomPeer;
  link: MeshLink;
  /** The generation of `link`: 0 for the first connection to this peer, one more per rebuild. */
  gen: number;
  repair: Repair;
  /** When the peer last had us rebuild (ms since epoch). */
  peerRebuiltAt: number;
  /** Data channels it opened while its hello was being checked. */
  heldChannels: RTCDataChannel[];
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
    private readonly createLink: LinkFactory = (self, peer, ice, sink, options) => new PeerLink(self, peer, ice, sink, options),
    private readonly timers?: Timers,
  ) {
    super();
    this.control = new ControlRouter((from, type) => {
      if (type === 'hello' || this.greeter.hears(from.id)) return 'pass';
      return this.greeter.checking(from.id) ? 'hold' : 'drop';
    });
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
    this.greeter.on('heard', (id) => {
      this.control.release(id);
      const entry = this.entries.get(id);
      if (!entry) return;
      for (const channel of entry.heldChannels.splice(0)) this.emit('data-channel', entry.peer, channel);
    });
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
      this.dropHeld(entry);
      // Closed, not rebuilt: a relay would only be handed another try. It may join again.
      entry.repair.stop();
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
    const present = new Set(welcome.peers.map((p) => p.id));
    for (const id of [...this.entries.keys()]) if (!present.has(id)) this.removePeer(id);
    // A resume's welcome carries fresh credentials: the links that stay take them too.
    this.updateIceServers(welcome.iceServers);
    for (const peer of welcome.peers) {
      if (this.entries.has(peer.id)) this.updatePeer(peer);
      else this.addPeer(peer);
    }
    // Repair signals sent while we were offline were lost; any repair under way starts over.
    for (const { repair } of this.entries.values()) repair.retry();
  }

  /**
   * Fresh ICE servers (renewed TURN credentials, `ice-servers`): every link made from now on uses
   * them, and every live one takes them for its next gathering (an ICE restart).
   */
  updateIceServers(servers: IceServer[]): void {
    this.iceServers = servers;
    for (const { link } of this.entries.values()) link.useIceServers(servers);
  }

  addPeer(peer: Peer): void {
    if (!this.selfId || peer.id === this.selfId || this.entries.has(peer.id)) return;
    const roomPeer: RoomPeer = { ...peer, state: 'connecting', repair: 'idle', trust: 'verifying' };
    this.greeter.forget(peer.id);
    const early = this.early.get(peer.id);
    this.early.delete(peer.id);
    const held = early && Date.now() - early.at < EARLY_SIGNAL_TTL_MS ? early.data : [];
    const entry: Entry = { peer: roomPeer, link: null!, heldChannels: [], gen: 0, repair: null!, peerRebuiltAt: 0 };
    entry.repair = new Repair(
      {
        restartIce: () => {
          console.info(`peerhub: restarting ICE toward ${peer.id} (connection ${entry.gen})`);
          return entry.link.restartIce();
        },
        rebuild: () => this.relink(entry, Math.min(entry.gen + 1, MAX_SAFE_INTEGER), true),
        phase: (phase) => {
          roomPeer.repair = phase;
          this.emit('peer-state', roomPeer);
        },
      },
      { leads: !isPolite(this.selfId, peer.id), timers: this.timers },
    );
    // Signals held from before its peer-joined may already be for a later connection.
    entry.link = this.linkFor(entry, Math.max(0, ...held.map((d) => d.gen ?? 0)));
    this.entries.set(peer.id, entry);
    this.emit('peer-added', roomPeer);
    for (const data of held) this.deliver(entry, data);
  }

  /** A new link of generation `gen` for the entry's peer; its events count only while it is current. */
  private linkFor(entry: Entry, gen: number, offerFirst = false): MeshLink {
    const { peer } = entry;
    entry.gen = gen;
    const current = () => this.entries.get(peer.id) === entry && entry.link === link;
    const link: MeshLink = this.createLink(this.selfId!, peer.id, this.iceServers, {
      signal: (data) => {
        if (current()) this.sendSignal(peer.id, { ...data, gen });
      },
      state: (state) => {
        if (!current()) return;
        peer.state = state;
        this.emit('peer-state', peer);
        entry.repair.linkState(state);
      },
      channelOpen: () => {
        if (!current()) return;
        this.greeter.opened(peer.id);
        this.emit('channel-open', peer);
      },
      channelMessage: (data) => {
        if (current()) this.control.receive(peer, data);
      },
      dataChannel: (channel) => {
        if (!current()) {
          channel.close();
          return;
        }
        if (this.greeter.checking(peer.id)) {
          entry.heldChannels.push(channel);
          return;
        }
        if (!this.greeter.hears(peer.id)) {
          console.warn(`peerhub: data channel ${channel.label} from ${peer.id} closed (not verified)`);
          channel.close();
          return;
        }
        this.emit('data-channel', peer, channel);
      },
    }, { offerFirst });
    return link;
  }

  /**
   * Replaces the peer's link with a new one of generation `gen`: ours (a repair's rebuild) or the
   * peer's (a signal of that generation came). The peer is verified again on the new link.
   */
  private relink(entry: Entry, gen: number, ours: boolean): void {
    const { peer } = entry;
    console.info(`peerhub: connection to ${peer.id} rebuilt (generation ${gen})`);
    const old = entry.link;
    entry.link = null!; // the old link's late events no longer count
    this.dropHeld(entry); // what the old link held for its hello check goes with it
    old.close();
    this.greeter.forget(peer.id);
    peer.trust = 'verifying';
    delete peer.device;
    delete peer.key;
    peer.state = 'connecting';
    this.emit('link-lost', peer);
    entry.link = this.linkFor(entry, gen, ours);
    this.emit('peer-state', peer);
  }

  /** One signal to the entry's link, by generation: older is stale, newer means the peer rebuilt. */
  private deliver(entry: Entry, data: SignalData): void {
    const gen = data.gen ?? 0;
    if (gen < entry.gen) {
      console.debug(`peerhub: signal from ${entry.peer.id} for connection ${gen} dropped (now ${entry.gen})`);
      return;
    }
    if (gen > entry.gen) {
      if (entry.peer.trust === 'not-verified') return; // cut off: not rebuilt until it joins again
      const now = Date.now();
      if (now - entry.peerRebuiltAt < MIN_PEER_REBUILD_INTERVAL_MS) {
        console.warn(`peerhub: ${entry.peer.id} asks for connection ${gen} too soon after the last; dropped`);
        return;
      }
      entry.peerRebuiltAt = now;
      this.relink(entry, gen, false);
      entry.repair.replaced();
    }
    entry.link.handleSignal(data);
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
    entry.repair.stop();
    this.dropHeld(entry);
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
      this.deliver(entry, parsed.value);
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

  private dropHeld(entry: Entry): void {
    this.control.discard(entry.peer.id);
    for (const channel of entry.heldChannels.splice(0)) channel.close();
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

  /** The state of the connection to a peer; undefined when it is not in the room. */
  linkState(id: string): LinkState | undefined {
    return this.entries.get(id)?.link.state;
  }

  /** The stats of the connection to a peer (its path), whatever its trust; null without one. */
  stats(id: string): Promise<RTCStatsReport> | null {
    return this.entries.get(id)?.link.getStats?.() ?? null;
  }

  /** What the connection to a peer learned about reaching it; null without one. */
  reach(id: string): ReachFacts | null {
    return this.entries.get(id)?.link.reach ?? null;
  }

  /** Sends to every verified peer whose channel is open; returns how many got it. */
  broadcast(text: string): number {
    let delivered = 0;
    for (const id of this.entries.keys()) if (this.send(id, text)) delivered++;
    return delivered;
  }
}
