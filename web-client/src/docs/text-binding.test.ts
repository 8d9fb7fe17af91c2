import * as A from '@automerge/automerge';
import { EditorSelection, EditorState, type Transaction } from '@codemirror/state';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocStore } from './doc-store';
import { DocSync } from './doc-sync';
import { textOf, type TextDoc } from './documents';
import { applyLocal, remoteTransaction, type TextHandle } from './text-binding';

/**
 * An editor as the binding's view plugin drives it (text-binding.ts), on an EditorState (no DOM
 * here): local transactions go to the store with applyLocal, the store's changes come back with
 * remoteTransaction. The page's EditorView does the same through the plugin.
 */
class Editor {
  state: EditorState;
  private reconciled: A.Heads;
  private applyingLocal = false;
  readonly handle: TextHandle;

  constructor(
    readonly store: DocStore,
    readonly docId = 'notes',
  ) {
    store.ensure(docId);
    this.handle = {
      doc: () => store.get(docId) as A.Doc<TextDoc>,
      change: (fn) => store.change<TextDoc>(docId, (d) => A.change(d, fn)) === null,
      subscribe: (cb) => store.on('change', (id) => id === docId && cb()),
    };
    this.state = EditorState.create({ doc: textOf(this.handle.doc()) });
    this.reconciled = A.getHeads(this.handle.doc());
    this.handle.subscribe(() => this.catchUp());
  }

  private commit(tr: Transaction): void {
    this.state = tr.state;
    this.applyingLocal = true;
    try {
      if (applyLocal(this.handle, [tr])) this.reconciled = A.getHeads(this.handle.doc());
    } finally {
      this.applyingLocal = false;
    }
  }

  private catchUp(): void {
    if (this.applyingLocal) return;
    const doc = this.handle.doc();
    const heads = A.getHeads(doc);
    const spec = remoteTransaction(this.state, doc, this.reconciled, heads);
    this.reconciled = heads;
    if (spec) this.state = this.state.update(spec).state;
  }

  /** Types one key at the caret, as a keystroke does. */
  type(key: string): void {
    const head = this.state.selection.main.head;
    this.commit(this.state.update({ changes: { from: head, insert: key }, selection: { anchor: head + key.length }, userEvent: 'input.type' }));
  }

  moveTo(pos: number): void {
    this.state = this.state.update({ selection: EditorSelection.cursor(pos) }).state;
  }

  select(anchor: number, head: number): void {
    this.state = this.state.update({ selection: EditorSelection.range(anchor, head) }).state;
  }

  get text(): string {
    return this.state.doc.toString();
  }

  get caret(): number {
    return this.state.selection.main.head;
  }
}

/** A page: store, sync layer, one editor on Notes. */
function page(id: string): { id: string; store: DocStore; sync: DocSync; editor: Editor } {
  const store = new DocStore();
  return { id, store, sync: new DocSync(store), editor: new Editor(store) };
}

const queue: (() => void)[] = [];
function connect(a: ReturnType<typeof page>, b: ReturnType<typeof page>): void {
  const channel = (from: ReturnType<typeof page>, to: ReturnType<typeof page>) => ({
    frameBytes: 16_384,
    sendBytes: (frame: Uint8Array) => {
      const copy = frame.slice();
      queue.push(() => to.sync.receiveFrame(from.id, copy));
    },
    sendText: () => undefined,
  });
  a.sync.attach(b.id, channel(a, b));
  b.sync.attach(a.id, channel(b, a));
}

/** Delivers what is in flight: everything, or only the first `n` messages. */
function deliver(n = Infinity): void {
  for (let i = 0; queue.length > 0 && i < n; i++) queue.shift()!();
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  queue.length = 0;
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => warn.mockRestore());

const ALICE = 'alpha from alice.';
const BOB = 'beta from bob.';

