/**
 * One RTCPeerConnection to one remote peer, negotiated with the perfect negotiation pattern
 * (MDN "Establishing a connection: The WebRTC perfect negotiation pattern"), carrying the
 * pre-negotiated control channel `peerhub` (negotiated: true, id: 0).
 *
 * The link knows nothing about rooms or the DOM: it gets signals in, and reports signals out,
 * its connection state, and control-channel traffic through a sink.
 */
import { decideOnDescription, isPolite } from './negotiation';
import {
  CONTROL_CHANNEL_ID,
  CONTROL_CHANNEL_LABEL,
  type IceServer,
  type SignalData,
} from './protocol';
import { sdpFingerprint } from './protocol/trust';
import { ReachLog, type ReachFacts } from './reach/link-reach';
import { markLinkStep } from './test-hooks';

export type LinkState = 'connecting' | 'connected' | 'failed' | 'disconnected';

export interface LinkSink {
  signal(data: SignalData): void;
  state(state: LinkState): void;
  /** The control channel is open and both descriptions (so both fingerprints) are known. */
  channelOpen(): void;
  channelMessage(data: unknown): void;
  /** A data channel the peer opened (file transfers); the control channel never comes here. */
  dataChannel?(channel: RTCDataChannel): void;
}

/** Candidates that arrive before the remote description are held; a bound keeps a bad peer cheap. */
const MAX_QUEUED_CANDIDATES = 200;

/**
 * Control messages held while the channel is open but a description is not yet readable. Seen
 * on a loaded machine: the offerer's channel opened (and the peer's hello arrived) before its
 * setRemoteDescription(answer) had resolved, so `remoteDescription` was still null and the
 * hello could not be checked against this connection's fingerprints. Before verification a
 * peer sends only its hello, so a few suffice.
 */
const MAX_HELD_MESSAGES = 16;

/**
 * How long the polite side waits for the other's first offer before offering itself. Creating
 * the pre-negotiated channel on both sides at once made every first contact an offer collision:
 * a wasted offer, a rollback and an extra round trip before ICE could start (and once, in an
 * early e2e run, a polite side that sent no candidates after its rollback). Letting the
 * impolite side offer first avoids the collision; perfect negotiation still resolves the rare
 * one (ICE restarts, this timer racing a late offer). The timer only matters when that offer
 * is lost.
 */
const POLITE_OFFER_GRACE_MS = 1_500;

export interface PeerLinkOptions {
  /**
   * Offer at once even on the polite side: a link we rebuild, which the peer learns of only from
   * our first offer (waiting for its offer would wait for nothing).
   */
  offerFirst?: boolean;
}

export class PeerLink {
  readonly polite: boolean;
  private readonly pc: RTCPeerConnection;
  private channel: RTCDataChannel | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  private queuedCandidates: RTCIceCandidateInit[] = [];
  private currentState: LinkState = 'connecting';
  private closed = false;
  private openReported = false;
  private held: unknown[] = [];
  /** Serializes incoming signals: each must see the state the previous one left behind. */
  private inbox: Promise<void> = Promise.resolve();
  /** What this connection learned about reaching the peer (for a reason when it does not connect). */
  private readonly reachLog: ReachLog;

  constructor(
    selfId: string,
    readonly peerId: string,
    iceServers: IceServer[],
    private readonly sink: LinkSink,
    options: PeerLinkOptions = {},
  ) {
    this.polite = isPolite(selfId, peerId);
    this.reachLog = new ReachLog(iceServers, Date.now());
    this.pc = new RTCPeerConnection({ iceServers });
    markLinkStep('link-made', peerId, { polite: this.polite });
    this.wire();
    if (this.polite && !options.offerFirst) {
      this.graceTimer = setTimeout(() => this.ensureChannel(), POLITE_OFFER_GRACE_MS);
    } else {
      this.ensureChannel();
    }
  }

  /**
   * Creates the pre-negotiated control channel. Before a remote offer has been applied this
   * fires negotiationneeded (we offer); after it, the offer's data section already covers it.
   */
  private ensureChannel(): void {
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    if (this.channel || this.closed) return;
    const channel = this.pc.createDataChannel(CONTROL_CHANNEL_LABEL, {
      negotiated: true,
      id: CONTROL_CHANNEL_ID,
      ordered: true,
    });
    this.channel = channel;
    channel.onopen = () => {
      this.updateState();
      this.reportOpen();
    };
    channel.onclose = () => this.updateState();
    channel.onmessage = (event: MessageEvent) => {
      if (this.openReported) this.sink.channelMessage(event.data);
      else if (this.held.length < MAX_HELD_MESSAGES) this.held.push(event.data);
    };
  }

