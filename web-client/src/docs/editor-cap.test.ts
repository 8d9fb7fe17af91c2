import { EditorState, Transaction } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { refusal, textBytes, type Refusal } from './doc-limits';
import { sizeCap, textSizeOf } from './editor-cap';
import { remoteEdit } from './text-binding';

const limits = { docText: 20, roomText: 1_000, docSaved: 1_000, roomSaved: 1_000 };

function editor(doc = ''): { state: () => EditorState; input: (from: number, to: number, insert: string) => void; full: Refusal[] } {
  const full: Refusal[] = [];
  let state = EditorState.create({
    doc,
    extensions: sizeCap((after) => refusal(limits, { text: textBytes(state.doc.toString()), saved: 0 }, { text: after, saved: 1 }, { text: 0, saved: 0 }), (r) => full.push(r)),
  });
  return {
    state: () => state,
    input: (from, to, insert) => {
      state = state.update({ changes: { from, to, insert }, userEvent: 'input' }).state;
    },
    full,
  };
}

describe('the editor at the size cap', () => {
  it('takes input up to the cap, drops the keystroke or paste beyond it, and says why', async () => {
    const e = editor();
    e.input(0, 0, 'x'.repeat(18));
    e.input(18, 18, 'é'); // 2 bytes: exactly full
    expect(e.state().doc.toString()).toBe('x'.repeat(18) + 'é');
    e.input(19, 19, 'y');
    e.input(0, 0, 'a paste that is too long');
    expect(e.state().doc.toString()).toBe('x'.repeat(18) + 'é');
    await Promise.resolve();
    expect(e.full.map((r) => r.kind)).toEqual(['document text', 'document text']);
    expect(e.full[0]).toMatchObject({ cap: 20, size: 21 });
  });

  it('always lets text be deleted, or replaced by no more than it was, and keeps count', () => {
    const e = editor('x'.repeat(20));
    e.input(0, 5, '');
    e.input(0, 0, '😀'); // 4 bytes: 19
    e.input(0, 0, 'é'); // 21: dropped
    e.input(2, 4, 'é'); // "xx" (2 bytes) for "é" (2 bytes): 19
    expect(e.state().doc.toString()).toBe('😀é' + 'x'.repeat(13));
    expect(textSizeOf(e.state())).toBe(19);
    expect(textSizeOf(e.state())).toBe(new TextEncoder().encode(e.state().doc.toString()).length);
  });

  it("never drops others' changes: the sync layer measured them", () => {
    const e = editor('x'.repeat(20));
    const tr = e.state().update({ changes: { from: 0, insert: 'from a peer' }, annotations: [remoteEdit.of(true), Transaction.addToHistory.of(false)] });
    expect(tr.state.doc.length).toBe(31);
    expect(textSizeOf(tr.state)).toBe(31);
  });
});
