/**
 * The bytes of one offer's files, read from disk once for every peer they go to.
 *
 * `Send to everyone` starts one transfer per peer, and each used to read and hash every file on
 * its own: four receivers meant four Blob reads and four SHA-256 passes over the same bytes, on
 * the same main thread and cores that frame and send them. Here each file is read by a pump:
 * slices of READ_BYTES, read a few ahead of the leading receiver, read and hashed once in a
 * worker (which hands the bytes over, so the page copies nothing for the hash), and kept in a
 * window until every receiver riding that pump has framed them.
 *
 * Receivers go at their own pace (each channel has its own flow control). A receiver that falls
 * a whole window behind the leader is not allowed to hold the others back, nor to make the
 * window grow: it is moved to a pump of its own from where it is (that pump re-hashes the prefix
 * from the file), so a slow peer costs a second read of the file, never a stall of the fast ones.
 * A receiver that starts late (or resumes) joins a pump whose window still holds its offset;
 * otherwise it gets its own.
 */
import { Sha256Worker, type StreamHasher } from './hasher';
import { markFileRead } from '../test-hooks';

/** Bytes per Blob read: each read is a round trip to the browser process, so fewer is better. */
export const READ_BYTES = 2 * 1024 * 1024;
/** Slices read ahead of the leading receiver, so the disk never waits for the network. */
const READ_AHEAD = 3;
/**
 * Slices a pump holds at most (read, not yet framed by every receiver): 48 MiB. Receivers of one
 * file measured up to a third apart in pace (docs/benchmarks.md, "Send to everyone"): 64 MiB into
 * five browsers on two cores put one 20–25 MiB behind the leader.
 */
const WINDOW_SLICES = 24;

/** One receiver's way through one file. */
export interface SliceCursor {
  /**
   * The bytes from the cursor's offset to the end of the slice holding it; null at the end of
   * the file. The bytes stay valid until the next call (or `close`).
   */
  next(): Promise<Uint8Array | null>;
  /** SHA-256 (hex) of the whole file; call after `next` returned null. */
  digest(): Promise<string>;
  close(): void;
}

export class FileSource {
  private readonly pumps = new Map<number, Set<Pump>>();
  /** Per file, the live readers that have not opened it yet: a pump keeps its window for them. */
  private readonly waiting: Set<SourceReader>[];
  private readTotal = 0;

  constructor(
    readonly files: readonly File[],
    private readonly newHasher: () => StreamHasher = () => new Sha256Worker(),
  ) {
    this.waiting = files.map(() => new Set());
  }

  /** One receiver's reader; every receiver of the offer takes one before any of them starts. */
  reader(): SourceReader {
    const reader = new SourceReader(this);
    for (const set of this.waiting) set.add(reader);
    return reader;
  }

  /** Bytes read from disk so far, prefixes re-read for hashing included. */
  get bytesRead(): number {
    return this.readTotal;
  }

  /** @internal A cursor over file `index` from byte `start`, for `reader`. */
  open(reader: SourceReader, index: number, start: number): SliceCursor {
    this.waiting[index]?.delete(reader);
    const file = this.files[index]!;
    const offset = Math.min(Math.max(0, start), file.size);
    const cursor = new PumpCursor(offset);
    const joinable = [...(this.pumps.get(index) ?? [])].find((p) => p.covers(offset));
    (joinable ?? this.newPump(index, offset)).attach(cursor);
    this.settle(index);
    return cursor;
  }

  /** @internal The reader's transfer is over: nobody waits for it any more. */
  ended(reader: SourceReader): void {
    this.waiting.forEach((set, index) => {
      if (set.delete(reader)) this.settle(index);
    });
  }

  /** Pumps that no cursor rides are kept only while someone may still come for the file. */
  private settle(index: number): void {
    if (this.awaited(index)) return;
    for (const pump of [...(this.pumps.get(index) ?? [])]) pump.closeIfIdle();
  }

  /** @internal Whether a reader that has not started `index` yet may still come for it. */
  awaited(index: number): boolean {
    return (this.waiting[index]?.size ?? 0) > 0;
  }

  /** @internal */
  newPump(index: number, from: number): Pump {
    const set = this.pumps.get(index) ?? new Set<Pump>();
    this.pumps.set(index, set);
    const pump = new Pump(this, index, this.files[index]!, from, this.newHasher(), (bytes) => {
      this.readTotal += bytes;
    });
    pump.onClosed = () => {
      set.delete(pump);
      if (set.size === 0) this.pumps.delete(index);
    };
    set.add(pump);
    return pump;
  }
}

/** What one transfer reads the offer's files through. */
export class SourceReader {
  constructor(private readonly source: FileSource) {}

  get files(): readonly File[] {
    return this.source.files;
  }

  cursor(index: number, start: number): SliceCursor {
    return this.source.open(this, index, start);
  }

  /** The transfer is final: it will not read again. */
  end(): void {
    this.source.ended(this);
  }
}

interface Slice {
  offset: number;
  end: number;
  bytes: Promise<ArrayBuffer>;
}

class PumpCursor implements SliceCursor {
  pump: Pump | null = null;
  /** First byte this cursor has not yet taken (or, while it holds a slice, that slice's start). */
  position: number;
  private holding: Slice | null = null;
  private closed = false;

  constructor(start: number) {
    this.position = start;
  }

