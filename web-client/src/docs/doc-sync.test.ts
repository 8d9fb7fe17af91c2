import * as A from '@automerge/automerge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

function peer(id: string): Peer {
  const store = new DocStore();
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

function type(p: Peer, docId: string, at: number, text: string): void {
  p.store.change<TextDoc>(docId, (d) => A.change(d, (x) => A.splice(x, ['text'], at, 0, text)));
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
