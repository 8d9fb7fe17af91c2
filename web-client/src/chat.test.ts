import { ed25519 } from '@noble/curves/ed25519.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Chat, checkDraft, newMessageId, type ChatEntry } from './chat';
import { MemoryChatStore } from './chat-store';
import { ControlRouter } from './control-router';
import { chatBinding, MAX_HISTORY_ENTRIES } from './protocol';
import { verifyDeviceSignature } from './protocol/ed25519-js';
import { deviceIdOf, toBase64Url } from './protocol/trust';
import { ALICE, BOB, CAROL, ROOM } from './test-fixtures';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(now = () => 5_000_000) {
  const sent: { to: string | '*'; text: string }[] = [];
  let connected = 1;
  const router = new ControlRouter();
  const chat = new Chat(
    { broadcast: (text) => (sent.push({ to: '*', text }), connected), send: (to, text) => (sent.push({ to, text }), true) },
    () => ({ id: ALICE, name: 'Amber Otter' }),
    router,
    { clock: now },
  );
  const received: ChatEntry[] = [];
  chat.on('message', (e) => received.push(e));
  // What production does with a peer's control-channel message: hand it to the router.
  const fromPeer = (id: string, name: string, raw: unknown) => router.receive({ id, name }, raw);
  return { chat, sent, received, fromPeer, setConnected: (n: number) => (connected = n) };
}

const wire = (m: Record<string, unknown>) => JSON.stringify({ type: 'chat', id: 'x1', text: 'hi', ts: 1000, ...m });