  /** Tells the sink the channel is open once it is and both fingerprints can be read; then what it held. */
  private reportOpen(): void {
    if (this.openReported || this.closed || this.channel?.readyState !== 'open') return;
    if (!this.localFingerprint || !this.remoteFingerprint) return;
    this.openReported = true;
    this.sink.channelOpen();
    const held = this.held;
    this.held = [];
    for (const data of held) if (!this.closed) this.sink.channelMessage(data);
  }

  get state(): LinkState {
    return this.currentState;
  }

  /** Candidates and server errors seen so far, and since when it has not been connected. */
  get reach(): ReachFacts {
    return this.reachLog;
  }

  /** The connection's stats (for its path: direct or relayed, round trip, bytes); null once closed. */
  getStats(): Promise<RTCStatsReport> | null {
    return this.closed ? null : this.pc.getStats();
  }

  get channelOpen(): boolean {
    return this.channel?.readyState === 'open';
  }

  /**
   * Opens an extra data channel (ordered, reliable, announced in-band). Once the control channel
   * exists the SCTP association carries it: no renegotiation is needed.
   */
  openChannel(label: string): RTCDataChannel | null {
    if (this.closed || this.pc.connectionState === 'closed') return null;
    try {
      return this.pc.createDataChannel(label, { ordered: true });
    } catch (err) {
      console.warn(`peerhub: channel to ${this.peerId} failed`, err);
      return null;
    }
  }

  /** The DTLS fingerprint our SDP announces (what a hello binds as this side's). */
  get localFingerprint(): string | null {
    return sdpFingerprint(this.pc.localDescription?.sdp);
  }

  /** The DTLS fingerprint the other side's SDP announces, as this side received it. */
  get remoteFingerprint(): string | null {
    return sdpFingerprint(this.pc.remoteDescription?.sdp);
  }

  /** The largest message the SCTP transport takes, once it is up; null before. */
  get maxMessageSize(): number | null {
    return this.pc.sctp?.maxMessageSize ?? null;
  }

  /** Sends on the control channel; false when it is not open (the caller decides what that means). */
  send(text: string): boolean {
    if (this.closed || !this.channel || this.channel.readyState !== 'open') return false;
    try {
      this.channel.send(text);
      return true;
    } catch (err) {
      console.warn(`peerhub: send to ${this.peerId} failed`, err);
      return false;
    }
  }

  handleSignal(data: SignalData): void {
    this.inbox = this.inbox.then(() => this.applySignal(data)).catch((err: unknown) => {
      console.warn(`peerhub: signal from ${this.peerId} failed`, err);
    });
  }