/** Both type key by key, alternating; `lag` messages are delivered between keystrokes. */
function typeTogether(alice: Editor, aliceText: string, bob: Editor, bobText: string, lag: number): void {
  for (let i = 0; i < Math.max(aliceText.length, bobText.length); i++) {
    if (i < aliceText.length) alice.type(aliceText[i]!);
    deliver(lag);
    if (i < bobText.length) bob.type(bobText[i]!);
    deliver(lag);
  }
  deliver();
}

describe('two people typing at the same place', () => {
  for (const lag of [1, 2, 3, Infinity]) {
    it(`each keeps their sentence whole in the empty Notes (${lag === Infinity ? 'every message' : lag} delivered between keys)`, () => {
      const alice = page('alice');
      const bob = page('bob');
      connect(alice, bob);
      deliver();
      alice.editor.moveTo(0);
      bob.editor.moveTo(0);
      typeTogether(alice.editor, ALICE, bob.editor, BOB, lag);
      expect(alice.editor.text).toBe(bob.editor.text);
      expect([ALICE + BOB, BOB + ALICE]).toContain(alice.editor.text);
      expect(textOf(alice.store.get('notes')!)).toBe(alice.editor.text);
    });
  }
});

describe('where my caret goes when others edit', () => {
  /** Alice and Bob share `text`; Bob's edit reaches Alice, whose editor is returned. */
  function shared(text: string): { alice: ReturnType<typeof page>; bob: ReturnType<typeof page> } {
    const alice = page('alice');
    const bob = page('bob');
    connect(alice, bob);
    deliver();
    alice.editor.type(text);
    deliver();
    return { alice, bob };
  }

  it('a remote insertion exactly at my caret leaves my caret before it, after my own last character', () => {
    const { alice, bob } = shared('ab');
    alice.editor.moveTo(1);
    bob.editor.moveTo(1);
    bob.editor.type('XYZ');
    deliver();
    expect(alice.editor.text).toBe('aXYZb');
    expect(alice.editor.caret).toBe(1);
    alice.editor.type('!');
    deliver();
    expect(bob.editor.text).toBe('a!XYZb');
  });

  it('insertions before my caret move it along, insertions after it leave it', () => {
    const { alice, bob } = shared('0123456789');
    alice.editor.moveTo(5);
    bob.editor.moveTo(2);
    bob.editor.type('ab');
    bob.editor.moveTo(9);
    bob.editor.type('cd');
    deliver();
    expect(alice.editor.text).toBe('01ab23456cd789');
    expect(alice.editor.caret).toBe(7);
  });

  it('a selection does not grow to take in text inserted at either of its ends', () => {
    const { alice, bob } = shared('one two three');
    alice.editor.select(4, 7); // "two"
    bob.editor.moveTo(7);
    bob.editor.type('!');
    bob.editor.moveTo(4);
    bob.editor.type('>');
    deliver();
    const { from, to } = alice.editor.state.selection.main;
    expect(alice.editor.text.slice(from, to)).toBe('two');
  });

  it('a line put at my caret in one piece (as the Java peer appends) does not split my words', () => {
    const { alice, bob } = shared('notes:\n');
    alice.editor.moveTo(7);
    bob.editor.moveTo(7);
    for (const [i, key] of [...ALICE].entries()) {
      alice.editor.type(key);
      if (i === 5) bob.editor.type('[build 42 passed]\n');
      deliver(1);
    }
    deliver();
    expect(alice.editor.text).toBe(bob.editor.text);
    expect(['notes:\n' + ALICE + '[build 42 passed]\n', 'notes:\n[build 42 passed]\n' + ALICE]).toContain(alice.editor.text);
  });

  it('two people typing at once at different places both keep their sentences whole', () => {
    const { alice, bob } = shared('[start] [end]');
    alice.editor.moveTo(7);
    bob.editor.moveTo(13);
    typeTogether(alice.editor, ' ' + ALICE, bob.editor, ' ' + BOB, 1);
    expect(alice.editor.text).toBe(`[start] ${ALICE} [end] ${BOB}`);
    expect(bob.editor.text).toBe(alice.editor.text);
  });
});