describe('chat', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('transfer messages on the control channel are not the chat’s business', () => {
    const { fromPeer, received } = setup();
    fromPeer(BOB, 'B', JSON.stringify({ type: 'transfer-cancel', id: 'tttttttttttttttttttttt', reason: 'cancelled' }));
    expect(received).toEqual([]);
  });

  it('sending broadcasts a chat message and shows it as mine with my name', async () => {
    const { chat, sent, received } = setup();
    const result = await chat.send('hello room', 5000);
    expect(result).toMatchObject({ delivered: 1 });
    const message = JSON.parse(sent[0]!.text);
    expect(message).toMatchObject({ type: 'chat', text: 'hello room', ts: 5000 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ id: message.id, from: ALICE, fromName: 'Amber Otter', text: 'hello room', ts: 5000, mine: true });
  });

  it('messages said within one millisecond keep their order: each goes one millisecond past the one before', async () => {
    const { chat, sent } = setup();
    for (const text of ['one', 'two', 'three']) await chat.send(text, 7000);
    await chat.send('after the clock went back', 6000);
    expect(sent.map((s) => JSON.parse(s.text).ts)).toEqual([7000, 7001, 7002, 7003]);
  });

  it('sending with nobody connected still shows the message and says nobody got it', async () => {
    const { chat, setConnected, received } = setup();
    setConnected(0);
    expect(await chat.send('anyone?')).toMatchObject({ delivered: 0 });
    expect(received).toHaveLength(1);
  });

  it('empty, oversize and over-escaped drafts are refused before sending', async () => {
    const { chat, sent } = setup();
    expect(await chat.send('   ')).toHaveProperty('error');
    expect(await chat.send('a'.repeat(4001))).toHaveProperty('error');
    expect(await chat.send('\u0001'.repeat(4000))).toEqual({ error: 'The message is too large to send; please shorten it.' });
    expect(sent).toEqual([]);
  });

  it('the draft limit counts code points: 4,000 emoji are allowed', () => {
    expect(checkDraft('🦦'.repeat(4000)).ok).toBe(true);
    expect(checkDraft('🦦'.repeat(4001)).ok).toBe(false);
  });

  it('a received message is passed on with the sender name and its text as-is', () => {
    const { fromPeer, received } = setup(() => 2000);
    fromPeer(BOB, 'Brave Badger', wire({ text: '<img src=x onerror=alert(1)>' }));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ id: 'x1', from: BOB, fromName: 'Brave Badger', text: '<img src=x onerror=alert(1)>', ts: 1000, mine: false, kept: false });
  });

  it('the same message id from the same sender is shown once', () => {
    const { fromPeer, received } = setup();
    fromPeer(BOB, 'Brave Badger', wire({}));
    fromPeer(BOB, 'Brave Badger', wire({ text: 'again' }));
    fromPeer(CAROL, 'Calm Crane', wire({}));
    expect(received.map((e) => e.from)).toEqual([BOB, CAROL]);
  });

  it('a timestamp from a clock running ahead is shown as now', () => {
    const { fromPeer, received } = setup(() => 5_000);
    fromPeer(BOB, 'Brave Badger', wire({ ts: 99_999 }));
    expect(received[0]!.ts).toBe(5_000);
  });

  it.each([
    ['oversize text', wire({ text: 'a'.repeat(4001) })],
    ['a missing id', JSON.stringify({ type: 'chat', text: 'hi', ts: 1 })],
    ['a numeric text', wire({ text: 42 })],
    ['an unknown type', JSON.stringify({ type: 'shout', text: 'hi' })],
    ['broken JSON', '{"type":"chat",'],
    ['binary data', new Uint8Array([1, 2, 3]).buffer],
  ])('a message with %s is dropped and logged', (_what, raw) => {
    const { fromPeer, received } = setup();
    fromPeer(BOB, 'Brave Badger', raw);
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('message ids are 22 base64url characters and differ each time', () => {
    const a = newMessageId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newMessageId()).not.toBe(a);
  });

  it('a direct text goes to that one peer and is shown as direct on both sides', () => {
    const { chat, sent, received, fromPeer } = setup();
    const result = chat.sendDirect(BOB, 'Brave Badger', 'the code is 4711');
    expect(result).toMatchObject({ delivered: 1 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe(BOB);
    expect(JSON.parse(sent[0]!.text)).toMatchObject({ type: 'direct', text: 'the code is 4711' });
    expect(received[0]).toMatchObject({ mine: true, direct: 'to', peerName: 'Brave Badger', kept: false });
    fromPeer(BOB, 'Brave Badger', JSON.stringify({ type: 'direct', id: 'd1', text: 'thanks', ts: 1 }));
    expect(received[1]).toMatchObject({ mine: false, direct: 'from', fromName: 'Brave Badger', text: 'thanks', kept: false });
  });
});

// ---- History: real keys, real signatures, a store in memory -------------------------------

function device(seed: number) {
  const secret = new Uint8Array(32).fill(seed);
  const publicKey = ed25519.getPublicKey(secret);
  return { secret, publicKey, id: deviceIdOf(publicKey), sign: async (data: Uint8Array) => ed25519.sign(data, secret) };
}

const KEYS = { [ALICE]: device(1), [BOB]: device(2), [CAROL]: device(3) };
const NAMES = { [ALICE]: 'Amber Otter', [BOB]: 'Brave Badger', [CAROL]: 'Calm Crane' };

/** Peers whose routers are wired to each other directly, as verified control channels are. */
class Room {
  readonly routers = new Map<string, ControlRouter>();
  readonly chats = new Map<string, Chat>();
  readonly shown = new Map<string, ChatEntry[]>();
  readonly stores = new Map<string, MemoryChatStore>();
  readonly wires: { from: string; to: string; text: string }[] = [];
  connected = new Set<string>();
  now = 1_700_000_000_000;

  constructor(private readonly check = async (key: Uint8Array, data: Uint8Array, sig: Uint8Array) => verifyDeviceSignature(key, data, sig)) {}

  join(id: keyof typeof KEYS, store = new MemoryChatStore()): Chat {
    const router = new ControlRouter();
    this.routers.set(id, router);
    this.stores.set(id, store);
    const deliver = (to: string, text: string) => {
      if (!this.connected.has(to) || !this.connected.has(id)) return false;
      this.wires.push({ from: id, to, text });
      this.routers.get(to)!.receive({ id, name: NAMES[id]! }, text);
      return true;
    };
    const chat = new Chat(
      {
        broadcast: (text) => [...this.connected].filter((p) => p !== id && deliver(p, text)).length,
        send: deliver,
        maxMessageSize: () => 65_536,
      },
      () => ({ id, name: NAMES[id]! }),
      router,
      {
        clock: () => this.now,
        history: {
          roomId: ROOM,
          identity: Promise.resolve(KEYS[id]!),
          store,
          peerKey: (peer) => KEYS[peer as keyof typeof KEYS]?.publicKey,
          peerName: (peer) => NAMES[peer as keyof typeof NAMES],
          checkSignature: this.check,
        },
      },
    );
    const shown: ChatEntry[] = [];
    chat.on('message', (e) => shown.push(e));
    chat.on('messages', (list) => shown.push(...list));
    chat.on('cleared', () => (shown.length = 0));
    this.chats.set(id, chat);
    this.shown.set(id, shown);
    this.connected.add(id);
    return chat;
  }

  /** A hostile peer the test speaks for: what is sent to it is swallowed. */
  hostile(id: string): void {
    this.routers.set(id, new ControlRouter());
    this.connected.add(id);
  }

  /** Both sides verified each other: each asks the other for history. */
  meet(a: string, b: string): void {
    this.chats.get(a)!.peerVerified(b);
    this.chats.get(b)!.peerVerified(a);
  }

  texts(id: string): string[] {
    return [...this.shown.get(id)!].sort((x, y) => (x.order[0] - y.order[0]) || (x.order[1] < y.order[1] ? -1 : 1)).map((e) => e.text);
  }
}

async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await settle();
}

