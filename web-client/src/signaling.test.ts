import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from './backoff';
import { EarlySocket, MAX_EARLY_FRAMES } from './early-socket';
import { SignalingClient, type SignalingState } from './signaling';
import { BOB, PROOF, ROOM, TOKEN, welcome } from './test-fixtures';

/** A stand-in for the browser WebSocket: records what is sent, lets the test play the server. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = FakeSocket.CLOSED;
  }
  // ---- the server's side ----
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code });
  }
}

const latest = () => FakeSocket.all.at(-1)!;

function start(name = 'Amber Otter') {
  let current = name;
  const client = new SignalingClient({
    url: 'ws://hub.test/ws',
    room: ROOM,
    proof: PROOF,
    kind: 'browser',
    name: () => current,
    backoff: new Backoff({ random: () => 0 }),
  });
  const states: SignalingState[] = [];
  client.on('state', (s) => states.push(s));
  client.start();
  return { client, states, rename: (n: string) => (current = n) };
}

describe('signaling client', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('joins with my name, kind browser and version 1', () => {
    start();
    latest().open();
    expect(latest().sent).toEqual([{ type: 'join', v: 2, room: ROOM, proof: PROOF, name: 'Amber Otter', kind: 'browser' }]);
  });

  it('answers a server ping with a pong straight from the message handler', () => {
    start();
    latest().open();
    latest().receive(welcome());
    latest().receive({ type: 'ping' });
    expect(latest().sent.at(-1)).toEqual({ type: 'pong' });
  });

  it('is connected after the welcome and hands it on', () => {
    const { client, states } = start();
    const welcomes: boolean[] = [];
    client.on('welcome', (_w, newIdentity) => welcomes.push(newIdentity));
    latest().open();
    latest().receive(welcome());
    expect(states).toEqual(['connected']);
    expect(client.id).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(welcomes).toEqual([false]);
  });

  it('keeps the hub policy from the welcome and from policy messages, and tells only of changes', () => {
    const { client } = start();
    const told: unknown[] = [];
    client.on('policy', (p) => told.push(p));
    latest().open();
    latest().receive(welcome({ policy: { blockCategories: ['video'] } }));
    expect(client.policy?.blockCategories).toEqual(['video']);
    latest().receive({ type: 'policy', policy: { blockCategories: ['video'] } });
    latest().receive({ type: 'policy', policy: { blockCategories: ['videos'] } }); // bad: dropped
    expect(told).toHaveLength(1);
    latest().receive({ type: 'policy', policy: null });
    expect(client.policy).toBeNull();
    expect(told).toHaveLength(2);
    expect(told[1]).toBeNull();
  });

  it('after a drop it reconnects with backoff and resumes with the token', () => {
    const { states } = start();
    latest().open();
    latest().receive(welcome());
    latest().drop();
    expect(states.at(-1)).toBe('reconnecting');
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'join', resume: TOKEN });
  });

  it('tries each server address it was given in turn when reconnecting, and resumes there', () => {
    const { client } = start();
    latest().open();
    latest().receive(welcome({ servers: ['ws://b.hub.test/ws', 'ws://hub.test/ws', 'wss://c.hub.test/ws'] }));
    latest().drop(1012);
    vi.advanceTimersByTime(500);
    expect(latest().url).toBe('ws://b.hub.test/ws');
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'join', resume: TOKEN });
    latest().drop(); // b is down too
    vi.advanceTimersByTime(1000);
    expect(latest().url).toBe('wss://c.hub.test/ws');
    latest().drop();
    vi.advanceTimersByTime(2000);
    expect(latest().url).toBe('ws://hub.test/ws');
    expect(client.url).toBe('ws://hub.test/ws');
  });

  it('with only its own address it always reconnects there', () => {
    start();
    latest().open();
    latest().receive(welcome());
    latest().drop();
    vi.advanceTimersByTime(500);
    expect(latest().url).toBe('ws://hub.test/ws');
  });

  it('keeps trying with growing delays while the server is away', () => {
    start();
    latest().open();
    latest().receive(welcome());
    latest().drop();
    for (const delay of [500, 1000, 2000, 4000]) {
      const before = FakeSocket.all.length;
      vi.advanceTimersByTime(delay);
      expect(FakeSocket.all.length).toBe(before + 1);
      latest().drop();
    }
  });

  it('reports a new identity when the resume failed', () => {
    const { client } = start();
    const identities: boolean[] = [];
    client.on('welcome', (_w, newIdentity) => identities.push(newIdentity));
    latest().open();
    latest().receive(welcome());
    latest().drop();
    vi.advanceTimersByTime(500);
    latest().open();
    latest().receive(welcome({ self: { id: 'DDDDDDDDDDDDDDDDDDDDDD', name: 'Amber Otter', kind: 'browser' } }));
    expect(identities).toEqual([false, true]);
  });

  it('holds signals while offline and sends them after a successful resume', () => {
    const { client } = start();
    latest().open();
    latest().receive(welcome());
    latest().drop();
    client.signal(BOB, { candidate: null });
    vi.advanceTimersByTime(500);
    latest().open();
    latest().receive(welcome({ resumed: true }));
    expect(latest().sent).toContainEqual({ type: 'signal', to: BOB, data: { candidate: null } });
  });

  it('sends leave and closes normally when the page goes away, and stays away', () => {
    const { client } = start();
    const socket = latest();
    socket.open();
    socket.receive(welcome());
    client.leave();
    expect(socket.sent.at(-1)).toEqual({ type: 'leave' });
    expect(socket.closedWith).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('renames through the server once joined', () => {
    const { client } = start();
    latest().open();
    latest().receive(welcome());
    client.rename('Brave Badger');
    expect(latest().sent.at(-1)).toEqual({ type: 'rename', name: 'Brave Badger' });
  });

  it('a full room is retried; a refused name waits for a new name', () => {
    const { client, rename } = start('Bad');
    const halted: string[] = [];
    client.on('halted', (code) => halted.push(code));
    latest().open();
    latest().receive({ type: 'error', code: 'room-full', message: 'full', ref: 'join' });
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);

    latest().open();
    latest().receive({ type: 'error', code: 'bad-name', message: 'no', ref: 'join' });
    expect(halted).toEqual(['bad-name']);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2);

    rename('Good Name');
    client.rename('Good Name');
    expect(FakeSocket.all).toHaveLength(3);
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'join', name: 'Good Name' });
  });

  describe('TURN credential renewal', () => {
    const TURN = { urls: ['turn:turn.example.org:3478'], username: '1700000030:AAAAAAAAAAAAAAAAAAAAAA', credential: 'c' };
    const renewsSent = () => latest().sent.filter((m) => m.type === 'ice-renew').length;

    it('asks for fresh servers at 80 % of the welcome’s lifetime, hands them on, and renews again from the answer', () => {
      const { client } = start();
      const handed: unknown[] = [];
      client.on('ice-servers', (servers) => handed.push(servers));
      latest().open();
      latest().receive(welcome({ iceServers: [TURN], iceTtlMs: 30_000 }));
      vi.advanceTimersByTime(23_999);
      expect(renewsSent()).toBe(0);
      vi.advanceTimersByTime(1);
      expect(latest().sent.at(-1)).toEqual({ type: 'ice-renew' });

      const fresh = [{ ...TURN, username: '1700000058:AAAAAAAAAAAAAAAAAAAAAA', credential: 'd' }];
      latest().receive({ type: 'ice-servers', iceServers: fresh, iceTtlMs: 28_000 });
      expect(handed).toEqual([fresh]);
      latest().receive({ type: 'ping' }); // keeps the watchdog content
      vi.advanceTimersByTime(22_399);
      expect(renewsSent()).toBe(1);
      vi.advanceTimersByTime(1);
      expect(renewsSent()).toBe(2);
    });

    it('never asks when the welcome’s servers do not expire', () => {
      start();
      latest().open();
      latest().receive(welcome());
      for (let i = 0; i < 20; i++) {
        vi.advanceTimersByTime(5_000);
        latest().receive({ type: 'ping' });
      }
      expect(renewsSent()).toBe(0);
    });

    it('a renewal due while the socket is down sends nothing; the resume’s welcome schedules the next', () => {
      start();
      latest().open();
      latest().receive(welcome({ iceServers: [TURN], iceTtlMs: 30_000 }));
      vi.advanceTimersByTime(20_000);
      latest().drop();
      vi.advanceTimersByTime(4_000); // the renewal falls due while reconnecting
      const resumed = latest();
      expect(FakeSocket.all).toHaveLength(2);
      expect(FakeSocket.all[0]!.sent.filter((m) => m.type === 'ice-renew')).toEqual([]);
      resumed.open();
      expect(resumed.sent.map((m) => m.type)).toEqual(['join']);

      resumed.receive(welcome({ resumed: true, iceServers: [TURN], iceTtlMs: 30_000 }));
      vi.advanceTimersByTime(24_000);
      expect(resumed.sent.at(-1)).toEqual({ type: 'ice-renew' });
    });

    it('stops renewing when the page leaves', () => {
      const { client } = start();
      latest().open();
      latest().receive(welcome({ iceServers: [TURN], iceTtlMs: 30_000 }));
      client.leave();
      vi.advanceTimersByTime(60_000);
      expect(renewsSent()).toBe(0);
    });
  });

  it('reconnects when the server falls silent for three heartbeats', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    start();
    latest().open();
    latest().receive(welcome({ heartbeatMs: 1000 }));
    vi.advanceTimersByTime(5_000);
    expect(latest().closedWith).toBe(4000);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith('peerhub: signaling server silent, reconnecting');
    warn.mockRestore();
  });
});

describe('signaling client taking over the early socket (early-socket.ts)', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const JOIN = { room: ROOM, proof: PROOF, kind: 'browser' as const, name: 'Amber Otter' };

  function client(early: EarlySocket, url = 'ws://hub.test/ws') {
    const c = new SignalingClient({
      url,
      room: ROOM,
      proof: PROOF,
      kind: 'browser',
      name: () => 'Amber Otter',
      backoff: new Backoff({ random: () => 0 }),
      early,
    });
    const seen: string[] = [];
    c.on('welcome', () => seen.push('welcome'));
    c.on('peer-joined', (p) => seen.push(`joined ${p.id}`));
    c.on('signal', (from) => seen.push(`signal ${from}`));
    c.on('halted', (code) => seen.push(`halted ${code}`));
    return { c, seen };
  }

  it('joins before the client exists, and the client reads what came meanwhile, in order, on start', () => {
    const early = new EarlySocket('ws://hub.test/ws', JOIN);
    const socket = latest();
    socket.open();
    socket.receive(welcome());
    socket.receive({ type: 'peer-joined', peer: { id: BOB, name: 'Bob', kind: 'browser' } });
    socket.receive({ type: 'signal', from: BOB, data: { kind: 'offer', sdp: 'v=0' } });
    const { c, seen } = client(early);
    expect(seen).toEqual([]);
    c.start();
    expect(seen).toEqual(['welcome', `joined ${BOB}`, `signal ${BOB}`]);
    expect(c.state).toBe('connected');
    expect(FakeSocket.all).toHaveLength(1);
    expect(socket.sent).toEqual([{ type: 'join', v: 2, room: ROOM, proof: PROOF, name: 'Amber Otter', kind: 'browser' }]);
    // From now on the client answers on it: the early socket let go of it.
    socket.receive({ type: 'ping' });
    expect(socket.sent.at(-1)).toEqual({ type: 'pong' });
    expect(early.handOver()).toBeNull();
  });

  it('connects before it has the join, and sends the join once it has both: open first or join first', () => {
    const openFirst = new EarlySocket('ws://hub.test/ws');
    const first = latest();
    first.open();
    expect(first.sent).toEqual([]);
    openFirst.join(JOIN);
    openFirst.join({ ...JOIN, name: 'Someone Else' });
    expect(first.sent).toEqual([{ type: 'join', v: 2, room: ROOM, proof: PROOF, name: 'Amber Otter', kind: 'browser' }]);

    const joinFirst = new EarlySocket('ws://hub.test/ws');
    const second = latest();
    joinFirst.join(JOIN);
    expect(second.sent).toEqual([]);
    second.open();
    expect(second.sent).toEqual([{ type: 'join', v: 2, room: ROOM, proof: PROOF, name: 'Amber Otter', kind: 'browser' }]);
    expect(joinFirst.handOver()?.joinSent).toBe(true);
  });

  it('a socket not open yet at the hand-over is joined by the client when it opens, once', () => {
    const early = new EarlySocket('ws://hub.test/ws', JOIN);
    const { c, seen } = client(early);
    c.start();
    latest().open();
    latest().receive(welcome());
    expect(latest().sent.filter((m) => m.type === 'join')).toHaveLength(1);
    expect(seen).toEqual(['welcome']);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a join refused before the hand-over halts the client as a refusal on its own socket does', () => {
    const early = new EarlySocket('ws://hub.test/ws', JOIN);
    latest().open();
    latest().receive({ type: 'error', code: 'bad-proof', message: 'no', ref: 'join' });
    latest().drop(1000);
    const { c, seen } = client(early);
    c.start();
    expect(seen).toEqual(['halted bad-proof']);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('a socket that closed before the hand-over is reconnected as any dropped one', () => {
    const early = new EarlySocket('ws://hub.test/ws', JOIN);
    latest().drop(1006);
    const { c } = client(early);
    c.start();
    expect(c.state).toBe('connecting');
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    expect(latest().sent[0]).toMatchObject({ type: 'join', room: ROOM });
  });

  it(`gives up past ${MAX_EARLY_FRAMES} frames: the socket is closed and the client connects afresh`, () => {
    const early = new EarlySocket('ws://hub.test/ws', JOIN);
    const first = latest();
    first.open();
    for (let i = 0; i <= MAX_EARLY_FRAMES; i++) first.receive({ type: 'ping' });
    expect(first.closedWith).toBe(1000);
    const { c } = client(early);
    c.start();
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    latest().receive(welcome());
    expect(c.state).toBe('connected');
  });

  it('is not taken by a client for another server address', () => {
    const early = new EarlySocket('ws://other.test/ws', JOIN);
    const { c } = client(early);
    c.start();
    expect(FakeSocket.all.map((s) => s.url)).toEqual(['ws://other.test/ws', 'ws://hub.test/ws']);
  });
});
