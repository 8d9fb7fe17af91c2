/**
 * The editor's side of the size caps (doc-limits.ts): the open text's UTF-8 size, kept up to date
 * from each transaction's changes, and a filter that drops a local edit (a keystroke, a paste)
 * that would take the document past a cap, saying why. Others' changes are never dropped here:
 * the sync layer measured them before they reached the document.
 */
import { EditorState, StateField, type Extension, type Transaction } from '@codemirror/state';
import { textBytes, type Refusal } from './doc-limits';
import { isRemoteEdit } from './text-binding';

/** What a transaction's changes add to the text's UTF-8 size (negative when they remove). */
function growth(tr: Transaction): number {
  let delta = 0;
  tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    delta += textBytes(inserted.toString()) - textBytes(tr.startState.doc.sliceString(fromA, toA));
  });
  return delta;
}

const textSize = StateField.define<number>({
  create: (state) => textBytes(state.doc.toString()),
  update: (bytes, tr) => (tr.docChanged ? bytes + growth(tr) : bytes),
});

/**
 * `refusal(bytesAfter)` says whether the document may hold that much text (null) or which cap it
 * would pass; `full` is told of every edit dropped, after the transaction (it may update the page).
 */
export function sizeCap(refusal: (bytesAfter: number) => Refusal | null, full: (r: Refusal) => void): Extension {
  return [
    textSize,
    EditorState.transactionFilter.of((tr) => {
      if (!tr.docChanged || isRemoteEdit(tr)) return tr;
      // From the changes, not tr.state: a filter that reads tr.state makes CodeMirror build it twice.
      const refused = refusal(tr.startState.field(textSize) + growth(tr));
      if (!refused) return tr;
      queueMicrotask(() => full(refused));
      return [];
    }),
  ];
}

export function textSizeOf(state: EditorState): number {
  return state.field(textSize);
}