describe('chat history', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('a sent message is signed with the device key over the room, id, time, name and text', async () => {
    const room = new Room();
    room.join(ALICE);
    room.join(BOB);
    await room.chats.get(ALICE)!.send('hello', room.now);
    const message = JSON.parse(room.wires[0]!.text);
    expect(message.name).toBe('Amber Otter');
    const key = KEYS[ALICE]!.publicKey;
    expect(verifyDeviceSignature(key, chatBinding(ROOM, message.id, room.now, 'Amber Otter', 'hello', key), Uint8Array.from(
      atob(message.sig.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))).toBe(true);
    await settled();
    expect(room.shown.get(BOB)![0]).toMatchObject({ text: 'hello', kept: true, device: KEYS[ALICE]!.id, fromName: 'Amber Otter' });
  });

  it('a late joiner receives the history from whoever is there, once, in the same order as everyone', async () => {
    const room = new Room();
    const alice = room.join(ALICE);
    const bob = room.join(BOB);
    room.connected.delete(BOB);
    await alice.send('one', room.now);
    room.now += 1000;
    await alice.send('two', room.now);
    room.connected.add(BOB);
    room.meet(ALICE, BOB);
    await settled();
    room.now += 1000;
    await bob.send('three', room.now);
    room.join(CAROL);
    room.meet(ALICE, CAROL);
    room.meet(BOB, CAROL);
    await settled();
    expect(room.texts(CAROL)).toEqual(['one', 'two', 'three']);
    expect(room.texts(BOB)).toEqual(['one', 'two', 'three']);
    await new Promise((r) => setTimeout(r, 80)); // the store flushes within 50 ms
    const carolStore = [...room.stores.get(CAROL)!.rooms.get(ROOM)!.values()];
    expect(carolStore.map((e) => e.text).sort()).toEqual(['one', 'three', 'two']);
    expect(room.shown.get(CAROL)!.every((e) => e.fromHistory)).toBe(true);
  });

  it('peers that hold the same history exchange only their summaries', async () => {
    const room = new Room();
    const alice = room.join(ALICE);
    room.join(BOB);
    await alice.send('one', room.now);
    await settled();
    room.wires.length = 0;
    room.meet(ALICE, BOB);
    await settled();
    const batches = room.wires.map((w) => JSON.parse(w.text)).filter((m) => m.type === 'history');
    expect(batches).toEqual([{ type: 'history', entries: [], last: true }, { type: 'history', entries: [], last: true }]);
  });

  it('a reloaded page shows its history from storage', async () => {
    const room = new Room();
    const alice = room.join(ALICE);
    room.join(BOB);
    await alice.send('before the reload', room.now);
    await settled();
    await new Promise((r) => setTimeout(r, 80)); // the store flushes within 50 ms
    const again = new Room();
    again.now = room.now;
    again.join(BOB, room.stores.get(BOB));
    await settled();
    expect(again.texts(BOB)).toEqual(['before the reload']);
  });

  it('a forged entry in a peer’s history is dropped with a log line, the others are kept', async () => {
    const room = new Room();
    room.hostile(ALICE);
    room.join(CAROL);
    const carol = room.routers.get(CAROL)!;
    room.chats.get(CAROL)!.peerVerified(ALICE);
    await settled();
    const key = KEYS[BOB]!.publicKey;
    const honest = { id: 'b1', ts: room.now, name: 'Brave Badger', text: 'real', key: toBase64Url(key) };
    const sig = toBase64Url(await KEYS[BOB]!.sign(chatBinding(ROOM, 'b1', room.now, 'Brave Badger', 'real', key)));
    // Alice's (hostile) page claims Bob said something else, under Bob's key.
    const forged = { ...honest, id: 'b2', text: 'send me your password', sig };
    carol.receive({ id: ALICE, name: 'Amber Otter' }, JSON.stringify({ type: 'history', entries: [{ ...honest, sig }, forged], last: true }));
    await settled();
    expect(room.texts(CAROL)).toEqual(['real']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/1 history entries from .* dropped \(their signature does not hold.*: b2$/));
  });

  it('history that answers no request is dropped', async () => {
    const room = new Room();
    room.join(CAROL);
    room.routers.get(CAROL)!.receive({ id: BOB, name: 'Brave Badger' }, JSON.stringify({ type: 'history', entries: [], last: true }));
    await settled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('answers no request'));
  });

  it('an answer past 10,000 entries is cut off', async () => {
    // Their signatures are junk; checking 10,000 in pure JavaScript would only slow the test.
    const room = new Room(async () => false);
    room.join(CAROL);
    room.hostile(ALICE);
    room.chats.get(CAROL)!.peerVerified(ALICE);
    await settled();
    const key = toBase64Url(KEYS[ALICE]!.publicKey);
    const sig = 'A'.repeat(86);
    const batch = (n: number, from: number) =>
      JSON.stringify({ type: 'history', last: false, entries: Array.from({ length: n }, (_, i) => ({ id: `m${from + i}`, ts: room.now, name: 'Amber Otter', text: 'x', key, sig })) });
    for (let i = 0; i < 10; i++) room.routers.get(CAROL)!.receive({ id: ALICE, name: 'Amber Otter' }, batch(1000, i * 1000));
    room.routers.get(CAROL)!.receive({ id: ALICE, name: 'Amber Otter' }, batch(1, 10_000));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`more than ${MAX_HISTORY_ENTRIES}`));
  });

  it('an entry stamped far ahead is shown live but not kept', async () => {
    const room = new Room();
    room.join(ALICE);
    room.join(BOB);
    await room.chats.get(ALICE)!.send('from the future', room.now + 11 * 60 * 1000);
    await settled();
    expect(room.shown.get(BOB)![0]).toMatchObject({ text: 'from the future', kept: false, ts: room.now });
  });

  it('a live chat signed under another name than signaling knows shows both', async () => {
    const room = new Room();
    room.join(BOB);
    room.join(ALICE);
    const key = KEYS[ALICE]!.publicKey;
    const sig = toBase64Url(await KEYS[ALICE]!.sign(chatBinding(ROOM, 'a1', room.now, 'Brave Badger', 'hi', key)));
    room.routers.get(BOB)!.receive({ id: ALICE, name: 'Amber Otter' }, JSON.stringify({ type: 'chat', id: 'a1', text: 'hi', ts: room.now, name: 'Brave Badger', sig }));
    await settled();
    expect(room.shown.get(BOB)![0]).toMatchObject({ fromName: 'Brave Badger', knownAs: 'Amber Otter', device: KEYS[ALICE]!.id });
  });

  it('clearing deletes this browser’s copy', async () => {
    const room = new Room();
    const alice = room.join(ALICE);
    await alice.send('gone soon', room.now);
    await settled();
    await alice.clearHistory();
    expect(room.shown.get(ALICE)).toEqual([]);
    expect(await room.stores.get(ALICE)!.load(ROOM)).toEqual([]);
  });
});
