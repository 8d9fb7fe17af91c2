/**
 * The WebSocket client for the signaling protocol (docs/protocol.md §1).
 *
 * It joins, keeps the connection alive, and comes back after any loss: reconnects with backoff
 * forever and resumes with the resume token, so the room sees no leave/join and the peer
 * connections (which do not need the server once up) keep working meanwhile.
 */
import { Backoff } from './backoff';
import { joinFrame, type EarlySocket, type EarlyHandOver } from './early-socket';
import { Emitter } from './emitter';
import { IceRenewal } from './ice-renewal';
import { markSocketOpen } from './test-hooks';
import {
  CLOSE_REPLACED,
  parseServerMessage,
  type ClientKind,
  type ClientMessage,
  type ErrorMessage,
  type HubPolicy,
  type IceServer,
  type Peer,
  type SignalData,
  type WelcomeMessage,
} from './protocol';

export type SignalingState = 'connecting' | 'connected' | 'reconnecting';

/** What a refused `join` or `rename` was about, so the UI can say something useful. */
export type ErrorContext = 'join' | 'rename' | 'other';

export type SignalingEvents = {
  state: [state: SignalingState];
  /** `newIdentity`: we had a peer id before and the server gave us another (resume failed). */
  welcome: [welcome: WelcomeMessage, newIdentity: boolean];
  'peer-joined': [peer: Peer];
  'peer-left': [id: string];
  'peer-updated': [peer: Peer];
  signal: [from: string, data: Record<string, unknown>];
  /** Fresh ICE servers (renewed TURN credentials): for new connections and the live ones. */
  'ice-servers': [servers: IceServer[]];
  /** The hub's policy, from a welcome or a `policy` message, when it changes; null: none. */
  policy: [policy: HubPolicy | null];
  'server-error': [error: ErrorMessage, context: ErrorContext];
  /** The client stopped trying because only the user can fix it (a refused name, a bad room). */
  halted: [code: string];
};

export interface SignalingOptions {
  /** The first server to try; `welcome.servers` adds the deployment's other nodes. */
  url: string;
  room: string;
  /** The room's admission proof, derived from the key in the link (docs/protocol.md "The room key"). */
  proof: string;
  kind: ClientKind;
  /** Read at each join, so a rename made while offline is what the server sees. */
  name: () => string;
  backoff?: Backoff;
  /** A socket the page opened for this room before the client existed (early-socket.ts): the first connection takes it. */
  early?: EarlySocket;
}

/** Join refusals that retrying cannot fix: wait for the user (new name) or give up (bad room). */
const HALTING_JOIN_ERRORS = new Set(['bad-name', 'name-too-long', 'bad-room', 'bad-proof', 'proof-throttled', 'unsupported-version']);
/**
 * Signals produced while the socket is down (ICE restarts, answers) are held and sent after a
 * successful resume; the server holds at most 64 per peer for us the other way round.
 */
const MAX_QUEUED_SIGNALS = 256;
/** Without a server ping for this many heartbeat periods the socket is presumed dead. */
const WATCHDOG_PERIODS = 3;
const WATCHDOG_CHECK_MS = 5_000;

export class SignalingClient extends Emitter<SignalingEvents> {
  private socket: WebSocket | null = null;
  private joined = false;
  private everJoined = false;
  private stopped = false;
  private halted = false;
  private selfId: string | null = null;
  private resumeToken: string | null = null;
  private heartbeatMs = 10_000;
  private lastHeard = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private pendingRename: string | null = null;
  private queuedSignals: ClientMessage[] = [];
  private currentState: SignalingState = 'connecting';
  private currentPolicy: HubPolicy | null = null;
  private readonly backoff: Backoff;
  /** Every server address known: the one we were given first, then those `welcome.servers` named. */
  private servers: string[];
  private serverIndex = 0;
  /** Asks for fresh TURN credentials before those of the last welcome or `ice-servers` expire. */
  private readonly iceRenewal = new IceRenewal(() => this.renewIce());

  constructor(private readonly options: SignalingOptions) {
    super();
    this.backoff = options.backoff ?? new Backoff();
    this.servers = [options.url];
  }

  /** The server address in use (or about to be tried). */
  get url(): string {
    return this.servers[this.serverIndex] ?? this.options.url;
  }

