import * as A from '@automerge/automerge';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Reassembler, frameSyncMessage } from '../docs/framing';
import { listDocs, seededTextDoc, textOf, type IndexDoc } from '../docs/documents';
import { VECTORS_DIR } from './load';

/**
 * The documents fixtures beside the vectors (protocol/vectors/documents, made by
 * make-fixtures.mjs with this package's Automerge): the Java peer reads the same files
 * (native-peer BrowserFixturesTest), so both sides are held to the same real sync messages.
 */
const fixture = (name: string) => new Uint8Array(readFileSync(join(VECTORS_DIR, 'documents', name)));
const text = (name: string) => readFileSync(join(VECTORS_DIR, 'documents', name), 'utf8');

/** A file of u32 big-endian length + bytes records. */
function records(name: string): Uint8Array[] {
  const bytes = fixture(name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = view.getUint32(at);
    out.push(bytes.slice(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

describe('the documents fixtures', () => {
  it('the sync messages, framed at 300 bytes, are byte for byte the frames on file, and reassemble to them', () => {
    const messages = records('notes-sync.bin');
    const frames = records('notes-frames.bin');
    expect(messages.flatMap((m) => frameSyncMessage('notes', m, 300))).toEqual(frames);
    const r = new Reassembler();
    const whole = frames.map((f) => r.push(f)).flatMap((x) => (x.kind === 'message' ? [x.message] : []));
    expect(whole).toEqual(messages);
  });

  it('the sync messages fill an empty document with exactly the saved text', () => {
    let doc = A.init<unknown>();
    let state = A.initSyncState();
    for (const m of records('notes-sync.bin')) [doc, state] = A.receiveSyncMessage(doc, state, m);
    expect(textOf(doc)).toBe(text('notes.txt'));
  });

  it('the saved document loads with the same text', () => {
    expect(textOf(A.load(fixture('notes.automerge')))).toBe(text('notes.txt'));
  });

  it('the index lists its document and Notes', () => {
    let index = A.init<IndexDoc>();
    let state = A.initSyncState();
    for (const m of records('index-sync.bin')) [index, state] = A.receiveSyncMessage(index, state, m);
    expect(listDocs(index)).toEqual([
      { id: 'notes', title: 'Notes' },
      { id: 'plan', title: 'Plan 📋' },
    ]);
  });

  it('the seed on file is the one change every page starts its text documents from (the Java peer starts from the file)', () => {
    expect(A.getAllChanges(seededTextDoc())).toEqual([fixture('seed.change')]);
  });
});