  async next(): Promise<Uint8Array | null> {
    if (this.holding) {
      this.position = this.holding.end;
      this.holding = null;
      this.pump?.released();
    }
    const pump = this.pump;
    if (this.closed || !pump || this.position >= pump.file.size) return null;
    const slice = pump.sliceAt(this.position, this);
    // Null: the pump moved this cursor to a pump of its own while making room.
    if (!slice) return this.next();
    this.holding = slice;
    const buffer = await slice.bytes;
    if (this.closed) return null;
    return new Uint8Array(buffer, this.position - slice.offset);
  }

  /** Where this cursor reads next: past the slice it holds (its bytes stay valid if it moves). */
  get resumeAt(): number {
    return this.holding?.end ?? this.position;
  }

  digest(): Promise<string> {
    if (!this.pump) return Promise.reject(new Error('cursor closed'));
    return this.pump.digest();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.holding = null;
    const pump = this.pump;
    this.pump = null;
    pump?.detach(this);
  }
}

class Pump {
  onClosed: () => void = () => undefined;
  private readonly cursors = new Set<PumpCursor>();
  /** Slices read (or being read) and not yet passed by every cursor, in file order. */
  private window: Slice[] = [];
  /** Where the next read starts; the window's slices end here. */
  private nextRead: number;
  private digestPromise: Promise<string> | null = null;
  private bytesRead = 0;
  private closed = false;

  constructor(
    private readonly source: FileSource,
    private readonly index: number,
    readonly file: File,
    from: number,
    private readonly hasher: StreamHasher,
    private readonly counted: (bytes: number) => void,
  ) {
    this.nextRead = from;
    // The hash covers the whole file: a pump that starts past 0 hashes the prefix from the file.
    hasher.start(file, from);
    this.count(from);
  }

  /** The first byte still held: a cursor can join from here on. */
  private get windowStart(): number {
    return this.window[0]?.offset ?? this.nextRead;
  }

  covers(offset: number): boolean {
    return !this.closed && offset >= this.windowStart && offset <= this.nextRead;
  }

  attach(cursor: PumpCursor): void {
    cursor.pump = this;
    this.cursors.add(cursor);
  }

  detach(cursor: PumpCursor): void {
    this.cursors.delete(cursor);
    this.released();
    // Idle, it still holds its window for a receiver that has not started yet.
    if (!this.source.awaited(this.index)) this.closeIfIdle();
  }

  closeIfIdle(): void {
    if (this.cursors.size === 0) this.close();
  }

  /** The slice holding `offset`, read if need be, and the read-ahead behind it. */
  sliceAt(offset: number, cursor: PumpCursor): Slice | null {
    let slice = this.find(offset);
    if (!slice) {
      if (!this.hasRoom() && !this.makeRoom(cursor)) return null;
      this.read();
      slice = this.find(offset)!;
    }
    let ahead = this.window.filter((s) => s.offset > offset).length;
    while (ahead < READ_AHEAD && this.nextRead < this.file.size && this.hasRoom()) {
      this.read();
      ahead++;
    }
    return slice;
  }

  /**
   * A cursor let go of a slice: drop what every cursor has passed, unless a receiver that has
   * not started yet may still join from the start of what is held.
   */
  released(): void {
    if (this.source.awaited(this.index) && this.window.length < WINDOW_SLICES) return;
    const slowest = Math.min(...[...this.cursors].map((c) => c.position));
    while (this.window.length > 0 && this.window[0]!.end <= slowest) this.window.shift();
  }

  digest(): Promise<string> {
    if (this.nextRead < this.file.size) return Promise.reject(new Error('digest before the end of the file'));
    this.digestPromise ??= this.hasher.digest();
    return this.digestPromise;
  }

  private find(offset: number): Slice | undefined {
    return this.window.find((s) => offset >= s.offset && offset < s.end);
  }

  /** Whether one more slice fits; a first slice kept only for a receiver yet to start makes way. */
  private hasRoom(): boolean {
    if (this.window.length < WINDOW_SLICES) return true;
    const front = this.window[0]!;
    if ([...this.cursors].some((c) => c.position < front.end)) return false;
    this.window.shift();
    return true;
  }

  private read(): void {
    const offset = this.nextRead;
    const end = Math.min(this.file.size, offset + READ_BYTES);
    // Read in the hash worker, hashed there in file order, and handed over without a copy.
    const bytes = this.hasher.read(offset, end);
    // A failed read surfaces to the cursor that awaits it (and fails the digest), not here.
    bytes.catch(() => undefined);
    this.nextRead = end;
    this.count(end - offset);
    this.window.push({ offset, end, bytes });
  }

  /**
   * The window is full because someone is a whole window behind: the cursors on its first slice
   * go on with a pump of their own. False if that is `cursor` itself (it has moved).
   */
  private makeRoom(cursor: PumpCursor): boolean {
    const front = this.window[0]!;
    const laggards = [...this.cursors].filter((c) => c.position < front.end);
    // Everyone is on the first slice: the read-ahead bounds this; read past the window once.
    if (laggards.length === this.cursors.size) return true;
    for (const laggard of laggards) {
      this.cursors.delete(laggard);
      this.source.newPump(this.index, laggard.resumeAt).attach(laggard);
    }
    this.window.shift();
    this.released();
    return !laggards.includes(cursor);
  }

  private count(bytes: number): void {
    this.bytesRead += bytes;
    this.counted(bytes);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.window = [];
    this.hasher.close();
    markFileRead(this.index, this.bytesRead);
    this.onClosed();
  }
}
