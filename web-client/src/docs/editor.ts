/**
 * The CodeMirror 6 editor for one open document, bound to the Automerge document (text-binding.ts:
 * local keystrokes become Automerge splices; merged remote changes become CodeMirror changes),
 * held within the size caps (editor-cap.ts), plus remote carets and a report of the local
 * selection.
 */
import * as A from '@automerge/automerge';
import { minimalSetup } from 'codemirror';
import { EditorView } from '@codemirror/view';
import type { Refusal } from './doc-limits';
import type { DocStore } from './doc-store';
import { textOf, type TextDoc } from './documents';
import { sizeCap } from './editor-cap';
import { remoteCursors } from './remote-cursors';
import { automergeText, type TextHandle } from './text-binding';

/** Presents one document in the store as the handle the binding expects. */
function handleFor(store: DocStore, docId: string): TextHandle {
  return {
    doc: () => store.get(docId) as A.Doc<TextDoc>,
    change: (fn) => store.change<TextDoc>(docId, (doc) => A.change(doc, fn)) === null,
    subscribe: (callback) => store.on('change', (id) => id === docId && callback()),
  };
}

export interface OpenEditor {
  view: EditorView;
  destroy(): void;
}

export interface EditorEvents {
  selection(anchor: number, head: number): void;
  /** A local edit was dropped: it would have taken the document past a cap. */
  full(refusal: Refusal): void;
}

export function openEditor(host: HTMLElement, store: DocStore, docId: string, events: EditorEvents): OpenEditor {
  store.ensure(docId);
  const handle = handleFor(store, docId);
  const view = new EditorView({
    parent: host,
    doc: textOf(handle.doc()),
    extensions: [
      minimalSetup,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Document' }),
      sizeCap((bytesAfter) => store.editRefusal(docId, bytesAfter), events.full),
      automergeText(handle),
      remoteCursors(),
      EditorView.updateListener.of((update) => {
        // Only when the selection was set (typing, clicking): a remote edit maps it without
        // setting it, and the Automerge cursor already sent still points at the same character.
        if (update.selectionSet) {
          const { anchor, head } = update.state.selection.main;
          events.selection(anchor, head);
        }
        if (update.docChanged) host.dataset.docLength = String(update.state.doc.length);
      }),
    ],
  });
  host.dataset.docLength = String(view.state.doc.length);
  return { view, destroy: () => view.destroy() };
}
