import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadIdentity, type KeyVault, type StoredKey } from './device-identity';
import { Mesh, type LinkFactory, type MeshLink, type RoomPeer } from './mesh';
import type { LinkSink, LinkState } from './peer-link';
import { REPAIR_GRACE_MILLIS, REPAIR_MAX_REBUILDS, REPAIR_REBUILD_MILLIS, REPAIR_RESTART_MILLIS, type SignalData, type WelcomeMessage } from './protocol';
import { parseRoomKey, roomSecrets } from './protocol/trust';
import { ALICE, BOB } from './test-fixtures';

/**
 * The mesh's half of repair: two meshes whose links are fakes joined by generation (link n of
 * Alice talks to link n of Bob), the signaling a function call. What is shown: a rebuild is
 * agreed through the generation in every signal, old signals are dropped, the peer is verified
 * again on the new link with nothing but hello before, and the features hear `link-lost`.
 * Alice's id sorts lower: she is polite, Bob leads the repair.
 */

const ROOM_KEY = roomSecrets(parseRoomKey('AAECAwQFBgcICQoLDA0ODw')!);

class MapVault implements KeyVault {
  stored: StoredKey | undefined;
  async get() {
    return this.stored;
  }
  async put(key: StoredKey) {
    this.stored = key;
  }
}

class FakeLink implements MeshLink {
  state: LinkState = 'connecting';
  maxMessageSize = 65536;
  closed = false;
  restarts = 0;
  signals: SignalData[] = [];
  sent: string[] = [];
  far: FakeLink | null = null;
  constructor(
    readonly side: string,
    readonly n: number,
    readonly sink: LinkSink,
  ) {
    // As a real link does on its first negotiationneeded: an offer, on a later task.
    setTimeout(() => {
      if (!this.closed) sink.signal({ description: { type: 'offer', sdp: `${side}-${n}` } });
    }, 0);
  }
  get localFingerprint() {
    return `sha-256 ${this.side}:${this.n}`;
  }
  get remoteFingerprint() {
    return this.far ? this.far.localFingerprint : null;
  }
  handleSignal(data: SignalData) {
    this.signals.push(data);
  }
  restartIce() {
    this.restarts++;
    return !this.closed;
  }
  useIceServers() {}
  close() {
    this.closed = true;
  }
  send(text: string) {
    if (this.closed || this.state !== 'connected') return false;
    this.sent.push(text);
    const to = this.far;
    setTimeout(() => {
      if (to && !to.closed) to.sink.channelMessage(text);
    }, 0);
    return true;
  }
  openChannel() {
    return null;
  }
  /** What the link reports about itself. */
  report(state: LinkState) {
    this.state = state;
    this.sink.state(state);
    if (state === 'connected') this.sink.channelOpen();
  }
}

interface Side {
  id: string;
  mesh: Mesh;
  links: FakeLink[];
  /** Whether each link was asked to offer at once (our own rebuild). */
  offerFirst: boolean[];
  events: string[];
  chats: string[];
  /** Signals on their way to the other side (sent with the generation the mesh stamped). */
  out: SignalData[];
}

async function side(self: string, other: string, name: string): Promise<Side> {
  const identity = await loadIdentity(new MapVault(), null);
  const s: Side = { id: self, mesh: null!, links: [], offerFirst: [], events: [], chats: [], out: [] };
  const factory: LinkFactory = (_self, _peer, _ice, sink, options) => {
    s.offerFirst.push(options?.offerFirst ?? false);
    const link = new FakeLink(self, s.links.length, sink);
    s.links.push(link);
    return link;
  };
  s.mesh = new Mesh((_to, data) => s.out.push(data), () => ({ name }), { roomId: ROOM_KEY.roomId, verifyKey: ROOM_KEY.verifyKey, identity }, factory);
  s.mesh.on('peer-verified', (p: RoomPeer) => s.events.push(`verified ${p.id}`));
  s.mesh.on('link-lost', (p: RoomPeer) => s.events.push(`link-lost ${p.id}`));
  s.mesh.control.on('chat', (_from, m) => s.chats.push(m.text));
  s.mesh.applyWelcome(welcome(self, name, other), false);
  return s;
}

function welcome(self: string, name: string, other: string): WelcomeMessage {
  return {
    type: 'welcome', v: 2, self: { id: self, name, kind: 'browser' }, resume: 'T'.repeat(43), iceServers: [],
    peers: [{ id: other, name: 'x', kind: 'browser' }], heartbeatMs: 10_000, resumed: false,
  } as WelcomeMessage;
}

