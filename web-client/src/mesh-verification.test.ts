import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadIdentity, type KeyVault, type StoredKey } from './device-identity';
import type { Timers } from './timers';
import { Mesh, type LinkFactory, type MeshLink, type RoomPeer } from './mesh';
import type { LinkSink } from './peer-link';
import type { WelcomeMessage } from './protocol';
import {
  deviceIdOf,
  fromBase64Url,
  helloBinding,
  helloProof,
  parseRoomKey,
  roomSecrets,
  toBase64Url,
  type RoomSecrets,
} from './protocol/trust';
import { verifyDeviceSignature } from './protocol/ed25519-js';
import { ALICE, BOB } from './test-fixtures';

/**
 * Verification as the mesh does it, with the real trust crypto and two meshes whose links are
 * in-memory pipes: what each side's SDP would announce is set per link, so a relay (each side
 * seeing the relay's certificate) is one line.
 */

const ROOM_KEY = roomSecrets(parseRoomKey('AAECAwQFBgcICQoLDA0ODw')!);
const OTHER_KEY = roomSecrets(parseRoomKey('DwAODQwLCgkIBwYFBAMCAQ')!);
const FP_ALICE = 'sha-256 AA:AA';
const FP_BOB = 'sha-256 BB:BB';

class MapVault implements KeyVault {
  stored: StoredKey | undefined;
  async get() {
    return this.stored;
  }
  async put(key: StoredKey) {
    this.stored = key;
  }
}

/** Timers the test fires by hand. */
class ManualTimers implements Timers {
  private readonly pending = new Set<{ fn: () => void }>();
  setTimeout(fn: () => void) {
    const handle = { fn };
    this.pending.add(handle);
    return handle;
  }
  clearTimeout(handle: unknown) {
    this.pending.delete(handle as { fn: () => void });
  }
  fireAll() {
    for (const h of [...this.pending]) {
      this.pending.delete(h);
      h.fn();
    }
  }
}

class FakeChannel {
  closed = false;
  constructor(readonly label: string) {}
  close() {
    this.closed = true;
  }
}

/** One side of an in-memory connection: sends go to the other side's sink on a later task. */
class PipeLink implements MeshLink {
  state = 'connected' as const;
  maxMessageSize = 65536;
  closed = false;
  other: PipeLink | null = null;
  sent: string[] = [];
  opened: string[] = [];
  constructor(
    readonly sink: LinkSink,
    readonly localFingerprint: string | null,
    readonly remoteFingerprint: string | null,
  ) {}
  handleSignal() {}
  restartIce() {
    return true;
  }
  useIceServers() {}
  close() {
    this.closed = true;
  }
  send(text: string) {
    if (this.closed) return false;
    this.sent.push(text);
    const to = this.other;
    setTimeout(() => {
      if (to && !to.closed) to.sink.channelMessage(text);
    }, 0);
    return true;
  }
  openChannel(label: string) {
    this.opened.push(label);
    return new FakeChannel(label) as unknown as RTCDataChannel;
  }
}

interface Side {
  mesh: Mesh;
  timers: ManualTimers;
  link: () => PipeLink;
  events: string[];
  chats: string[];
}

async function side(self: string, other: string, name: string, secrets: RoomSecrets, fingerprints: [string, string]): Promise<Side> {
  const identity = await loadIdentity(new MapVault(), null);
  const timers = new ManualTimers();
  let made: PipeLink | null = null;
  const factory: LinkFactory = (_self, _peer, _ice, sink) => (made = new PipeLink(sink, ...fingerprints));
  const mesh = new Mesh(() => undefined, () => ({ name }), { roomId: secrets.roomId, verifyKey: secrets.verifyKey, identity }, factory, timers);
  const events: string[] = [];
  const chats: string[] = [];
  mesh.on('peer-verified', (p: RoomPeer) => events.push(`verified ${p.id} ${p.device}`));
  mesh.on('peer-not-verified', (p: RoomPeer) => events.push(`not-verified ${p.id}`));
  mesh.on('data-channel', (_p, c) => events.push(`data-channel ${c.label}`));
  mesh.control.on('chat', (_from, m) => chats.push(m.text));
  mesh.applyWelcome({
    type: 'welcome', v: 2, self: { id: self, name, kind: 'browser' }, resume: 'T'.repeat(43), iceServers: [],
    peers: [{ id: other, name: 'x', kind: 'browser' }], heartbeatMs: 10_000, resumed: false,
  } as WelcomeMessage, false);
  return { mesh, timers, link: () => made!, events, chats };
}

