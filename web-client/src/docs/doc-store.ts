/**
 * The documents this page holds, by id: the index and the text documents. Every change goes
 * through here (local edits and merged sync messages alike) so listeners (the sync layer, the
 * editor, the list) hear of each one.
 *
 * It also keeps each document's size (doc-limits.ts): the text's UTF-8 bytes, measured at every
 * change, and the saved size, exact when the document was last loaded or saved and estimated in
 * between by adding the bytes of every change taken since (an overestimate: a save compresses).
 */
import * as A from '@automerge/automerge';
import { Emitter } from '../emitter';
import { INDEX_DOC_ID, MAX_DOCUMENTS, isDocId } from '../protocol';
import { PROTOCOL_LIMITS, refusal, textBytes, type DocLimits, type DocSize, type Refusal } from './doc-limits';
import { emptyIndex, listDocs, seededTextDoc, textOf, type IndexDoc } from './documents';

export type ChangeOrigin = 'local' | 'remote';

export type DocStoreEvents = {
  change: [docId: string, origin: ChangeOrigin];
};

export class DocStore extends Emitter<DocStoreEvents> {
  private readonly docs = new Map<string, A.Doc<unknown>>();
  private readonly sizes = new Map<string, DocSize>();

  /** `saved`: documents this browser kept from an earlier visit (see doc-files.ts). */
  constructor(
    saved: Map<string, Uint8Array> = new Map(),
    readonly limits: DocLimits = PROTOCOL_LIMITS,
  ) {
    super();
    for (const [id, bytes] of saved) {
      if (!isDocId(id) || this.docs.size > MAX_DOCUMENTS) continue;
      try {
        this.set(id, A.load(bytes), bytes.length);
      } catch (err) {
        console.warn(`peerhub: docs: saved document ${id} does not load; starting it afresh`, err);
      }
    }
    if (!this.docs.has(INDEX_DOC_ID)) this.set(INDEX_DOC_ID, emptyIndex(), 0);
    this.ensureListed();
  }

  private set(docId: string, doc: A.Doc<unknown>, saved: number): void {
    this.docs.set(docId, doc);
    this.sizes.set(docId, { text: docId === INDEX_DOC_ID ? 0 : textBytes(textOf(doc)), saved });
  }

  sizeOf(docId: string): DocSize {
    return this.sizes.get(docId) ?? { text: 0, saved: 0 };
  }

  /** The sizes of `doc` if it replaced `docId`'s document, having taken `added` bytes of changes. */
  sizeAfter(docId: string, doc: A.Doc<unknown>, added: number): DocSize {
    return { text: docId === INDEX_DOC_ID ? 0 : textBytes(textOf(doc)), saved: this.sizeOf(docId).saved + added };
  }

  /** Every document's sizes added up. */
  roomSize(): DocSize {
    let text = 0;
    let saved = 0;
    for (const size of this.sizes.values()) {
      text += size.text;
      saved += size.saved;
    }
    return { text, saved };
  }

  /** Why the document `docId` may not become `after` (null when it may). */
  refusal(docId: string, after: DocSize): Refusal | null {
    return refusal(this.limits, this.sizeOf(docId), after, this.roomSize());
  }

  /**
   * Why a local edit that leaves `docId` with `textAfter` bytes of text would be refused (null
   * when it would not be): an edit adds at least a byte to the history.
   */
  editRefusal(docId: string, textAfter: number): Refusal | null {
    return this.refusal(docId, { text: textAfter, saved: this.sizeOf(docId).saved + 1 });
  }

  /** A save wrote `bytes` for `docId`: its saved size is exact again. */
  recordSaved(docId: string, bytes: number): void {
    const size = this.sizes.get(docId);
    if (size) size.saved = bytes;
  }

  get ids(): string[] {
    return [...this.docs.keys()];
  }

  get index(): A.Doc<IndexDoc> {
    return this.docs.get(INDEX_DOC_ID) as A.Doc<IndexDoc>;
  }

  get(docId: string): A.Doc<unknown> | undefined {
    return this.docs.get(docId);
  }

  /**
   * The document with this id, created from the seed if new. Null for a bad id, or when the
   * room already holds as many documents as it may (a peer inventing ids is refused here).
   */
  ensure(docId: string): A.Doc<unknown> | null {
    const existing = this.docs.get(docId);
    if (existing) return existing;
    if (!isDocId(docId) || this.docs.size > MAX_DOCUMENTS) return null;
    const doc = seededTextDoc();
    this.set(docId, doc, 0);
    return doc;
  }

  /** Makes sure every document the index lists exists here; returns the ids that were new. */
  ensureListed(): string[] {
    const added: string[] = [];
    for (const { id } of listDocs(this.index)) {
      if (!this.docs.has(id) && this.ensure(id)) added.push(id);
    }
    return added;
  }

  /**
   * A local edit: `fn` changes the document; listeners hear of it unless nothing changed. An
   * edit that would take the document past a cap is not kept: its refusal is returned (the
   * editor asks `editRefusal` first, so its input never gets this far).
   */
  change<T>(docId: string, fn: (doc: A.Doc<T>) => A.Doc<T>): Refusal | null {
    const before = this.ensure(docId) as A.Doc<T> | null;
    if (!before) return null;
    // On a copy, so that a refused edit leaves the document as it was.
    const after = fn(A.clone(before, { actor: A.getActorId(before) }));
    if (A.equals(A.getHeads(after), A.getHeads(before))) return null;
    const size = this.sizeAfter(docId, after, A.getLastLocalChange(after)?.length ?? 0);
    const refused = this.refusal(docId, size);
    if (refused) return refused;
    this.docs.set(docId, after as A.Doc<unknown>);
    this.sizes.set(docId, size);
    this.emit('change', docId, 'local');
    return null;
  }

  /**
   * Replaces a document with its successor from the sync layer (`size`: its sizes, from
   * sizeAfter). Automerge marks the document it was given as outdated, so the successor must be
   * stored even when its content did not change (`changed: false`: nobody is told).
   */
  replace(docId: string, doc: A.Doc<unknown>, origin: ChangeOrigin, changed = true, size = this.sizeOf(docId)): void {
    this.docs.set(docId, doc);
    this.sizes.set(docId, size);
    if (changed) this.emit('change', docId, origin);
  }
}
