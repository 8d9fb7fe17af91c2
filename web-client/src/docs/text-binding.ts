/**
 * Binds a CodeMirror editor to the text of one Automerge document: each local transaction
 * becomes Automerge splices, each merged remote change becomes one CodeMirror transaction.
 *
 * Same-place typing keeps each person's words whole because of where the caret goes. Automerge
 * inserts a character after the one before the caret, and keeps a run of characters each
 * inserted after the same person's previous one together. So when a remote insertion lands
 * exactly at my caret, my caret must stay before it, right after my last character: then my next
 * keystroke follows my own text. (@automerge/automerge-codemirror 0.2.0, used before, mapped the
 * selection with `assoc = 1`, which moved the caret past the arriving text: the next keystroke
 * then went after the other person's character, and two people typing at one place interleaved
 * letter by letter.) A remote transaction here sets no selection, so CodeMirror maps it the way
 * it maps any change, with `assoc = -1`: a caret stays before text inserted at it, and a
 * selection does not grow to take in text inserted at its ends.
 *
 * Remote changes are not undoable: undo takes back one's own edits only.
 */
import * as A from '@automerge/automerge';
import {
  Annotation,
  ChangeSet,
  Transaction,
  type ChangeSpec,
  type EditorState,
  type Extension,
  type TransactionSpec,
} from '@codemirror/state';
import { ViewPlugin, type EditorView, type ViewUpdate } from '@codemirror/view';
import { TEXT_PATH, textOf, type TextDoc } from './documents';

/** Marks the transactions that carry others' changes (and never go back to Automerge). */
export const remoteEdit = Annotation.define<boolean>();

export function isRemoteEdit(tr: Transaction): boolean {
  return tr.annotation(remoteEdit) === true;
}

/** The one document the editor shows, as the store holds it. */
export interface TextHandle {
  doc(): A.Doc<TextDoc>;
  /** A local edit; false when it was not kept (a size cap), and the editor must catch up. */
  change(fn: (doc: TextDoc) => void): boolean;
  /** Calls back after every change of the document, local or remote; returns the way to stop. */
  subscribe(callback: () => void): () => void;
}

/**
 * Makes the local transactions' edits in the document, in order, as one Automerge change.
 * `iterChanges` reports each edit with its start in the new text (`fromB`), which is where it
 * lands once the edits before it are made.
 */
export function applyLocal(handle: TextHandle, transactions: readonly Transaction[]): boolean | null {
  const local = transactions.filter((tr) => tr.docChanged && !isRemoteEdit(tr));
  if (local.length === 0) return null;
  return handle.change((doc) => {
    for (const tr of local) {
      tr.changes.iterChanges((fromA, toA, fromB, _toB, inserted) => {
        // A fresh path each time: A.splice modifies the array it is given.
        A.splice(doc, [...TEXT_PATH], fromB, toA - fromA, inserted.toString());
      });
    }
  });
}

/**
 * The transaction that brings the editor from the text at `fromHeads` to the text at `toHeads`,
 * or null when the text did not change. Each patch counts positions in the text the patches
 * before it left, so their changes are composed one after the other.
 */
export function remoteTransaction(
  state: EditorState,
  doc: A.Doc<TextDoc>,
  fromHeads: A.Heads,
  toHeads: A.Heads,
): TransactionSpec | null {
  let changes = ChangeSet.empty(state.doc.length);
  let whole = false;
  for (const patch of A.diff(doc, fromHeads, toHeads)) {
    const spec = specFor(patch, changes.newLength);
    if (spec === 'whole') whole = true;
    else if (spec) changes = changes.compose(ChangeSet.of(spec, changes.newLength));
  }
  if (whole) {
    // The text object itself was put (the seed's `text` arriving in an empty document): show the
    // document's text as it is now.
    changes = ChangeSet.of({ from: 0, to: state.doc.length, insert: textOf(doc) }, state.doc.length);
  }
  if (changes.empty) return null;
  return { changes, annotations: [remoteEdit.of(true), Transaction.addToHistory.of(false)] };
}

function specFor(patch: A.Patch, length: number): ChangeSpec | 'whole' | null {
  if (patch.path.length === TEXT_PATH.length && patch.path[0] === TEXT_PATH[0] && patch.action === 'put') return 'whole';
  if (patch.path.length !== TEXT_PATH.length + 1 || patch.path[0] !== TEXT_PATH[0]) return null;
  const at = patch.path[TEXT_PATH.length];
  if (typeof at !== 'number' || at < 0 || at > length) return null;
  if (patch.action === 'splice') return { from: at, insert: patch.value };
  if (patch.action === 'del') return { from: at, to: Math.min(length, at + (patch.length ?? 1)) };
  return null;
}

/** The editor extension: keeps the editor and the document's text the same, both ways. */
export function automergeText(handle: TextHandle): Extension {
  return ViewPlugin.fromClass(
    class {
      private reconciled = A.getHeads(handle.doc());
      private applyingLocal = false;
      private readonly unsubscribe: () => void;

      constructor(private readonly view: EditorView) {
        this.unsubscribe = handle.subscribe(() => this.catchUp());
      }

      update(update: ViewUpdate): void {
        this.applyingLocal = true;
        let kept: boolean | null;
        try {
          kept = applyLocal(handle, update.transactions);
        } finally {
          this.applyingLocal = false;
        }
        if (kept === true) this.reconciled = A.getHeads(handle.doc());
        // Not kept: the editor shows an edit the document refused; take it back (after this
        // update: CodeMirror takes no new transaction while it runs one).
        if (kept === false) queueMicrotask(() => this.reset());
      }

      private catchUp(): void {
        if (this.applyingLocal) return;
        const doc = handle.doc();
        const heads = A.getHeads(doc);
        if (A.equals(heads, this.reconciled)) return;
        const spec = remoteTransaction(this.view.state, doc, this.reconciled, heads);
        this.reconciled = heads;
        if (spec) this.view.dispatch(spec);
      }

      private reset(): void {
        const doc = handle.doc();
        this.reconciled = A.getHeads(doc);
        const text = textOf(doc);
        if (this.view.state.doc.toString() === text) return;
        this.view.dispatch({
          changes: { from: 0, to: this.view.state.doc.length, insert: text },
          annotations: [remoteEdit.of(true), Transaction.addToHistory.of(false)],
        });
      }

      destroy(): void {
        this.unsubscribe();
      }
    },
  );
}