/** Delivers what each side sent to the other, as the signaling server would (as JSON). */
function relay(a: Side, b: Side) {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    const out = from.out.splice(0);
    for (const data of out) to.mesh.handleSignal(from.id, JSON.parse(JSON.stringify(data)));
  }
}

/** Pairs the two sides' links of the same generation and reports them connected. */
function connect(a: Side, b: Side) {
  const la = a.links.at(-1)!;
  const lb = b.links.at(-1)!;
  expect(la.n).toBe(lb.n);
  la.far = lb;
  lb.far = la;
  la.report('connected');
  lb.report('connected');
}

async function pair() {
  const alice = await side(ALICE, BOB, 'Alice');
  const bob = await side(BOB, ALICE, 'Bob');
  connect(alice, bob);
  await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('verified'));
  await vi.waitFor(() => expect(bob.mesh.peer(ALICE)?.trust).toBe('verified'));
  return { alice, bob };
}

const chat = (text: string) => JSON.stringify({ type: 'chat', id: 'm1', text, ts: 1 });

describe('repairing a connection in the mesh', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('the leader restarts ICE, then rebuilds; the other side follows the new generation and both verify again', async () => {
    const { alice, bob } = await pair();
    await vi.advanceTimersByTimeAsync(10);
    alice.out.length = bob.out.length = 0;
    alice.links[0]!.report('disconnected');
    bob.links[0]!.report('disconnected');
    expect(bob.mesh.peer(ALICE)?.repair).toBe('waiting');

    await vi.advanceTimersByTimeAsync(REPAIR_GRACE_MILLIS);
    expect(bob.links[0]!.restarts).toBe(1);
    expect(alice.links[0]!.restarts).toBe(0); // the polite side waits twice as long

    await vi.advanceTimersByTimeAsync(REPAIR_RESTART_MILLIS);
    // Bob rebuilt: a new link, the old one closed, the peer to be verified again.
    expect(bob.links).toHaveLength(2);
    expect(bob.links[0]!.closed).toBe(true);
    expect(bob.mesh.peer(ALICE)).toMatchObject({ trust: 'verifying', state: 'connecting', repair: 'rebuilding' });
    expect(bob.mesh.peer(ALICE)?.device).toBeUndefined();
    expect(bob.events.filter((e) => e.startsWith('link-lost'))).toEqual([`link-lost ${ALICE}`]);
    await vi.advanceTimersByTimeAsync(1);
    expect(bob.out.map((d) => d.gen)).toEqual([1]); // the new link's offer, stamped generation 1

    relay(alice, bob);
    expect(alice.links).toHaveLength(2);
    expect(alice.links[0]!.closed).toBe(true);
    expect(alice.links[1]!.signals).toEqual([{ gen: 1, description: { type: 'offer', sdp: `${BOB}-1` } }]);
    expect(alice.mesh.peer(BOB)).toMatchObject({ trust: 'verifying', repair: 'rebuilding' });
    expect(alice.events).toContain(`link-lost ${BOB}`);
    expect(alice.mesh.send(BOB, chat('too early'))).toBe(false);

    await vi.advanceTimersByTimeAsync(10);
    expect(alice.out.map((d) => d.gen)).toEqual([1]);
    // Bob's own rebuild offers at once; Alice's answers the offer that told her of it.
    expect(bob.offerFirst).toEqual([false, true]);
    expect(alice.offerFirst).toEqual([false, false]);
    connect(alice, bob);
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('verified'));
    await vi.waitFor(() => expect(bob.mesh.peer(ALICE)?.trust).toBe('verified'));
    expect(alice.mesh.peer(BOB)?.repair).toBe('idle');
    expect(bob.mesh.peer(ALICE)?.repair).toBe('idle');
    expect(alice.events.filter((e) => e.startsWith('verified'))).toHaveLength(2);

    expect(bob.mesh.send(ALICE, chat('back'))).toBe(true);
    await vi.advanceTimersByTimeAsync(10);
    expect(alice.chats).toEqual(['back']);
    // Nothing more happens: both links work.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(bob.links).toHaveLength(2);
    expect(alice.links).toHaveLength(2);
  });

  it('nothing but hello passes on a rebuilt link before the peer proved itself there', async () => {
    const { alice, bob } = await pair();
    bob.links[0]!.report('failed');
    await vi.advanceTimersByTimeAsync(REPAIR_RESTART_MILLIS);
    relay(alice, bob);
    await vi.advanceTimersByTimeAsync(10);
    relay(alice, bob);
    // The new links are up, but only Alice's side says so: Bob's hello has not come yet.
    const la = alice.links[1]!;
    const lb = bob.links[1]!;
    la.far = lb;
    lb.far = la;
    la.report('connected');
    la.sink.channelMessage(chat('before hello'));
    expect(alice.chats).toEqual([]);
    expect(alice.mesh.broadcast(chat('out'))).toBe(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(la.sent.map((t) => JSON.parse(t).type)).toEqual(['hello']);
  });

  it('signals of an older connection are dropped, newer ones rebuild, the same one goes to the link', async () => {
    const { alice, bob } = await pair();
    void bob;
    const first = alice.links[0]!;
    alice.mesh.handleSignal(BOB, { gen: 0, candidate: null });
    expect(first.signals.at(-1)).toEqual({ gen: 0, candidate: null });
    alice.mesh.handleSignal(BOB, { candidate: null }); // a peer that says no generation means the first
    expect(first.signals).toHaveLength(2);

    alice.mesh.handleSignal(BOB, { gen: 2, candidate: null });
    expect(alice.links).toHaveLength(2);
    expect(first.closed).toBe(true);
    expect(alice.links[1]!.signals).toEqual([{ gen: 2, candidate: null }]);

    alice.mesh.handleSignal(BOB, { gen: 1, description: { type: 'answer', sdp: 'late' } });
    alice.mesh.handleSignal(BOB, { gen: 0, candidate: null });
    expect(alice.links).toHaveLength(2);
    expect(alice.links[1]!.signals).toHaveLength(1);

    // What Alice sends now is for generation 2.
    alice.out.length = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(alice.out.map((d) => d.gen)).toEqual([2]);
  });

  it('a signal with a bad generation is dropped whole', async () => {
    const { alice } = await pair();
    for (const gen of [-1, 1.5, '1', null, 2 ** 53]) {
      alice.mesh.handleSignal(BOB, { gen, candidate: null });
    }
    expect(alice.links).toHaveLength(1);
    expect(alice.links[0]!.signals).toEqual([]);
  });

  it('a peer cannot have us rebuild faster than once a second', async () => {
    const { alice } = await pair();
    alice.mesh.handleSignal(BOB, { gen: 1, candidate: null });
    alice.mesh.handleSignal(BOB, { gen: 2, candidate: null });
    alice.mesh.handleSignal(BOB, { gen: 3, candidate: null });
    expect(alice.links).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    alice.mesh.handleSignal(BOB, { gen: 4, candidate: null });
    expect(alice.links).toHaveLength(3);
  });

  it('a peer cut off as not verified is not rebuilt by its signals', async () => {
    const alice = await side(ALICE, BOB, 'Alice');
    const link = alice.links[0]!;
    link.far = null;
    link.report('connected');
    link.sink.channelMessage(JSON.stringify({ type: 'hello', v: 1, name: 'Bob' })); // no proof
    expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified');
    alice.mesh.handleSignal(BOB, { gen: 1, description: { type: 'offer', sdp: 'again' } });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(alice.links).toHaveLength(1);
  });

  it('a peer that leaves is no longer repaired', async () => {
    const { bob } = await pair();
    bob.links[0]!.report('failed');
    bob.mesh.removePeer(ALICE);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(bob.links).toHaveLength(1);
    expect(bob.links[0]!.closed).toBe(true);
  });

  it('gives up visibly after the last rebuild, and tries again when the signaling is back', async () => {
    const { bob } = await pair();
    const states: string[] = [];
    bob.mesh.on('peer-state', (p) => states.push(p.repair));
    bob.links[0]!.report('failed');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(bob.mesh.peer(ALICE)?.repair).toBe('gave-up');
    expect(bob.links).toHaveLength(1 + REPAIR_MAX_REBUILDS);
    expect(states.at(-1)).toBe('gave-up');

    bob.mesh.applyWelcome({ ...welcome(BOB, 'Bob', ALICE), resumed: true }, false);
    expect(bob.links.at(-1)!.restarts).toBe(1);
    expect(bob.mesh.peer(ALICE)?.repair).toBe('restarting');
    await vi.advanceTimersByTimeAsync(REPAIR_RESTART_MILLIS + REPAIR_REBUILD_MILLIS);
    expect(bob.links).toHaveLength(2 + REPAIR_MAX_REBUILDS);
  });
});
