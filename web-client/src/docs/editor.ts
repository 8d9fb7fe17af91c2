/**
 * The CodeMirror 6 editor for one open document, bound to the Automerge document with
 * @automerge/automerge-codemirror (local keystrokes become Automerge splices; merged remote
 * changes become CodeMirror changes), plus remote carets and a report of the local selection.
 */
import * as A from '@automerge/automerge';
import { automergeSyncPlugin, type DocHandle } from '@automerge/automerge-codemirror';
import { minimalSetup } from 'codemirror';
import { EditorView } from '@codemirror/view';
import type { DocStore } from './doc-store';
import { TEXT_PATH, textOf, type TextDoc } from './documents';
import { remoteCursors } from './remote-cursors';

/** Presents one document in the store as the DocHandle the CodeMirror binding expects. */
function handleFor(store: DocStore, docId: string): DocHandle<TextDoc> & { dispose(): void } {
  const offs = new Map<() => void, () => void>();
  return {
    isReady: () => true,
    doc: () => store.get(docId) as A.Doc<TextDoc>,
    change: (fn) => store.change<TextDoc>(docId, (doc) => A.change(doc, fn)),
    on: (_event, callback) => {
      offs.set(callback, store.on('change', (id) => id === docId && callback()));
    },
    off: (_event, callback) => {
      offs.get(callback)?.();
      offs.delete(callback);
    },
    dispose: () => {
      for (const off of offs.values()) off();
      offs.clear();
    },
  };
}

export interface OpenEditor {
  view: EditorView;
  destroy(): void;
}

export function openEditor(
  host: HTMLElement,
  store: DocStore,
  docId: string,
  onSelection: (anchor: number, head: number) => void,
): OpenEditor {
  store.ensure(docId);
  const handle = handleFor(store, docId);
  const view = new EditorView({
    parent: host,
    doc: textOf(handle.doc()),
    extensions: [
      minimalSetup,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Document' }),
      automergeSyncPlugin({ handle, path: TEXT_PATH }),
      remoteCursors(),
      EditorView.updateListener.of((update) => {
        // Only when the selection was set (typing, clicking): a remote edit maps it without
        // setting it, and the Automerge cursor already sent still points at the same character.
        if (update.selectionSet) {
          const { anchor, head } = update.state.selection.main;
          onSelection(anchor, head);
        }
        if (update.docChanged) host.dataset.docLength = String(update.state.doc.length);
      }),
    ],
  });
  host.dataset.docLength = String(view.state.doc.length);
  return {
    view,
    destroy: () => {
      view.destroy();
      handle.dispose();
    },
  };
}
