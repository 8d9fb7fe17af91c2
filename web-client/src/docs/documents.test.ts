import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENTS } from '../protocol';
import { addToIndex, emptyIndex, listDocs, newDocId, renameInIndex, seededTextDoc, type IndexDoc } from './documents';

describe('the index document', () => {
  it('every room lists Notes first, even with an empty index', () => {
    expect(listDocs(emptyIndex())).toEqual([{ id: 'notes', title: 'Notes' }]);
  });

  it('added documents follow in creation order and can be renamed, Notes too', () => {
    let index = emptyIndex();
    index = addToIndex(index, 'b-doc', 'Second', 2_000)!;
    index = addToIndex(index, 'a-doc', 'First', 1_000)!;
    index = renameInIndex(index, 'notes', 'Minutes');
    index = renameInIndex(index, 'b-doc', '  Plan  ');
    expect(listDocs(index)).toEqual([
      { id: 'notes', title: 'Minutes' },
      { id: 'a-doc', title: 'First' },
      { id: 'b-doc', title: 'Plan' },
    ]);
  });

  it('concurrent additions on two peers both survive the merge, and concurrent renames agree', () => {
    let a = emptyIndex();
    let b = A.merge(emptyIndex(), a);
    a = addToIndex(a, 'from-a', 'A', 1)!;
    b = addToIndex(b, 'from-b', 'B', 2)!;
    a = renameInIndex(a, 'notes', 'Alice notes');
    b = renameInIndex(b, 'notes', 'Bob notes');
    const ab = A.merge(A.clone(a), b);
    const ba = A.merge(A.clone(b), a);
    expect(listDocs(ab)).toEqual(listDocs(ba));
    expect(listDocs(ab).map((d) => d.id)).toEqual(['notes', 'from-a', 'from-b']);
  });

  it('entries a hostile peer wrote (bad ids, non-text or invisible titles) are not listed', () => {
    const index = A.change(emptyIndex(), (d) => {
      const raw = d as unknown as Record<string, unknown>;
      raw['../etc'] = { title: 'x', created: 1 };
      raw['ok'] = { title: 42, created: 1 };
      raw['rtl'] = { title: 'evil\u202Eeman', created: 1 };
      raw['empty'] = { title: '   ', created: 1 };
      raw['plain'] = 'not an entry';
      raw['fine'] = { title: 'Fine', created: 1 };
    });
    expect(listDocs(index as A.Doc<IndexDoc>)).toEqual([
      { id: 'notes', title: 'Notes' },
      { id: 'fine', title: 'Fine' },
    ]);
  });

  it('the list is bounded: a room holds at most MAX_DOCUMENTS documents', () => {
    let index = emptyIndex();
    for (let i = 1; i < MAX_DOCUMENTS; i++) index = addToIndex(index, `d${i}`, `D${i}`, i)!;
    expect(listDocs(index)).toHaveLength(MAX_DOCUMENTS);
    expect(addToIndex(index, 'one-more', 'Too many')).toBeNull();
  });

  it('document ids are 22 characters of base64url', () => {
    expect(newDocId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('text documents', () => {
  it('two peers that create the same document independently merge their text instead of hiding one', () => {
    let a = seededTextDoc();
    let b = seededTextDoc();
    expect(A.getActorId(a)).not.toBe(A.getActorId(b));
    a = A.change(a, (d) => A.splice(d, ['text'], 0, 0, 'from a '));
    b = A.change(b, (d) => A.splice(d, ['text'], 0, 0, 'from b '));
    const merged = A.merge(A.clone(a), b);
    expect(merged.text).toContain('from a ');
    expect(merged.text).toContain('from b ');
  });
});
