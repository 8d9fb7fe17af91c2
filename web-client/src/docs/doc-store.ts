/**
 * The documents this page holds, by id: the index and the text documents. Every change goes
 * through here (local edits and merged sync messages alike) so listeners (the sync layer, the
 * editor, the list) hear of each one.
 */
import * as A from '@automerge/automerge';
import { Emitter } from '../emitter';
import { INDEX_DOC_ID, MAX_DOCUMENTS, isDocId } from '../protocol';
import { emptyIndex, listDocs, seededTextDoc, type IndexDoc } from './documents';

export type ChangeOrigin = 'local' | 'remote';

export type DocStoreEvents = {
  change: [docId: string, origin: ChangeOrigin];
};

export class DocStore extends Emitter<DocStoreEvents> {
  private readonly docs = new Map<string, A.Doc<unknown>>();

  /** `saved`: documents this browser kept from an earlier visit (see doc-files.ts). */
  constructor(saved: Map<string, Uint8Array> = new Map()) {
    super();
    for (const [id, bytes] of saved) {
      if (!isDocId(id) || this.docs.size > MAX_DOCUMENTS) continue;
      try {
        this.docs.set(id, A.load(bytes));
      } catch (err) {
        console.warn(`peerhub: docs: saved document ${id} does not load; starting it afresh`, err);
      }
    }
    if (!this.docs.has(INDEX_DOC_ID)) this.docs.set(INDEX_DOC_ID, emptyIndex());
    this.ensureListed();
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
    this.docs.set(docId, doc);
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

  /** A local edit: `fn` changes the document; listeners hear of it unless nothing changed. */
  change<T>(docId: string, fn: (doc: A.Doc<T>) => A.Doc<T>): void {
    const before = this.ensure(docId) as A.Doc<T> | null;
    if (!before) return;
    const after = fn(before);
    if (after === before) return;
    this.docs.set(docId, after as A.Doc<unknown>);
    this.emit('change', docId, 'local');
  }

  /**
   * Replaces a document with its successor from the sync layer. Automerge marks the document it
   * was given as outdated, so the successor must be stored even when its content did not change
   * (`changed: false`: nobody is told).
   */
  replace(docId: string, doc: A.Doc<unknown>, origin: ChangeOrigin, changed = true): void {
    this.docs.set(docId, doc);
    if (changed) this.emit('change', docId, origin);
  }
}
