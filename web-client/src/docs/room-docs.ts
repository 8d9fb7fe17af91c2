/**
 * The room's documents, put together: the store, the sync layer, the documents channels, the
 * list and editor, and the carets of the others. room.ts hands it mesh events; nothing else
 * in the page knows about documents.
 *
 * Automerge's wasm and this browser's saved copies of the documents load asynchronously; until
 * they have, calls are queued in order (and channel messages with them), so nothing that arrives
 * early is lost.
 */
import { t } from '../i18n';
import { NOTES_DOC_ID, isTitle, parseCursorMessage, MAX_TITLE_CODE_POINTS, type CursorMessage } from '../protocol';
import { DocsPanel } from '../ui/docs-panel';
import { DocChannels, type ChannelOpener } from './doc-channels';
import { saveOnChange, type DocFiles } from './doc-files';
import { DocStore } from './doc-store';
import { DocSync } from './doc-sync';
import { describeLimit, type Refusal } from './doc-limits';
import { addToIndex, listDocs, newDocId, renameInIndex, type IndexDoc } from './documents';
import { openEditor, type OpenEditor } from './editor';
import { cursorAt, positionOf, setRemoteCursors, type RemoteCursor } from './remote-cursors';

/** Carets are sent at most this often: often enough to look live, rare enough to cost nothing. */
const CURSOR_SEND_INTERVAL_MS = 50;

export interface RoomDocsPorts extends ChannelOpener {
  peerName(peerId: string): string | null;
}

