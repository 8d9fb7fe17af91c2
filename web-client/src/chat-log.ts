/**
 * A room's chat history as one peer keeps it (docs/protocol.md "Chat history"): signed entries
 * in the one order every peer uses, (ts, device, id), each once, within the bounds (10,000
 * entries, 8 MiB as JSON, 30 days). Past a bound, the device that holds the most entries loses
 * its oldest first, so a peer that floods pushes out its own messages before anyone else's.
 * Pure data: no DOM, no storage, no network (the Java twin is native-peer's ChatLog).
 */
import {
  MAX_CLOCK_SKEW_MILLIS,
  MAX_HISTORY_AGE_MILLIS,
  MAX_HISTORY_ENTRIES,
  MAX_HISTORY_BYTES,
  entryDevice,
  historyDay,
  historyDigest,
  utf8Length,
  type ChatEntryWire,
  type HistoryDay,
} from './protocol';

/** An entry with what the log derives from it once. */
export interface KeptEntry extends ChatEntryWire {
  /** Its key's device id. */
  readonly device: string;
  /** Its size as JSON, which is what the byte bound counts. */
  readonly bytes: number;
}

export type AddResult = 'added' | 'duplicate' | 'too-old' | 'ahead';

export interface LogBounds {
  maxEntries: number;
  maxBytes: number;
  maxAgeMillis: number;
}

export const DEFAULT_BOUNDS: LogBounds = {
  maxEntries: MAX_HISTORY_ENTRIES,
  maxBytes: MAX_HISTORY_BYTES,
  maxAgeMillis: MAX_HISTORY_AGE_MILLIS,
};

export function entryKey(device: string, id: string): string {
  return `${device} ${id}`;
}

export function compareEntries(a: KeptEntry, b: KeptEntry): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function keep(entry: ChatEntryWire): KeptEntry {
  const wire: ChatEntryWire = { id: entry.id, ts: entry.ts, name: entry.name, text: entry.text, key: entry.key, sig: entry.sig };
  return { ...wire, device: entryDevice(wire), bytes: utf8Length(JSON.stringify(wire)) };
}

export class ChatLog {
  private readonly entries: KeptEntry[] = [];
  private readonly byKey = new Map<string, KeptEntry>();
  private readonly perDevice = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly bounds: LogBounds = DEFAULT_BOUNDS) {}

  get size(): number {
    return this.entries.length;
  }

  all(): readonly KeptEntry[] {
    return this.entries;
  }

  has(device: string, id: string): boolean {
    return this.byKey.has(entryKey(device, id));
  }

  /**
   * Adds one checked entry (its signature already verified). `evicted` receives what the bounds
   * pushed out (possibly the entry itself, when it is the flooder's oldest).
   */
  add(entry: KeptEntry, now: number, evicted: KeptEntry[] = []): AddResult {
    if (entry.ts > now + MAX_CLOCK_SKEW_MILLIS) return 'ahead';
    if (entry.ts < now - this.bounds.maxAgeMillis) return 'too-old';
    const key = entryKey(entry.device, entry.id);
    if (this.byKey.has(key)) return 'duplicate';
    this.entries.splice(this.insertionPoint(entry), 0, entry);
    this.byKey.set(key, entry);
    this.perDevice.set(entry.device, (this.perDevice.get(entry.device) ?? 0) + 1);
    this.bytes += entry.bytes;
    this.enforce(now, evicted);
    return this.byKey.has(key) ? 'added' : 'too-old';
  }

  /** Drops what has aged past the bound; returns it. */
  expire(now: number): KeptEntry[] {
    const evicted: KeptEntry[] = [];
    this.enforce(now, evicted);
    return evicted;
  }

  clear(): void {
    this.entries.length = 0;
    this.byKey.clear();
    this.perDevice.clear();
    this.bytes = 0;
  }

  /** The summary a `history-request` carries: per UTC day, the count and digest of what is kept. */
  days(): HistoryDay[] {
    const out: HistoryDay[] = [];
    for (const [day, list] of this.byDay()) {
      out.push({ day, count: list.length, digest: historyDigest(list.map((e) => [e.device, e.id] as const)) });
    }
    return out;
  }

  /** What a peer that sent `days` lacks: every entry of each day whose count or digest differs. */
  missingFrom(days: readonly HistoryDay[]): KeptEntry[] {
    const theirs = new Map(days.map((d) => [d.day, d]));
    const out: KeptEntry[] = [];
    for (const [day, list] of this.byDay()) {
      const other = theirs.get(day);
      if (other && other.count === list.length && other.digest === historyDigest(list.map((e) => [e.device, e.id] as const))) continue;
      out.push(...list);
    }
    return out;
  }

  private *byDay(): Generator<[number, KeptEntry[]]> {
    let day = -1;
    let list: KeptEntry[] = [];
    for (const e of this.entries) {
      const d = historyDay(e.ts);
      if (d !== day && list.length > 0) {
        yield [day, list];
        list = [];
      }
      day = d;
      list.push(e);
    }
    if (list.length > 0) yield [day, list];
  }

  /** Binary search; entries mostly arrive in order, so this is usually the end. */
  private insertionPoint(entry: KeptEntry): number {
    let lo = 0;
    let hi = this.entries.length;
    if (hi > 0 && compareEntries(this.entries[hi - 1]!, entry) < 0) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.entries[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private enforce(now: number, evicted: KeptEntry[]): void {
    while (this.entries.length > 0 && this.entries[0]!.ts < now - this.bounds.maxAgeMillis) {
      evicted.push(this.removeAt(0));
    }
    while (this.entries.length > this.bounds.maxEntries || this.bytes > this.bounds.maxBytes) {
      let flooder = '';
      let most = 0;
      for (const [device, count] of this.perDevice) {
        if (count > most) [flooder, most] = [device, count];
      }
      const at = this.entries.findIndex((e) => e.device === flooder);
      evicted.push(this.removeAt(at));
    }
  }

  private removeAt(index: number): KeptEntry {
    const [gone] = this.entries.splice(index, 1);
    this.byKey.delete(entryKey(gone!.device, gone!.id));
    const left = (this.perDevice.get(gone!.device) ?? 1) - 1;
    if (left === 0) this.perDevice.delete(gone!.device);
    else this.perDevice.set(gone!.device, left);
    this.bytes -= gone!.bytes;
    return gone!;
  }
}