  /** The hub's latest policy (docs/protocol.md "Hub policy"); null: it has none. */
  get policy(): HubPolicy | null {
    return this.currentPolicy;
  }

  get state(): SignalingState {
    return this.currentState;
  }

  get id(): string | null {
    return this.selfId;
  }

  start(): void {
    this.stopped = false;
    this.connect();
    this.watchdog = setInterval(() => this.checkAlive(), WATCHDOG_CHECK_MS);
  }

  /** Leaving on purpose (page closed): the room is told at once instead of after 30 s. */
  leave(): void {
    if (this.joined) this.sendNow({ type: 'leave' });
    this.stop();
  }

  stop(): void {
    this.stopped = true;
    this.clearRetry();
    this.iceRenewal.cancel();
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    const socket = this.socket;
    this.socket = null;
    this.joined = false;
    if (socket) {
      detach(socket);
      socket.close(1000, 'leaving');
    }
  }

  /** Reconnect at once, e.g. when the browser says it is back online. */
  retryNow(): void {
    if (this.stopped || this.halted || this.socket) return;
    this.clearRetry();
    this.connect();
  }

  signal(to: string, data: SignalData): void {
    const message: ClientMessage = { type: 'signal', to, data };
    if (this.joined) {
      this.sendNow(message);
      return;
    }
    this.queuedSignals.push(message);
    if (this.queuedSignals.length > MAX_QUEUED_SIGNALS) this.queuedSignals.shift();
  }

  /**
   * Tells the server my new name. Offline, nothing is sent: the next join carries the name.
   * After a halt for a refused name, a new name is the user's way to try again.
   */
  rename(name: string): void {
    if (this.joined) {
      this.pendingRename = name;
      this.sendNow({ type: 'rename', name });
    } else if (this.halted && !this.stopped) {
      this.halted = false;
      this.backoff.reset();
      this.connect();
    }
  }