  /**
   * New ICE servers for this connection (renewed TURN credentials): the relay allocation it has
   * keeps working, and an ICE restart gathers with these. The rest of the configuration (its
   * certificate above all, which setConfiguration may not change) stays as it is.
   */
  useIceServers(iceServers: IceServer[]): void {
    if (this.closed) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
      this.reachLog.servers = iceServers;
    } catch (err) {
      console.warn(`peerhub: new ICE servers for ${this.peerId} refused`, err);
    }
  }

  /**
   * Asks for new ICE candidates, e.g. after ICE failed or the network changed (the mesh's repair
   * decides when). False when the connection is closed: only a new one can help then.
   */
  restartIce(): boolean {
    if (this.closed || this.pc.connectionState === 'closed') return false;
    this.pc.restartIce();
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.graceTimer !== null) clearTimeout(this.graceTimer);
    const { pc, channel } = this;
    pc.onnegotiationneeded = null;
    pc.onicecandidate = null;
    pc.onicecandidateerror = null;
    pc.oniceconnectionstatechange = null;
    pc.onconnectionstatechange = null;
    pc.ondatachannel = null;
    if (channel) {
      channel.onopen = null;
      channel.onclose = null;
      channel.onmessage = null;
      channel.close();
    }
    pc.close();
  }

  private wire(): void {
    const { pc } = this;

    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        if (this.closed || !pc.localDescription) return;
        this.reportOpen();
        this.sendDescription(pc.localDescription);
      } catch (err) {
        console.warn(`peerhub: offer to ${this.peerId} failed`, err);
      } finally {
        this.makingOffer = false;
      }
    };

    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.reachLog.local(candidate.candidate);
      this.sink.signal({ candidate: candidate ? candidate.toJSON() : null });
    };

    // A STUN/TURN server's refusal or silence: the words when the connection does not come up.
    pc.onicecandidateerror = (event) => {
      const e = event as RTCPeerConnectionIceErrorEvent;
      this.reachLog.error(e.url, e.errorCode, e.errorText);
    };

    pc.oniceconnectionstatechange = () => {
      // What to do about it (an ICE restart, a new connection) is the mesh's repair to decide.
      if (pc.iceConnectionState === 'failed') this.reachLog.failed();
      if (pc.iceConnectionState === 'connected') markLinkStep('ice-connected', this.peerId);
    };

    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') markLinkStep('transport-connected', this.peerId);
      this.updateState();
    };

    pc.ondatachannel = ({ channel }) => {
      if (this.sink.dataChannel) this.sink.dataChannel(channel);
      else channel.close();
    };
  }

  private async applySignal(data: SignalData): Promise<void> {
    if (this.closed) return;
    const { pc } = this;
    if ('description' in data) {
      const { description } = data;
      const decision = decideOnDescription(description.type, {
        polite: this.polite,
        makingOffer: this.makingOffer,
        signalingState: pc.signalingState,
        settingRemoteAnswerPending: this.settingRemoteAnswerPending,
      });
      this.ignoreOffer = decision.ignoreOffer;
      if (decision.action === 'ignore') {
        console.debug(`peerhub: description from ${this.peerId} ignored: ${decision.reason}`);
        return;
      }
      this.settingRemoteAnswerPending = description.type === 'answer';
      try {
        // On a collision (polite side) this implicitly rolls our own offer back first.
        await pc.setRemoteDescription(description);
      } finally {
        this.settingRemoteAnswerPending = false;
      }
      if (this.closed) return;
      markLinkStep('description-in', this.peerId);
      this.reportOpen();
      await this.flushCandidates();
      if (decision.answer) {
        // The offer's data section now covers the pre-negotiated channel: no new negotiation.
        this.ensureChannel();
        await pc.setLocalDescription();
        this.reportOpen();
        if (!this.closed && pc.localDescription) this.sendDescription(pc.localDescription);
      }
      return;
    }

    const { candidate } = data;
    // null = end of candidates; like MDN's pattern we do not apply it (ICE works without it,
    // and applying it would complicate a later ICE restart).
    if (!candidate) return;
    this.reachLog.remote(candidate.candidate);
    if (!pc.remoteDescription) {
      this.queuedCandidates.push(candidate);
      if (this.queuedCandidates.length > MAX_QUEUED_CANDIDATES) this.queuedCandidates.shift();
      return;
    }
    await this.addCandidate(candidate);
  }

  private async flushCandidates(): Promise<void> {
    const queued = this.queuedCandidates;
    this.queuedCandidates = [];
    for (const candidate of queued) await this.addCandidate(candidate);
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      // Candidates of an offer we ignored cannot be added; that is expected, not a failure.
      if (!this.ignoreOffer) console.debug(`peerhub: candidate from ${this.peerId} refused`, err);
    }
  }

  private sendDescription(description: RTCSessionDescription): void {
    const type = description.type;
    if (type === 'offer' || type === 'answer' || type === 'rollback') {
      markLinkStep('description-out', this.peerId);
      this.sink.signal({ description: { type, sdp: description.sdp } });
    }
  }

  private updateState(): void {
    if (this.closed) return;
    const next = linkState(this.pc.connectionState, this.channel?.readyState ?? 'connecting');
    if (next === this.currentState) return;
    this.reachLog.state(next, Date.now());
    this.currentState = next;
    this.sink.state(next);
  }
}

/**
 * What the user sees: "connected" means we can talk (the control channel is open), not just
 * that DTLS is up. A channel that closed under a live connection is a failure: the pre-negotiated
 * channel is never closed on purpose while the peer stays.
 */
export function linkState(pc: RTCPeerConnectionState, channel: RTCDataChannelState): LinkState {
  switch (pc) {
    case 'failed':
    case 'closed':
      return 'failed';
    case 'disconnected':
      return 'disconnected';
    case 'connected':
      if (channel === 'open') return 'connected';
      return channel === 'closed' || channel === 'closing' ? 'failed' : 'connecting';
    default:
      return 'connecting';
  }
}
