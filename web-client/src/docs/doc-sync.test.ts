import * as A from '@automerge/automerge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_LIMITS, type DocLimits, type Refusal } from './doc-limits';
import { DocStore } from './doc-store';
import { DocSync } from './doc-sync';
import { addToIndex, textOf, type IndexDoc, type TextDoc } from './documents';
import { frameSyncMessage } from './framing';

/** A page: its store and sync layer. */
interface Peer {
  id: string;
  store: DocStore;
  sync: DocSync;
}

function peer(id: string, limits: DocLimits = PROTOCOL_LIMITS): Peer {
  const store = new DocStore(new Map(), limits);
  return { id, store, sync: new DocSync(store) };
}

/**
 * Connects two peers through an in-memory pair of channels. Delivery is queued (as a real
 * channel's is) and run by `flush`; `cut` severs the pair.
 */
const queue: (() => void)[] = [];
function connect(a: Peer, b: Peer, frameBytes = 16_384): { cut(): void } {
  let open = true;
  const channel = (from: Peer, to: Peer) => ({
    frameBytes,
    sendBytes: (frame: Uint8Array) => {
      const copy = frame.slice();
      queue.push(() => open && to.sync.receiveFrame(from.id, copy));
    },
    sendText: (text: string) => {
      queue.push(() => open && to.sync.receiveText(from.id, text));
    },
  });
  a.sync.attach(b.id, channel(a, b));
  b.sync.attach(a.id, channel(b, a));
  return {
    cut() {
      open = false;
      a.sync.detach(b.id);
      b.sync.detach(a.id);
    },
  };
}

function flush(): void {
  for (let i = 0; queue.length > 0; i++) {
    if (i > 100_000) throw new Error('sync did not settle');
    queue.shift()!();
  }
}

function type(p: Peer, docId: string, at: number, text: string): Refusal | null {
  return p.store.change<TextDoc>(docId, (d) => A.change(d, (x) => A.splice(x, ['text'], at, 0, text)));
}

function erase(p: Peer, docId: string, at: number, count: number): Refusal | null {
  return p.store.change<TextDoc>(docId, (d) => A.change(d, (x) => A.splice(x, ['text'], at, count)));
}