  private connect(): void {
    if (this.stopped || this.halted) return;
    this.setState(this.everJoined ? 'reconnecting' : 'connecting');
    const early = this.options.early?.url === this.url ? this.options.early.handOver() : null;
    if (early) {
      this.adopt(early);
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch (err) {
      console.warn('peerhub: cannot open the signaling socket', err);
      this.scheduleReconnect();
      return;
    }
    this.attach(socket);
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.onopen = () => {
      markSocketOpen();
      this.lastHeard = Date.now();
      this.sendNow(
        joinFrame({
          room: this.options.room,
          proof: this.options.proof,
          name: this.options.name(),
          kind: this.options.kind,
          resume: this.resumeToken,
        }),
      );
    };
    socket.onmessage = (event: MessageEvent) => this.onMessage(event.data);
    socket.onclose = (event: CloseEvent) => this.onClose(socket, event);
    // An error is always followed by close; reconnecting is handled there.
    socket.onerror = () => undefined;
  }

  /** Takes over the early socket: what it heard is read now, in order, as if it had just arrived. */
  private adopt(early: EarlyHandOver): void {
    const { socket } = early;
    this.attach(socket);
    if (early.joinSent) this.lastHeard = Date.now();
    else if (socket.readyState === WebSocket.OPEN) socket.onopen?.(new Event('open'));
    for (const frame of early.frames) {
      if (this.socket !== socket) return; // a refused join dropped it
      this.onMessage(frame);
    }
    if (early.closed && this.socket === socket) this.onClose(socket, early.closed);
  }

  private onMessage(raw: unknown): void {
    this.lastHeard = Date.now();
    if (typeof raw !== 'string') {
      console.warn('peerhub: binary frame from the signaling server dropped');
      return;
    }
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      console.warn(`peerhub: server message dropped (${parsed.reason})`);
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'ping':
        // Answered right here: message handlers run in background tabs, throttled timers may not.
        this.sendNow({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'welcome':
        this.onWelcome(message);
        return;
      case 'peer-joined':
        this.emit('peer-joined', message.peer);
        return;
      case 'peer-left':
        this.emit('peer-left', message.id);
        return;
      case 'peer-updated':
        this.emit('peer-updated', message.peer);
        return;
      case 'signal':
        this.emit('signal', message.from, message.data);
        return;
      case 'error':
        this.onError(message);
        return;
      case 'ice-servers':
        this.iceRenewal.schedule(message.iceTtlMs);
        this.emit('ice-servers', message.iceServers);
        return;
      case 'policy':
        this.setPolicy(message.policy);
        return;
    }
  }

  private onWelcome(welcome: WelcomeMessage): void {
    const newIdentity = this.selfId !== null && this.selfId !== welcome.self.id;
    this.selfId = welcome.self.id;
    this.resumeToken = welcome.resume;
    this.heartbeatMs = welcome.heartbeatMs;
    this.learnServers(welcome.servers ?? []);
    this.joined = true;
    this.everJoined = true;
    this.pendingRename = null;
    this.backoff.reset();
    // Fresh credentials in every welcome, a resume's too: the next renewal counts from these.
    this.iceRenewal.schedule(welcome.iceTtlMs);
    this.setPolicy(welcome.policy ?? null);
    this.setState('connected');
    this.emit('welcome', welcome, newIdentity);

    // Signals queued while away belong to the old connections; they only make sense if resumed.
    const queued = this.queuedSignals;
    this.queuedSignals = [];
    if (!newIdentity) for (const message of queued) this.sendNow(message);

    // A rename made while away: the server may have kept the old name on resume.
    const name = this.options.name();
    if (welcome.self.name !== name) this.rename(name);
  }

  private setPolicy(policy: HubPolicy | null): void {
    if (JSON.stringify(policy) === JSON.stringify(this.currentPolicy)) return;
    this.currentPolicy = policy;
    this.emit('policy', policy);
  }

  /**
   * Asks for fresh ICE servers. Offline nothing is sent: the resume's welcome brings fresh ones.
   */
  private renewIce(): void {
    if (this.joined) this.sendNow({ type: 'ice-renew' });
  }

  /** Keeps the address in use and the first one; adds the nodes the server names, each once. */
  private learnServers(others: string[]): void {
    const current = this.url;
    this.servers = [...new Set([this.options.url, current, ...others])];
    this.serverIndex = this.servers.indexOf(current);
  }

  private onError(error: ErrorMessage): void {
    const context: ErrorContext =
      error.ref === 'join' || (!error.ref && !this.joined)
        ? 'join'
        : error.ref === 'rename' || (!error.ref && this.pendingRename !== null)
          ? 'rename'
          : 'other';
    if (context === 'rename') this.pendingRename = null;
    this.emit('server-error', error, context);
    if (context !== 'join' || this.joined) return;

    // A refused join: close this socket ourselves (we are in no room, so nobody is told).
    if (HALTING_JOIN_ERRORS.has(error.code)) {
      this.halted = true;
      this.dropSocket();
      this.emit('halted', error.code);
    } else {
      // e.g. room-full: keep knocking with backoff until a place frees up.
      this.dropSocket();
      this.scheduleReconnect();
    }
  }

  private onClose(socket: WebSocket, event: CloseEvent): void {
    if (socket !== this.socket) return;
    detach(socket);
    this.socket = null;
    this.joined = false;
    if (this.stopped) return;
    if (event.code === CLOSE_REPLACED) {
      // Our peer id was taken over by another connection with our token: start afresh.
      this.resumeToken = null;
    }
    this.scheduleReconnect();
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.joined = false;
    if (socket) {
      detach(socket);
      socket.close(1000, 'join refused');
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.halted) return;
    this.clearRetry();
    this.setState(this.everJoined ? 'reconnecting' : 'connecting');
    // Each attempt goes to the next address: a killed or draining node is left behind at once, and
    // the peer resumes on another (docs/protocol.md, "Several servers"). One address: no change.
    this.serverIndex = (this.serverIndex + 1) % this.servers.length;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.backoff.next());
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** A socket can stay "open" through a network change without ever closing; notice silence. */
  private checkAlive(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastHeard > WATCHDOG_PERIODS * this.heartbeatMs) {
      console.warn('peerhub: signaling server silent, reconnecting');
      this.socket = null;
      this.joined = false;
      detach(socket);
      // Not 1000/1001: those would tell the server we left; 4000 is "drop, I will resume".
      socket.close(4000, 'silent');
      this.scheduleReconnect();
    }
  }

  private sendNow(message: ClientMessage): void {
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  private setState(state: SignalingState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}

function detach(socket: WebSocket): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}
