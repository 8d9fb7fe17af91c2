import { describe, expect, it } from 'vitest';
import type { StagedEntry, StagedStore } from './opfs-stores';
import { reconcile } from './reconcile';
import { newRecord, ResumeBook, UNFINISHED_LIFETIME_MS, type RecordStore, type ResumeRecord, type StoreFailure } from './resume-book';

const ID = 'tttttttttttttttttttttt';
const OTHER = 'uuuuuuuuuuuuuuuuuuuuuu';
const DEVICE = 'dddddddddddddddddddddd';
const SHA = 'a'.repeat(64);
const files = [
  { path: ['a.bin'], size: 100, type: '' },
  { path: ['b.bin'], size: 50, type: '' },
];

/** Lets the event loop run `n` turns: how the test spreads an operation's completion in time. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/** A record store whose writes land after a delay the test chooses, and that can be told to fail. */
class SlowStore implements RecordStore {
  readonly data = new Map<string, unknown>();
  delays: number[] = [];
  failRemoves = 0;
  async list() {
    return [...this.data.values()];
  }
  async put(id: string, record: ResumeRecord) {
    const copy = JSON.parse(JSON.stringify(record));
    await turns(this.delays.shift() ?? 0);
    this.data.set(id, copy);
  }
  async remove(id: string) {
    await turns(this.delays.shift() ?? 0);
    if (this.failRemoves > 0) {
      this.failRemoves--;
      throw new DOMException('the disk said no', 'InvalidStateError');
    }
    this.data.delete(id);
  }
}

class MapStaged implements StagedStore {
  readonly data = new Map<string, number>();
  async list(): Promise<StagedEntry[]> {
    return [...this.data].map(([id, bytes]) => ({ id, bytes }));
  }
  async remove(id: string) {
    this.data.delete(id);
  }
}

function record(id = ID): ResumeRecord {
  return newRecord(id, DEVICE, 'Alice', files, 150);
}