/** Alice and Bob, each link announcing what that side would see in its SDPs. */
async function pair(opts: { bobKey?: RoomSecrets; aliceSees?: [string, string]; bobSees?: [string, string] } = {}) {
  const alice = await side(ALICE, BOB, 'Alice', ROOM_KEY, opts.aliceSees ?? [FP_ALICE, FP_BOB]);
  const bob = await side(BOB, ALICE, 'Bob', opts.bobKey ?? ROOM_KEY, opts.bobSees ?? [FP_BOB, FP_ALICE]);
  alice.link().other = bob.link();
  bob.link().other = alice.link();
  return { alice, bob };
}

function open(...sides: Side[]) {
  for (const s of sides) s.link().sink.channelOpen();
}

const chat = (text: string) => JSON.stringify({ type: 'chat', id: 'm1', text, ts: 1 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('verifying a peer (the mesh’s gate)', () => {
  beforeEach(() => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('a hello bound to this connection verifies both sides, and the device is its key’s', async () => {
    const { alice, bob } = await pair();
    open(alice, bob);
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('verified'));
    await vi.waitFor(() => expect(bob.mesh.peer(ALICE)?.trust).toBe('verified'));
    const hello = JSON.parse(bob.link().sent[0]!);
    expect(alice.mesh.peer(BOB)?.device).toBe(hello.device);
    expect(alice.events).toEqual([`verified ${BOB} ${hello.device}`]);
    expect(alice.mesh.broadcast(chat('hi'))).toBe(1);
    await vi.waitFor(() => expect(bob.chats).toEqual(['hi']));
  });

  it('the hello sent binds sender id, receiver id, then the sender’s own fingerprint and the receiver’s, as the spec orders them', async () => {
    const { bob } = await pair();
    open(bob);
    await vi.waitFor(() => expect(bob.link().sent).toHaveLength(1));
    const hello = JSON.parse(bob.link().sent[0]!);
    const key = fromBase64Url(hello.key)!;
    const binding = helloBinding(ROOM_KEY.roomId, BOB, ALICE, FP_BOB, FP_ALICE, key);
    expect(hello.proof).toBe(toBase64Url(helloProof(ROOM_KEY.verifyKey, binding)));
    expect(verifyDeviceSignature(key, binding, fromBase64Url(hello.sig)!)).toBe(true);
    expect(hello.device).toBe(deviceIdOf(key));
  });

  it('a hello made for other fingerprints (a relay in the middle) fails, and the connection is cut', async () => {
    // Each side sees the relay's certificate as the remote one.
    const { alice, bob } = await pair({ aliceSees: [FP_ALICE, 'sha-256 EE:01'], bobSees: [FP_BOB, 'sha-256 EE:02'] });
    open(alice, bob);
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified'));
    await vi.waitFor(() => expect(bob.mesh.peer(ALICE)?.trust).toBe('not-verified'));
    expect(alice.link().closed).toBe(true);
    expect(alice.events).toEqual([`not-verified ${BOB}`]);
    expect(alice.mesh.broadcast(chat('secret'))).toBe(0);
  });

  it('a hello from someone with another room key fails', async () => {
    const { alice, bob } = await pair({ bobKey: OTHER_KEY });
    open(alice, bob);
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified'));
    expect(bob.mesh.peer(ALICE)?.trust).toBe('not-verified');
  });

  it('a hello without its proof fails', async () => {
    const { alice } = await pair();
    open(alice);
    alice.link().sink.channelMessage(JSON.stringify({ type: 'hello', v: 1, name: 'Bob', device: 'dddddddddddddddddddddd' }));
    expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified');
    expect(alice.link().closed).toBe(true);
  });

  it('a hello whose signature is over other bytes fails, though its room proof is right', async () => {
    const { alice, bob } = await pair();
    bob.link().other = null; // Bob's hello is taken off the wire and edited
    open(bob);
    await vi.waitFor(() => expect(bob.link().sent).toHaveLength(1));
    const hello = JSON.parse(bob.link().sent[0]!);
    const sig = hello.sig as string;
    hello.sig = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    open(alice);
    alice.link().sink.channelMessage(JSON.stringify(hello));
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified'));
  });

  /** Bob's hello as it went out, for Alice to receive by hand (with `edit` applied). */
  async function bobsHello(bob: Side, edit: (hello: Record<string, string>) => void = () => undefined) {
    bob.link().other = null;
    open(bob);
    await vi.waitFor(() => expect(bob.link().sent).toHaveLength(1));
    const hello = JSON.parse(bob.link().sent[0]!);
    edit(hello);
    return JSON.stringify(hello);
  }

  it('what a peer sends while its hello is being checked is held, then delivered in order', async () => {
    const { alice, bob } = await pair();
    const hello = await bobsHello(bob);
    open(alice);
    const arriving = new FakeChannel('peerhub-docs');
    // All in one task: the signature check (asynchronous) cannot have finished in between.
    alice.link().sink.channelMessage(hello);
    alice.link().sink.channelMessage(chat('first'));
    alice.link().sink.channelMessage(chat('second'));
    alice.link().sink.dataChannel!(arriving as unknown as RTCDataChannel);
    expect(alice.chats).toEqual([]);
    expect(alice.events).toEqual([]);
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('verified'));
    expect(alice.chats).toEqual(['first', 'second']);
    expect(arriving.closed).toBe(false);
    expect(alice.events).toContain('data-channel peerhub-docs');
  });

  it('what a peer sends while its hello is being checked is dropped when the signature is wrong', async () => {
    const { alice, bob } = await pair();
    const hello = await bobsHello(bob, (h) => (h.sig = (h.sig![0] === 'A' ? 'B' : 'A') + h.sig!.slice(1)));
    open(alice);
    const arriving = new FakeChannel('peerhub-docs');
    alice.link().sink.channelMessage(hello);
    alice.link().sink.channelMessage(chat('unseen'));
    alice.link().sink.dataChannel!(arriving as unknown as RTCDataChannel);
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified'));
    await settle();
    expect(alice.chats).toEqual([]);
    expect(arriving.closed).toBe(true);
    expect(alice.events).toEqual([`not-verified ${BOB}`]);
  });

  it('a peer that floods while its hello is being checked has only the first 64 messages kept', async () => {
    const { alice, bob } = await pair();
    const hello = await bobsHello(bob);
    open(alice);
    alice.link().sink.channelMessage(hello);
    for (let i = 0; i < 1000; i++) alice.link().sink.channelMessage(chat(`m${i}`));
    await vi.waitFor(() => expect(alice.mesh.peer(BOB)?.trust).toBe('verified'));
    expect(alice.chats).toHaveLength(64);
    expect(alice.chats[63]).toBe('m63');
  });

  it('no hello within 10 seconds of the channel opening cuts the peer off', async () => {
    const { alice } = await pair();
    open(alice);
    await settle();
    expect(alice.mesh.peer(BOB)?.trust).toBe('verifying');
    alice.timers.fireAll();
    expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified');
    expect(alice.link().closed).toBe(true);
  });

  it('before verification nothing but hello is routed, sent, opened or taken', async () => {
    const { alice } = await pair();
    open(alice);
    await settle();
    alice.link().sink.channelMessage(chat('before'));
    expect(alice.chats).toEqual([]);
    expect(alice.mesh.send(BOB, chat('out'))).toBe(false);
    expect(alice.mesh.broadcast(chat('out'))).toBe(0);
    expect(alice.mesh.openChannel(BOB, 'peerhub-docs')).toBeNull();
    const arriving = new FakeChannel('peerhub-docs');
    alice.link().sink.dataChannel!(arriving as unknown as RTCDataChannel);
    expect(arriving.closed).toBe(true);
    expect(alice.events).toEqual([]);
    // Only the hello went out.
    expect(alice.link().sent.map((t) => JSON.parse(t).type)).toEqual(['hello']);
  });

  it('a peer that joins again after failing gets a new connection and a new chance', async () => {
    const { alice } = await pair();
    open(alice);
    alice.link().sink.channelMessage(JSON.stringify({ type: 'hello', v: 1, name: 'Bob' }));
    const cut = alice.link();
    expect(alice.mesh.peer(BOB)?.trust).toBe('not-verified');
    alice.mesh.removePeer(BOB);
    alice.mesh.addPeer({ id: BOB, name: 'Bob', kind: 'browser' });
    expect(alice.link()).not.toBe(cut);
    expect(alice.mesh.peer(BOB)?.trust).toBe('verifying');
  });
});
