/**
 * The two kinds of Automerge document a room holds, and what may be done to them:
 *
 * - a **text document** `{ text: Text }`. Every peer starts each one from the same seed change
 *   (fixed actor, time 0), so the `text` object has the same id everywhere: peers that create a
 *   document independently (every room's `Notes`, or a peer that hears of a document before
 *   its content arrives) merge instead of hiding each other's text behind a conflict.
 * - the **index** `{ [docId]: { title, created } }`: the room's list of documents. `Notes` is in
 *   every room even before anyone renames it (then it gets an entry).
 *
 * Positions are UTF-16 units here, as in CodeMirror and the rest of JavaScript.
 */
import * as A from '@automerge/automerge';
import { MAX_DOCUMENTS, NOTES_DOC_ID, NOTES_TITLE, checkTitle, isDocId } from '../protocol';

export interface TextDoc {
  text: string;
}
export interface IndexEntry {
  title: string;
  created: number;
}
export type IndexDoc = Record<string, IndexEntry>;

export const TEXT_PATH = ['text'];
const SEED_ACTOR = '00'.repeat(16);

let seed: A.Doc<TextDoc> | null = null;

/** A new replica of a text document, with a fresh actor id of its own. */
export function seededTextDoc(): A.Doc<TextDoc> {
  seed ??= A.change(A.init<TextDoc>({ actor: SEED_ACTOR }), { time: 0 }, (d) => {
    d.text = '';
  });
  return A.clone(seed);
}

export function emptyIndex(): A.Doc<IndexDoc> {
  return A.init<IndexDoc>();
}

export function textOf(doc: A.Doc<unknown>): string {
  const text = (doc as A.Doc<Partial<TextDoc>>).text;
  return typeof text === 'string' ? text : '';
}

export interface DocListing {
  id: string;
  title: string;
}

/**
 * The documents to show: `Notes` first, then by creation time. Entries a hostile or buggy peer
 * wrote (bad ids, titles that are not text) are left out, and the list is cut at MAX_DOCUMENTS.
 */
export function listDocs(index: A.Doc<IndexDoc>): DocListing[] {
  const others: (DocListing & { created: number })[] = [];
  let notesTitle = NOTES_TITLE;
  for (const [id, entry] of Object.entries(index)) {
    if (!isDocId(id) || typeof entry !== 'object' || entry === null) continue;
    const title = checkTitle((entry as Partial<IndexEntry>).title);
    if (title === null) continue;
    if (id === NOTES_DOC_ID) {
      notesTitle = title;
      continue;
    }
    const created = (entry as Partial<IndexEntry>).created;
    others.push({ id, title, created: typeof created === 'number' ? created : 0 });
  }
  others.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [
    { id: NOTES_DOC_ID, title: notesTitle },
    ...others.slice(0, MAX_DOCUMENTS - 1).map(({ id, title }) => ({ id, title })),
  ];
}

/** Adds a document to the index; returns the new index, or null when the room is full. */
export function addToIndex(index: A.Doc<IndexDoc>, id: string, title: string, now = Date.now()): A.Doc<IndexDoc> | null {
  const shown = checkTitle(title);
  if (!isDocId(id) || shown === null) throw new Error('peerhub: bad document id or title');
  if (listDocs(index).length >= MAX_DOCUMENTS) return null;
  return A.change(index, (d) => {
    d[id] = { title: shown, created: now };
  });
}

export function renameInIndex(index: A.Doc<IndexDoc>, id: string, title: string): A.Doc<IndexDoc> {
  const shown = checkTitle(title);
  if (!isDocId(id) || shown === null) throw new Error('peerhub: bad document id or title');
  return A.change(index, (d) => {
    const entry = d[id];
    if (entry && typeof entry === 'object') entry.title = shown;
    else d[id] = { title: shown, created: 0 };
  });
}

/** A new document id: 128 random bits, base64url, like every other id in Peerhub. */
export function newDocId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