/** What a new page finds at start-up. */
async function nextPage(store: RecordStore, staged: StagedStore, now = Date.now(), inUse = new Set<string>()) {
  return reconcile(new ResumeBook(store), staged, { now, inUse });
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('a finished transfer leaves nothing behind', () => {
  const steps = ['verify file 0', 'verify file 1', 'complete'] as const;

  it('whatever order the saves and the remove are started in, and however long each takes', async () => {
    let cases = 0;
    for (const order of permutations([...steps])) {
      for (const delays of [[0, 0, 0], [5, 0, 0], [0, 5, 0], [0, 0, 5], [5, 3, 0], [0, 3, 5]]) {
        const store = new SlowStore();
        store.delays = [...delays];
        const staged = new MapStaged();
        staged.data.set(ID, 150);
        const book = new ResumeBook(store);
        const r = record();
        const started: Promise<boolean>[] = [];
        for (const step of order) {
          if (step === 'complete') started.push(book.remove(ID));
          else {
            r.verified[step === 'verify file 0' ? 0 : 1] = SHA;
            started.push(book.save(r));
          }
        }
        await Promise.all(started);
        await book.settled();
        expect(store.data.has(ID), `${order.join(' → ')} with delays ${delays}`).toBe(false);
        // The page then lets its staged copy go (or closes first): the next page sees no file.
        await nextPage(store, staged);
        expect(staged.data.size).toBe(0);
        cases++;
      }
    }
    expect(cases).toBe(36);
  });

  it('a save started after the transfer ended is dropped', async () => {
    const store = new SlowStore();
    const book = new ResumeBook(store);
    await book.remove(ID);
    await book.save(record());
    await book.settled();
    expect(store.data.size).toBe(0);
    expect(book.get(ID)).toBeUndefined();
  });

  it('a failing remove is reported, and the next page deletes the finished record and its bytes', async () => {
    const store = new SlowStore();
    const staged = new MapStaged();
    const book = new ResumeBook(store);
    const failures: StoreFailure[] = [];
    book.on('failed', (f) => failures.push(f));
    const r = record();
    r.verified = [SHA, SHA];
    await book.save(r);
    staged.data.set(ID, 150);
    store.failRemoves = 1;

    expect(await book.remove(ID)).toBe(false);
    expect(failures).toEqual([expect.objectContaining({ action: 'remove', id: ID })]);
    expect(store.data.has(ID)).toBe(true);

    const result = await nextPage(store, staged);
    expect(result.kept).toEqual([]);
    expect(result.removedRecords.get(ID)).toBe('finished');
    expect(store.data.size).toBe(0);
    expect(staged.data.size).toBe(0);
  });

  it('a cancelled transfer whose record could not be removed goes at the next start (its bytes are gone)', async () => {
    const store = new SlowStore();
    const staged = new MapStaged();
    const book = new ResumeBook(store);
    await book.save(record());
    store.failRemoves = 1;
    await book.remove(ID); // the cancel; staging.destroy() removed the bytes
    const result = await nextPage(store, staged);
    expect(result.removedRecords.get(ID)).toBe('nothing staged');
    expect(store.data.size).toBe(0);
  });

  it('a page closed between verification and hand-over leaves nothing for the next page', async () => {
    const store = new SlowStore();
    const staged = new MapStaged();
    const book = new ResumeBook(store);
    const r = record();
    await book.save(r);
    staged.data.set(ID, 150);
    r.verified = [SHA, SHA];
    await book.save(r); // the last file verified … and the tab is gone before complete() ran
    const result = await nextPage(store, staged);
    expect(result.removedRecords.get(ID)).toBe('finished');
    expect(result.freedBytes).toBe(150);
    expect(store.data.size).toBe(0);
    expect(staged.data.size).toBe(0);
  });
});

describe('staged bytes have an owner and a lifetime', () => {
  it('an orphaned staged folder and a stale record are removed; an unfinished transfer within its lifetime is kept', async () => {
    const now = Date.now();
    const store = new SlowStore();
    const staged = new MapStaged();
    const live = record(ID);
    live.bytes = [40, 0];
    live.updated = now - 60_000;
    const stale = record(OTHER);
    stale.updated = now - UNFINISHED_LIFETIME_MS - 1;
    store.data.set(ID, live);
    store.data.set(OTHER, stale);
    staged.data.set(ID, 40);
    staged.data.set(OTHER, 10);
    staged.data.set('orphanorphanorphanorph', 5_000_000);

    const result = await nextPage(store, staged, now);

    expect(result.kept.map((r) => r.id)).toEqual([ID]);
    expect(result.removedRecords.get(OTHER)).toBe('expired');
    expect([...store.data.keys()]).toEqual([ID]);
    expect([...staged.data.keys()]).toEqual([ID]);
    expect(result.freedBytes).toBe(5_000_010);
  });

  it('records written before records had a date count as expired', async () => {
    const store = new SlowStore();
    const staged = new MapStaged();
    const { updated: _dropped, ...old } = record();
    store.data.set(ID, old);
    staged.data.set(ID, 10);
    const result = await nextPage(store, staged);
    expect(result.removedRecords.get(ID)).toBe('expired');
    expect(staged.data.size).toBe(0);
  });

  it('a transfer another tab is receiving is neither loaded nor deleted', async () => {
    const store = new SlowStore();
    const staged = new MapStaged();
    const r = record();
    r.verified = [SHA, SHA];
    store.data.set(ID, r);
    staged.data.set(ID, 150);
    const book = new ResumeBook(store);
    const result = await reconcile(book, staged, { now: Date.now(), inUse: new Set([ID]) });
    expect(result.kept).toEqual([]);
    expect(book.get(ID)).toBeUndefined();
    expect(store.data.has(ID)).toBe(true);
    expect(staged.data.has(ID)).toBe(true);
  });
});