function text(p: Peer, docId = 'notes'): string {
  return textOf(p.store.get(docId)!);
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  queue.length = 0;
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

describe('document sync between peers', () => {
  it('two peers typing into Notes at the same time end with the same text', () => {
    const alice = peer('alice');
    const bob = peer('bob');
    connect(alice, bob);
    for (let i = 0; i < 20; i++) {
      type(alice, 'notes', 0, 'a');
      type(bob, 'notes', text(bob).length, 'b');
      if (i % 3 === 0) flush();
    }
    flush();
    expect(text(alice)).toBe(text(bob));
    expect(text(alice)).toHaveLength(40);
  });

  it('a peer joining late gets every document, the list and the text, from whoever is there', () => {
    const alice = peer('alice');
    const bob = peer('bob');
    connect(alice, bob);
    type(alice, 'notes', 0, 'hello from alice');
    alice.store.change<IndexDoc>('index', (i) => addToIndex(i, 'plan', 'Plan')!);
    type(alice, 'plan', 0, 'step one');
    flush();
    // Alice leaves; Carol arrives and only Bob is there.
    const carol = peer('carol');
    connect(bob, carol, 1_000);
    flush();
    expect(text(carol)).toBe('hello from alice');
    expect(text(carol, 'plan')).toBe('step one');
    expect(carol.store.index['plan']?.title).toBe('Plan');
  });

  it('edits made while disconnected merge when the channel comes back', () => {
    const alice = peer('alice');
    const bob = peer('bob');
    const link = connect(alice, bob);
    type(alice, 'notes', 0, 'shared ');
    flush();
    link.cut();
    type(alice, 'notes', text(alice).length, 'alice-offline ');
    type(bob, 'notes', 0, 'bob-offline ');
    flush();
    expect(text(alice)).not.toBe(text(bob));
    connect(alice, bob);
    flush();
    expect(text(alice)).toBe(text(bob));
    expect(text(alice)).toContain('alice-offline');
    expect(text(alice)).toContain('bob-offline');
  });

  it('a large document with many edits crosses small frames intact', () => {
    const alice = peer('alice');
    for (let i = 0; i < 500; i++) type(alice, 'notes', i * 20, 'x'.repeat(19) + '\n');
    const bob = peer('bob');
    connect(alice, bob, 2_048);
    flush();
    expect(text(bob)).toBe(text(alice));
    expect(text(bob)).toHaveLength(10_000);
  });
});

describe('hostile input', () => {
  it('a malformed sync message is dropped with a log line, and the document keeps syncing with everyone', () => {
    const alice = peer('alice');
    const bob = peer('bob');
    const mallory = peer('mallory');
    connect(alice, bob);
    connect(alice, mallory);
    type(bob, 'notes', 0, 'good text');
    flush();
    const dropped: string[] = [];
    alice.sync.on('dropped', (from, reason) => dropped.push(`${from}: ${reason}`));

    for (const garbage of [new Uint8Array([0x42, 1, 2, 3]), new Uint8Array(5000).fill(0xff)]) {
      for (const f of frameSyncMessage('notes', garbage, 1_000)) alice.sync.receiveFrame('mallory', f);
    }
    alice.sync.receiveFrame('mallory', new Uint8Array([7, 7, 7]));

    expect(dropped.length).toBe(3);
    expect(dropped.every((d) => d.startsWith('mallory: '))).toBe(true);
    expect(warn).toHaveBeenCalled();
    expect(text(alice)).toBe('good text');
    type(alice, 'notes', text(alice).length, ' and more');
    type(bob, 'notes', 0, '> ');
    flush();
    expect(text(alice)).toBe('> good text and more');
    expect(text(bob)).toBe(text(alice));
    expect(text(mallory)).toBe(text(alice));
  });

  it('a sync message for an invented document past the room limit is refused', () => {
    const alice = peer('alice');
    const mallory = peer('mallory');
    connect(alice, mallory);
    flush();
    const dropped: string[] = [];
    alice.sync.on('dropped', (_from, reason) => dropped.push(reason));
    const message = A.generateSyncMessage(A.init(), A.initSyncState())[1]!;
    for (let i = 0; i < 150; i++) {
      for (const f of frameSyncMessage(`spam${i}`, message, 16_384)) alice.sync.receiveFrame('mallory', f);
    }
    expect(alice.store.ids.length).toBeLessThanOrEqual(101);
    expect(dropped.some((r) => r.includes('too many documents'))).toBe(true);
  });

  it('text frames go to listeners only from attached peers', () => {
    const alice = peer('alice');
    const seen: string[] = [];
    alice.sync.on('text', (from, t) => seen.push(`${from}:${t}`));
    alice.sync.receiveText('stranger', '{}');
    const bob = peer('bob');
    connect(alice, bob);
    bob.sync.broadcastText('{"type":"cursor","doc":null}');
    flush();
    expect(seen).toEqual(['bob:{"type":"cursor","doc":null}']);
  });
});

describe('size caps', () => {
  /** Small caps, so that the tests fill documents in a few keystrokes. */
  const small: DocLimits = { docText: 100, roomText: 150, docSaved: 20_000, roomSaved: 40_000 };
  /** A peer with no caps: the hostile (or modified) page. */
  const none: DocLimits = { docText: Infinity, roomText: Infinity, docSaved: Infinity, roomSaved: Infinity };

  function refusals(p: Peer): string[] {
    const seen: string[] = [];
    p.sync.on('refused', (from, docId, r) => seen.push(`${from} ${docId} ${r.kind}`));
    return seen;
  }

  it('a local edit past the document cap is refused and leaves the document as it was', () => {
    const alice = peer('alice', small);
    expect(type(alice, 'notes', 0, 'x'.repeat(100))).toBeNull();
    expect(type(alice, 'notes', 100, 'y')).toMatchObject({ kind: 'document text', cap: 100, size: 101 });
    expect(text(alice)).toBe('x'.repeat(100));
    expect(erase(alice, 'notes', 0, 10)).toBeNull();
    expect(type(alice, 'notes', 0, 'é'.repeat(5))).toBeNull(); // 10 bytes of UTF-8
    expect(type(alice, 'notes', 0, 'é')).toMatchObject({ kind: 'document text', size: 102 });
  });

  it('a sync message that would take a document past its cap is refused by every capped peer, and the rest of the room goes on', () => {
    const mallory = peer('mallory', none);
    const alice = peer('alice', small);
    const bob = peer('bob', small);
    connect(mallory, alice);
    connect(alice, bob);
    connect(mallory, bob);
    type(alice, 'notes', 0, 'agenda');
    flush();
    const seenByAlice = refusals(alice);
    const seenByBob = refusals(bob);

    type(mallory, 'notes', 6, 'z'.repeat(200));
    flush(); // settles: a refused message is not answered, so it is not sent again and again
    expect(text(alice)).toBe('agenda');
    expect(text(bob)).toBe('agenda');
    expect(seenByAlice).toEqual(['mallory notes document text']);
    expect(seenByBob).toEqual(['mallory notes document text']);

    // Alice and Bob go on writing together, in Notes and in another document.
    alice.store.change<IndexDoc>('index', (i) => addToIndex(i, 'plan', 'Plan')!);
    type(alice, 'plan', 0, 'step one');
    type(bob, 'notes', 6, ': ship');
    flush();
    expect(text(alice)).toBe('agenda: ship');
    expect(text(bob)).toBe('agenda: ship');
    expect(text(bob, 'plan')).toBe('step one');
    expect(text(mallory, 'plan')).toBe('step one');
    // Their own edits coming back in Mallory's heads are nothing new: no second refusal.
    expect(seenByAlice).toEqual(['mallory notes document text']);
    // Mallory's new changes are looked at again (asked for afresh), and refused again.
    type(mallory, 'notes', 0, '!');
    flush();
    expect(seenByAlice).toEqual(['mallory notes document text', 'mallory notes document text']);
    expect(text(alice)).toBe('agenda: ship');
  });

  it("the room's text cap counts every document", () => {
    const mallory = peer('mallory', none);
    const alice = peer('alice', small);
    connect(mallory, alice);
    mallory.store.change<IndexDoc>('index', (i) => addToIndex(i, 'plan', 'Plan')!);
    type(mallory, 'notes', 0, 'n'.repeat(90));
    flush();
    const seen = refusals(alice);
    type(mallory, 'plan', 0, 'p'.repeat(90)); // 90 + 90 > 150
    flush();
    expect(text(alice)).toHaveLength(90);
    expect(text(alice, 'plan')).toBe('');
    expect(seen).toContain('mallory plan room text');
  });

  it('history past its cap is refused, measured exactly first: churn is stopped, honest typing is not', () => {
    const limits: DocLimits = { docText: 1_000, roomText: 2_000, docSaved: 3_000, roomSaved: 6_000 };
    const mallory = peer('mallory', none);
    const alice = peer('alice', limits);
    connect(mallory, alice);
    flush();
    const seen = refusals(alice);
    // Honest typing, key by key: the changes' own bytes add up past the cap (the estimate), a
    // save of the document is far below it (the exact measure), so nothing is refused.
    for (let i = 0; i < 100; i++) {
      type(mallory, 'notes', i, 'k');
      flush();
    }
    expect(text(alice)).toBe('k'.repeat(100));
    expect(seen).toEqual([]);
    // Churn: text that never stays, but every change of it does, until the history is full.
    const random = () => Array.from({ length: 500 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join('');
    for (let i = 0; i < 30 && seen.length === 0; i++) {
      erase(mallory, 'notes', 0, text(mallory).length);
      type(mallory, 'notes', 0, random());
      flush();
    }
    expect(seen[0]).toBe('mallory notes document history');
    expect(A.save(alice.store.get('notes')!).length).toBeLessThanOrEqual(limits.docSaved);
    expect(text(alice)).not.toBe(text(mallory));
  });

  it('two honest peers whose edits together pass the cap each keep their own, and converge once there is room', () => {
    const alice = peer('alice', small);
    const bob = peer('bob', small);
    const link = connect(alice, bob);
    flush();
    link.cut();
    type(alice, 'notes', 0, 'a'.repeat(60));
    type(bob, 'notes', 0, 'b'.repeat(60));
    connect(alice, bob);
    flush();
    expect(text(alice)).toBe('a'.repeat(60));
    expect(text(bob)).toBe('b'.repeat(60));
    // Bob makes room: his change depends on his refused one, so both arrive together, now fitting.
    erase(bob, 'notes', 0, 40);
    flush();
    expect(text(alice)).toBe(text(bob));
    expect(text(alice).length).toBe(80);
  });
});