export class RoomDocs {
  private readonly channels: DocChannels;
  private readonly queue: ((sync: DocSync) => void)[] = [];
  private sync: DocSync | null = null;
  private store: DocStore | null = null;
  private editor: OpenEditor | null = null;
  private openId = NOTES_DOC_ID;
  private readonly panel: DocsPanel;
  private readonly remote = new Map<string, Extract<CursorMessage, { doc: string }>>();
  private cursorTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    parent: HTMLElement,
    private readonly ports: RoomDocsPorts,
    ready: Promise<void>,
    files: DocFiles,
  ) {
    const deferred = {
      attach: (...a: Parameters<DocSync['attach']>) => this.later((s) => s.attach(...a)),
      detach: (...a: Parameters<DocSync['detach']>) => this.later((s) => s.detach(...a)),
      receiveFrame: (...a: Parameters<DocSync['receiveFrame']>) => this.later((s) => s.receiveFrame(...a)),
      receiveText: (...a: Parameters<DocSync['receiveText']>) => this.later((s) => s.receiveText(...a)),
    };
    this.channels = new DocChannels(deferred, ports);
    this.panel = new DocsPanel(parent, {
      open: (id) => this.open(id),
      create: () => this.create(),
      rename: (id, title) => this.rename(id, title),
    });
    void ready.then(
      async () => this.start(await files.load(), files),
      (err: unknown) => console.error('peerhub: docs: Automerge did not load', err),
    );
  }

  controlOpened(peerId: string): void {
    this.channels.controlOpened(peerId);
  }

  channelArrived(peerId: string, channel: RTCDataChannel): void {
    this.channels.channelArrived(peerId, channel);
  }

  peerGone(peerId: string): void {
    this.channels.peerGone(peerId);
    this.remote.delete(peerId);
    this.drawCursors();
  }

  /** A peer renamed itself: its caret label follows. */
  peerRenamed(): void {
    this.drawCursors();
  }

  private later(fn: (sync: DocSync) => void): void {
    if (this.sync) fn(this.sync);
    else this.queue.push(fn);
  }

  private start(saved: Map<string, Uint8Array>, files: DocFiles): void {
    const store = new DocStore(saved);
    const sync = new DocSync(store);
    saveOnChange(store, files);
    this.store = store;
    this.sync = sync;
    store.on('change', (docId, origin) => {
      if (docId === 'index') this.panel.showList(listDocs(store.index));
      // After the editor binding's own listener has applied the change to CodeMirror.
      if (docId === this.openId && origin === 'remote') queueMicrotask(() => this.drawCursors());
    });
    sync.on('text', (peerId, text) => this.cursorFrom(peerId, text));
    sync.on('refused', (peerId, docId, refusal) => {
      const who = this.ports.peerName(peerId) ?? t('docs.aPeer');
      this.panel.showNotice(t('docs.notTaken', { name: who, why: describeLimit(refusal, this.titleOf(docId)) }));
    });
    sync.on('attached', () => this.sendCursorSoon());
    this.panel.showList(listDocs(store.index));
    this.open(NOTES_DOC_ID);
    for (const fn of this.queue.splice(0)) fn(sync);
  }

  private open(docId: string): void {
    const store = this.store;
    if (!store) return;
    this.editor?.destroy();
    this.openId = docId;
    this.editor = openEditor(this.panel.editorHost, store, docId, {
      selection: () => this.sendCursorSoon(),
      full: (refusal) => this.full(refusal, docId),
    });
    this.panel.showNotice(null);
    this.panel.markOpen(docId);
    this.drawCursors();
    this.sendCursorSoon();
  }

  private create(): void {
    const store = this.store;
    if (!store) return;
    const id = newDocId();
    const count = listDocs(store.index).length;
    let added = false;
    const refused = store.change<IndexDoc>('index', (index) => {
      const next = addToIndex(index, id, t('docs.untitled', { number: count + 1 }));
      added = next !== null;
      return next ?? index;
    });
    if (refused) this.full(refused, 'index');
    else if (added) this.open(id);
  }

  private rename(docId: string, title: string): string | null {
    const store = this.store;
    if (!store) return t('docs.loading');
    if (!isTitle(title)) return t('docs.badTitle', { max: MAX_TITLE_CODE_POINTS });
    const refused = store.change<IndexDoc>('index', (index) => renameInIndex(index, docId, title));
    return refused ? describeLimit(refused, t('docs.theList')) : null;
  }

  /** A local edit was not kept: say which cap it would have passed. */
  private full(refusal: Refusal, docId: string): void {
    this.panel.showNotice(describeLimit(refusal, docId === 'index' ? t('docs.theList') : this.titleOf(docId)));
  }

  private titleOf(docId: string): string {
    const store = this.store;
    return (store && listDocs(store.index).find((d) => d.id === docId)?.title) ?? t('docs.thisDocument');
  }

  // ---- carets ----

  private sendCursorSoon(): void {
    if (this.cursorTimer !== null) return;
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = null;
      this.sendCursor();
    }, CURSOR_SEND_INTERVAL_MS);
  }

  private sendCursor(): void {
    const doc = this.store?.get(this.openId);
    if (!this.sync || !doc || !this.editor) return;
    const { anchor, head } = this.editor.view.state.selection.main;
    const a = cursorAt(doc, anchor);
    const h = cursorAt(doc, head);
    if (!a || !h) return;
    const message: CursorMessage = { type: 'cursor', doc: this.openId, anchor: a, head: h };
    this.sync.broadcastText(JSON.stringify(message));
  }

  private cursorFrom(peerId: string, text: string): void {
    const parsed = parseCursorMessage(text);
    if (!parsed.ok) {
      console.warn(`peerhub: docs: message from ${peerId} dropped (${parsed.reason})`);
      return;
    }
    const message = parsed.value;
    if (message.doc === null) this.remote.delete(peerId);
    else this.remote.set(peerId, message);
    this.drawCursors();
  }

  private drawCursors(): void {
    const doc = this.store?.get(this.openId);
    if (!doc || !this.editor) return;
    const cursors: RemoteCursor[] = [];
    for (const [peerId, c] of this.remote) {
      if (c.doc !== this.openId) continue;
      const name = this.ports.peerName(peerId);
      const anchor = positionOf(doc, c.anchor);
      const head = positionOf(doc, c.head);
      if (name === null || anchor === null || head === null) continue;
      cursors.push({ peerId, name, anchor, head });
    }
    this.editor.view.dispatch({ effects: setRemoteCursors.of(cursors) });
  }
}
