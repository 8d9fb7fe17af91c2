import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../protocol';
import { encodeFrame } from './frame';
import { ChunkReceiver, type HeadCheck } from './receiver';
import type { Staging } from './staging';

/** Storage in memory, hashing with Node's SHA-256: what the stage worker does, minus the worker. */
class FakeStaging implements Staging {
  onWritten: (file: number, bytes: number) => void = () => undefined;
  onError: (message: string) => void = () => undefined;
  readonly data = new Map<number, number[]>();
  readonly discarded: number[] = [];
  async held(count: number) {
    return Array.from({ length: count }, (_, i) => this.data.get(i)?.length ?? 0);
  }
  async open(file: number, offset: number) {
    this.data.set(file, (this.data.get(file) ?? []).slice(0, offset));
    return this.data.get(file)!.length;
  }
  write(file: number, _offset: number, frame: ArrayBuffer, start: number) {
    const bytes = this.data.get(file)!;
    bytes.push(...new Uint8Array(frame, start));
    this.onWritten(file, bytes.length);
  }
  async finish(file: number) {
    return createHash('sha256').update(Uint8Array.from(this.data.get(file) ?? [])).digest('hex');
  }
  async read(): Promise<File> {
    throw new Error('not needed');
  }
  async discard(file: number) {
    this.discarded.push(file);
  }
  async destroy() {}
}

function setup(files: FileEntry[], early: unknown[] = [], headCheck: HeadCheck | null = null) {
  const sent: Record<string, unknown>[] = [];
  const channel = {
    binaryType: 'blob',
    readyState: 'open',
    onmessage: null as ((e: { data: unknown }) => void) | null,
    send: (text: string) => sent.push(JSON.parse(text)),
  };
  const staging = new FakeStaging();
  const events: string[] = [];
  new ChunkReceiver(channel as unknown as RTCDataChannel, early, files, staging, files.map(() => 0), files.map(() => false), {
    progress: () => undefined,
    verified: (file, ok) => events.push(`verified ${file} ${ok}`),
    complete: () => events.push('complete'),
    broken: (reason) => events.push(`broken: ${reason}`),
    refused: (words) => events.push(`refused: ${words}`),
  }, headCheck);
  const deliver = (data: unknown) => channel.onmessage!({ data });
  const settle = () => new Promise((r) => setTimeout(r, 10));
  return { sent, staging, events, deliver, settle };
}

const sha = (bytes: number[]) => createHash('sha256').update(Uint8Array.from(bytes)).digest('hex');
const file = (size: number, name = 'f'): FileEntry => ({ path: [name], size, type: '' });
const frame = (index: number, offset: number, bytes: number[]) => encodeFrame(index, offset, Uint8Array.from(bytes));
const end = (index: number, bytes: number[]) => JSON.stringify({ type: 'file-end', file: index, sha256: sha(bytes) });

