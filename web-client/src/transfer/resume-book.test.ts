import { describe, expect, it } from 'vitest';
import { haveList, newRecord, parseRecord, ResumeBook, type RecordStore, type ResumeRecord } from './resume-book';

const ID = 'tttttttttttttttttttttt';
const DEVICE = 'dddddddddddddddddddddd';
const SHA = 'b'.repeat(64);
const files = [
  { path: ['a.bin'], size: 100, type: '' },
  { path: ['dir', 'b.bin'], size: 50, type: '' },
  { path: ['empty'], size: 0, type: '' },
];

class MapStore implements RecordStore {
  readonly data = new Map<string, unknown>();
  async list() {
    return [...this.data.values()];
  }
  async put(id: string, record: ResumeRecord) {
    this.data.set(id, JSON.parse(JSON.stringify(record)));
  }
  async remove(id: string) {
    this.data.delete(id);
  }
}

describe('resume bookkeeping', () => {
  it('a new record holds nothing', () => {
    const record = newRecord(ID, DEVICE, 'Alice', files, 150);
    expect(haveList(record, [0, 0, 0])).toEqual([]);
  });

  it('reports the bytes staged per file, never more than the file’s size', () => {
    const record = newRecord(ID, DEVICE, 'Alice', files, 150);
    expect(haveList(record, [40, 999, 0])).toEqual([{ file: 0, bytes: 40 }, { file: 1, bytes: 50 }]);
  });

  it('a verified file counts whole', () => {
    const record = newRecord(ID, DEVICE, 'Alice', files, 150);
    record.verified[0] = SHA;
    expect(haveList(record, [0, 10, 0])).toEqual([{ file: 0, bytes: 100 }, { file: 1, bytes: 10 }]);
  });

  it('survives a reload: saved records load again and are found by the sender’s device', async () => {
    const store = new MapStore();
    const before = new ResumeBook(store);
    const record = newRecord(ID, DEVICE, 'Alice', files, 150);
    record.bytes = [100, 20, 0];
    record.verified[0] = SHA;
    await before.save(record);

    const after = new ResumeBook(store);
    expect(await after.load()).toEqual([record]);
    expect(after.fromDevice(DEVICE)).toEqual([record]);
    expect(after.fromDevice('x'.repeat(22))).toEqual([]);
  });

  it('corrupt or tampered records are dropped and deleted', async () => {
    const store = new MapStore();
    const good = newRecord(ID, DEVICE, 'Alice', files, 150);
    const otherId = 'uuuuuuuuuuuuuuuuuuuuuu';
    store.data.set(ID, good);
    store.data.set(otherId, { ...good, id: otherId, bytes: [101, 0, 0] });
    store.data.set('junk', 'not an object');
    const book = new ResumeBook(store);
    expect((await book.load()).map((r) => r.id)).toEqual([ID]);
    expect(store.data.has(otherId)).toBe(false);
  });

  it('records are validated like manifests', () => {
    const good = newRecord(ID, DEVICE, 'Alice', files, 150);
    expect(parseRecord(good)).toEqual(good);
    expect(parseRecord({ ...good, totalBytes: 151 })).toBeNull();
    expect(parseRecord({ ...good, files: [{ path: ['..'], size: 0, type: '' }], bytes: [0], verified: [null], totalBytes: 0 })).toBeNull();
    expect(parseRecord({ ...good, device: 'short' })).toBeNull();
    expect(parseRecord({ ...good, verified: ['nothex', null, null] })).toBeNull();
  });

  it('removing a record forgets it', async () => {
    const store = new MapStore();
    const book = new ResumeBook(store);
    await book.save(newRecord(ID, DEVICE, 'Alice', files, 150));
    await book.remove(ID);
    expect(book.get(ID)).toBeUndefined();
    expect(store.data.size).toBe(0);
  });
});
