import * as A from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { saveOnChange, type DocFiles } from './doc-files';
import { DocStore } from './doc-store';
import { addToIndex, textOf, type IndexDoc, type TextDoc } from './documents';

class MemoryFiles implements DocFiles {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;
  async load() {
    return new Map(this.files);
  }
  async save(docId: string, bytes: Uint8Array) {
    this.writes++;
    this.files.set(docId, bytes);
  }
}

const type = (store: DocStore, docId: string, text: string) =>
  store.change<TextDoc>(docId, (d) => A.change(d, (x) => A.splice(x, ['text'], x.text.length, 0, text)));

describe('documents kept in this browser', () => {
  it('a burst of edits is saved once, and a reload gets the documents and the list back', async () => {
    const files = new MemoryFiles();
    const store = new DocStore();
    const flush = saveOnChange(store, files, 10_000);
    for (const ch of 'offline edit') type(store, 'notes', ch);
    store.change<IndexDoc>('index', (i) => addToIndex(i, 'plan', 'Plan')!);
    type(store, 'plan', 'later');
    const estimated = store.sizeOf('notes').saved;
    await flush();
    expect(files.writes).toBe(3);
    // The size caps' measure of history is the saved size once saved (the estimate before it
    // added up every keystroke's change, which a save compresses).
    expect(store.sizeOf('notes').saved).toBe(files.files.get('notes')!.length);
    expect(store.sizeOf('notes').saved).toBeLessThan(estimated);

    const reloaded = new DocStore(await files.load());
    expect(textOf(reloaded.get('notes')!)).toBe('offline edit');
    expect(reloaded.sizeOf('notes')).toEqual({ text: 12, saved: files.files.get('notes')!.length });
    expect(textOf(reloaded.get('plan')!)).toBe('later');
    expect(reloaded.index['plan']?.title).toBe('Plan');
    // A reloaded page edits as a new actor: its edits merge with everyone else's.
    expect(A.getActorId(reloaded.get('notes')!)).not.toBe(A.getActorId(store.get('notes')!));
  });

  it('a saved file that does not load is skipped and the document starts afresh', async () => {
    const warn = console.warn;
    console.warn = () => undefined;
    const store = new DocStore(new Map([['notes', new Uint8Array([1, 2, 3])], ['../x', new Uint8Array()]]));
    console.warn = warn;
    expect(textOf(store.get('notes')!)).toBe('');
    expect(store.ids).not.toContain('../x');
  });
});