describe('receiving chunks', () => {
  it('files arriving in order, each ended by its hash, are verified and the transfer completes', async () => {
    const { sent, events, deliver, settle, staging } = setup([file(5, 'a'), file(0, 'empty'), file(3, 'b')]);
    deliver(frame(0, 0, [1, 2, 3]));
    deliver(frame(0, 3, [4, 5]));
    deliver(end(0, [1, 2, 3, 4, 5]));
    deliver(end(1, []));
    deliver(frame(2, 0, [9, 9, 9]));
    deliver(end(2, [9, 9, 9]));
    await settle();
    expect(events).toEqual(['verified 0 true', 'verified 1 true', 'verified 2 true', 'complete']);
    expect(staging.data.get(0)).toEqual([1, 2, 3, 4, 5]);
    expect(sent.filter((m) => m.type === 'file-result').map((m) => m.ok)).toEqual([true, true, true]);
    expect(sent).toContainEqual({ type: 'ack', file: 0, bytes: 5 });
  });

  it('a hash that does not match fails the file, deletes it and says so', async () => {
    const { sent, events, deliver, settle, staging } = setup([file(2)]);
    deliver(frame(0, 0, [1, 2]));
    deliver(end(0, [1, 3]));
    await settle();
    expect(events).toEqual(['verified 0 false', 'complete']);
    expect(staging.discarded).toEqual([0]);
    expect(sent.find((m) => m.type === 'file-result')).toMatchObject({ ok: false, sha256: sha([1, 2]) });
  });

  it('a frame that skips a byte, repeats one, or runs past the size breaks the transfer', async () => {
    for (const bad of [frame(0, 1, [1]), frame(0, 0, [1, 2, 3, 4, 5])]) {
      const { events, deliver, settle } = setup([file(4)]);
      deliver(bad);
      await settle();
      expect(events[0]).toMatch(/^broken/);
    }
    const { events, deliver, settle } = setup([file(4)]);
    deliver(frame(0, 0, [1, 2]));
    deliver(frame(0, 0, [1, 2]));
    await settle();
    expect(events).toEqual(['broken: frame at 0, expected 2']);
  });

  it('a frame for another file than the one in progress breaks the transfer', async () => {
    const { events, deliver, settle } = setup([file(1), file(1)]);
    deliver(frame(1, 0, [1]));
    await settle();
    expect(events).toEqual(['broken: frame for file 1, expected 0']);
  });

  it('file-end before every byte arrived breaks the transfer', async () => {
    const { events, deliver, settle } = setup([file(3)]);
    deliver(frame(0, 0, [1]));
    deliver(end(0, [1]));
    await settle();
    expect(events).toEqual(['broken: file-end after 1 of 3 bytes']);
  });

  it('nothing is handled after the transfer broke', async () => {
    const { events, deliver, settle } = setup([file(3)]);
    deliver(frame(0, 5, [1]));
    deliver(frame(0, 0, [1, 2, 3]));
    deliver(end(0, [1, 2, 3]));
    await settle();
    expect(events).toHaveLength(1);
  });

  it('messages that arrived before the receiver existed are handled first, in order', async () => {
    const { events, deliver, settle } = setup([file(2)], [frame(0, 0, [7])]);
    deliver(frame(0, 1, [8]));
    deliver(end(0, [7, 8]));
    await settle();
    expect(events).toEqual(['verified 0 true', 'complete']);
  });
});

describe('judging each file by its first bytes before staging them', () => {
  const HEAD = 65_536;
  const bytesOf = (n: number, seed: number) => Array.from({ length: n }, (_, i) => (i * 7 + seed) % 251);

  it('holds the head back across frames, judges exactly its first 64 KiB once, then stages everything', async () => {
    const seen: Uint8Array[] = [];
    const allow: HeadCheck = async (_file, head) => {
      seen.push(head.slice());
      return null;
    };
    const body = bytesOf(100_000, 3);
    const { events, deliver, settle, staging } = setup([file(body.length, 'big.bin')], [], allow);
    deliver(frame(0, 0, body.slice(0, 40_000)));
    await settle();
    expect(staging.data.get(0)).toEqual([]); // not a byte staged before the verdict
    deliver(frame(0, 40_000, body.slice(40_000, 80_000)));
    deliver(frame(0, 80_000, body.slice(80_000)));
    deliver(end(0, body));
    await settle();
    expect(seen).toHaveLength(1);
    expect(Array.from(seen[0]!)).toEqual(body.slice(0, HEAD));
    expect(staging.data.get(0)).toEqual(body);
    expect(events).toEqual(['verified 0 true', 'complete']);
  });

  it('a refused head stops the transfer with the words, and nothing of the file is staged', async () => {
    const refuse: HeadCheck = async () => 'clip.txt: video files are not allowed on this hub (judged by its content)';
    const body = bytesOf(70_000, 1);
    const { events, deliver, settle, staging, sent } = setup([file(body.length, 'clip.txt')], [], refuse);
    deliver(frame(0, 0, body.slice(0, HEAD)));
    deliver(frame(0, HEAD, body.slice(HEAD)));
    deliver(end(0, body));
    await settle();
    expect(events).toEqual(['refused: clip.txt: video files are not allowed on this hub (judged by its content)']);
    expect(staging.data.get(0)).toEqual([]);
    expect(sent.filter((m) => m.type === 'ack' || m.type === 'file-result')).toEqual([]);
  });

  it('a file shorter than 64 KiB is judged on all of it; an empty one needs no judging', async () => {
    const heads: number[][] = [];
    const check: HeadCheck = async (_file, head) => {
      heads.push(Array.from(head));
      return null;
    };
    const { events, deliver, settle } = setup([file(3, 'a'), file(0, 'empty')], [], check);
    deliver(frame(0, 0, [1, 2, 3]));
    deliver(end(0, [1, 2, 3]));
    deliver(end(1, []));
    await settle();
    expect(heads).toEqual([[1, 2, 3]]);
    expect(events).toEqual(['verified 0 true', 'verified 1 true', 'complete']);
  });
});
