import { createHash, type Hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileSource, READ_BYTES, type SliceCursor } from './file-source';
import type { StreamHasher } from './hasher';

/** The hash worker's contract, in this thread: slices read and hashed in order, a prefix read from the Blob. */
class NodeHasher implements StreamHasher {
  private hash: Hash = createHash('sha256');
  private chain: Promise<void> = Promise.resolve();
  private file: Blob | null = null;
  start(file?: Blob, prefixBytes = 0): void {
    this.hash = createHash('sha256');
    this.file = file ?? null;
    if (file && prefixBytes > 0) {
      this.chain = this.chain.then(async () => {
        this.hash.update(new Uint8Array(await file.slice(0, prefixBytes).arrayBuffer()));
      });
    }
  }
  read(offset: number, end: number): Promise<ArrayBuffer> {
    const bytes = this.file!.slice(offset, end).arrayBuffer();
    const read = this.chain.then(async () => {
      const data = await bytes;
      this.hash.update(new Uint8Array(data));
      return data;
    });
    this.chain = read.then(() => undefined);
    return read;
  }
  digest(): Promise<string> {
    return this.chain.then(() => this.hash.digest('hex'));
  }
  close(): void {}
}

function bytesOf(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function source(...contents: Uint8Array<ArrayBuffer>[]): FileSource {
  return new FileSource(contents.map((c, i) => new File([c], `f${i}`)), () => new NodeHasher());
}

/** Takes one slice; null at the end. The bytes are copied: they are valid only until the next call. */
async function step(cursor: SliceCursor, into: Uint8Array[]): Promise<boolean> {
  const bytes = await cursor.next();
  if (!bytes) return false;
  into.push(bytes.slice());
  return true;
}

function joined(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

describe('FileSource', () => {
  it('gives one receiver the whole file and its hash, reading it once', async () => {
    const content = bytesOf(2 * READ_BYTES + 12345);
    const src = source(content);
    const cursor = src.reader().cursor(0, 0);
    const parts: Uint8Array[] = [];
    while (await step(cursor, parts));
    expect(sha(joined(parts))).toBe(sha(content));
    expect(await cursor.digest()).toBe(sha(content));
    cursor.close();
    expect(src.bytesRead).toBe(content.length);
  });

  it('reads a file sent to four receivers once, each getting every byte and the hash', async () => {
    const content = bytesOf(5 * READ_BYTES + 99);
    const src = source(content);
    const readers = [src.reader(), src.reader(), src.reader(), src.reader()];
    const cursors = readers.map((r) => r.cursor(0, 0));
    const parts = cursors.map((): Uint8Array[] => []);
    let going = true;
    // Round robin, each at its own step count: receivers never move in lockstep.
    for (let round = 0; going; round++) {
      going = false;
      for (let i = 0; i < cursors.length; i++) {
        if (round % (i + 1) !== 0 && round < 40) {
          going = true;
          continue;
        }
        if (await step(cursors[i]!, parts[i]!)) going = true;
      }
    }
    for (let i = 0; i < cursors.length; i++) {
      expect(sha(joined(parts[i]!))).toBe(sha(content));
      expect(await cursors[i]!.digest()).toBe(sha(content));
      cursors[i]!.close();
    }
    expect(src.bytesRead).toBe(content.length);
  });

  it('lets a receiver a whole window behind fall back to a read of its own, holding no one back', async () => {
    const content = bytesOf(30 * READ_BYTES + 5);
    const src = source(content);
    const fast = src.reader().cursor(0, 0);
    const slow = src.reader().cursor(0, 0);
    const slowParts: Uint8Array[] = [];
    await step(slow, slowParts);
    // The fast receiver runs to the end while the slow one holds its first slice.
    const fastParts: Uint8Array[] = [];
    while (await step(fast, fastParts));
    expect(sha(joined(fastParts))).toBe(sha(content));
    expect(await fast.digest()).toBe(sha(content));
    fast.close();
    while (await step(slow, slowParts));
    expect(sha(joined(slowParts))).toBe(sha(content));
    expect(await slow.digest()).toBe(sha(content));
    slow.close();
    // Read twice at most: once for the pair, once (from where it was, its prefix re-hashed) for the laggard.
    expect(src.bytesRead).toBeGreaterThan(content.length);
    expect(src.bytesRead).toBeLessThanOrEqual(2 * content.length);
  });

  it('keeps the start of a file for a receiver that has not started yet', async () => {
    const content = bytesOf(6 * READ_BYTES);
    const src = source(content);
    const first = src.reader().cursor(0, 0);
    const late = src.reader();
    const firstParts: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) await step(first, firstParts);
    const lateCursor = late.cursor(0, 0);
    const lateParts: Uint8Array[] = [];
    while (await step(lateCursor, lateParts));
    while (await step(first, firstParts));
    expect(sha(joined(lateParts))).toBe(sha(content));
    expect(sha(joined(firstParts))).toBe(sha(content));
    expect(await lateCursor.digest()).toBe(sha(content));
    lateCursor.close();
    first.close();
    expect(src.bytesRead).toBe(content.length);
  });

  it('keeps a small file for a receiver that starts after the first has finished it', async () => {
    const content = bytesOf(3 * READ_BYTES + 3);
    const src = source(content);
    const first = src.reader().cursor(0, 0);
    const later = src.reader();
    const firstParts: Uint8Array[] = [];
    while (await step(first, firstParts));
    expect(await first.digest()).toBe(sha(content));
    first.close();
    const cursor = later.cursor(0, 0);
    const parts: Uint8Array[] = [];
    while (await step(cursor, parts));
    expect(sha(joined(parts))).toBe(sha(content));
    expect(await cursor.digest()).toBe(sha(content));
    cursor.close();
    expect(src.bytesRead).toBe(content.length);
  });

  it('stops keeping the start once the receivers yet to start have ended', async () => {
    const content = bytesOf(6 * READ_BYTES);
    const src = source(content);
    const first = src.reader().cursor(0, 0);
    const declined = src.reader();
    const parts: Uint8Array[] = [];
    await step(first, parts);
    declined.end();
    for (let i = 0; i < 3; i++) await step(first, parts);
    // The start is gone: someone coming now reads on their own.
    const after = src.reader().cursor(0, 0);
    const afterParts: Uint8Array[] = [];
    while (await step(after, afterParts));
    expect(sha(joined(afterParts))).toBe(sha(content));
    expect(await after.digest()).toBe(sha(content));
    after.close();
    first.close();
    expect(src.bytesRead).toBeGreaterThan(content.length);
  });

  it('resumes from an offset inside a slice and still hashes the whole file', async () => {
    const content = bytesOf(3 * READ_BYTES + 7);
    const src = source(content);
    const start = READ_BYTES + 1000;
    const cursor = src.reader().cursor(0, start);
    const parts: Uint8Array[] = [];
    while (await step(cursor, parts));
    expect(sha(joined(parts))).toBe(sha(content.subarray(start)));
    expect(await cursor.digest()).toBe(sha(content));
    cursor.close();
  });

  it('joins a receiver resuming inside the held window to the running read', async () => {
    const content = bytesOf(5 * READ_BYTES);
    const src = source(content);
    const a = src.reader();
    const b = src.reader();
    const ca = a.cursor(0, 0);
    const aParts: Uint8Array[] = [];
    await step(ca, aParts);
    await step(ca, aParts);
    const start = READ_BYTES / 2;
    const cb = b.cursor(0, start);
    const bParts: Uint8Array[] = [];
    while (await step(cb, bParts));
    while (await step(ca, aParts));
    expect(sha(joined(bParts))).toBe(sha(content.subarray(start)));
    expect(await cb.digest()).toBe(sha(content));
    expect(await ca.digest()).toBe(sha(content));
    ca.close();
    cb.close();
    expect(src.bytesRead).toBe(content.length);
  });

  it('ends an empty file at once with the hash of nothing', async () => {
    const src = source(new Uint8Array(0));
    const cursor = src.reader().cursor(0, 0);
    expect(await cursor.next()).toBeNull();
    expect(await cursor.digest()).toBe(sha(new Uint8Array(0)));
    cursor.close();
  });

  it('gives nothing more once closed', async () => {
    const src = source(bytesOf(3 * READ_BYTES));
    const cursor = src.reader().cursor(0, 0);
    expect(await cursor.next()).not.toBeNull();
    cursor.close();
    expect(await cursor.next()).toBeNull();
  });
});
