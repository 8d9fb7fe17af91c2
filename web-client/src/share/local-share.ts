/**
 * A folder this page shares while it is open (docs/protocol.md "Shared folders"): its files as
 * picked, searched by the words of their paths, and served by looking a pulled path up in that
 * list alone. The same bounds as the Java sharer: a query budget per peer, answers of at most 50
 * files in 16 KiB, at most 100,000 files listed.
 */
import {
  MAX_CATALOGUE_FILES,
  MAX_RESULTS,
  QUERIES_PER_SECOND,
  encodeChannelMessage,
  type ShareEntry,
  type SharePullMessage,
  type ShareQueryMessage,
  type ShareResultsMessage,
  type ShareStatusMessage,
} from '../protocol';
import type { PickedFile } from '../transfer/manifest';

export interface LocalShareDeps {
  send(peerId: string, text: string): boolean;
  /** Sends the files of a pull as a transfer under the pull's id. */
  offer(peerId: string, id: string, picked: PickedFile[]): boolean;
  /** Whether `peerId` may see and pull this share (everyone, or the devices this person trusts). */
  mayUse(peerId: string): boolean;
  now(): number;
  /**
   * The listed file as it is now (a live folder: opened again), or null when it is gone; absent,
   * the file as picked is sent (a folder input's snapshot, which refuses to read once changed).
   */
  reopen?(path: string[]): Promise<File | null>;
}

const BURST = 2 * QUERIES_PER_SECOND;

interface Listed {
  picked: PickedFile;
  entry: ShareEntry;
  folded: string;
}

/** What matching compares: NFKC (so "ﬁ" finds "fi"), lower case; as the Java catalogue does. */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A picked folder's files as a share lists them: under the folder, no dotfile or dot-folder, at most 100,000. */
export function listable(picked: PickedFile[]): PickedFile[] {
  const out: PickedFile[] = [];
  for (const p of picked) {
    // A folder pick names the folder itself first; what peers see is the path under it.
    const path = p.path.length > 1 ? p.path.slice(1) : p.path;
    if (path.some((c) => c.startsWith('.'))) continue;
    out.push({ file: p.file, path });
    if (out.length >= MAX_CATALOGUE_FILES) break;
  }
  return out.sort((a, b) => (a.path.join('/') < b.path.join('/') ? -1 : 1));
}

export class LocalShare {
  private readonly listed: Listed[];
  private readonly byPath = new Map<string, Listed>();
  private readonly budgets = new Map<string, { tokens: number; at: number; dropped: number; logged: number }>();
  readonly bytes: number;

  constructor(
    readonly folderName: string,
    picked: PickedFile[],
    private readonly deps: LocalShareDeps,
  ) {
    this.listed = listable(picked).map((p) => ({
      picked: p,
      entry: { path: p.path, size: p.file.size, mtime: Math.max(0, Math.floor(p.file.lastModified)) },
      folded: fold(p.path.join('/')),
    }));
    for (const l of this.listed) this.byPath.set(JSON.stringify(l.entry.path), l);
    this.bytes = this.listed.reduce((sum, l) => sum + l.entry.size, 0);
  }

  get files(): number {
    return this.listed.length;
  }

  status(peerId: string): ShareStatusMessage {
    return this.deps.mayUse(peerId)
      ? { type: 'share-status', files: this.files, bytes: this.bytes }
      : { type: 'share-status', files: 0, bytes: 0 };
  }

  query(peerId: string, q: ShareQueryMessage): void {
    if (!this.take(peerId)) return;
    if (!this.deps.mayUse(peerId)) {
      this.reply(peerId, { type: 'share-results', id: q.id, from: q.from, total: 0, files: [] });
      return;
    }
    const words = fold(q.text).split(/\s+/).filter((w) => w !== '');
    const page: ShareEntry[] = [];
    let total = 0;
    for (const l of this.listed) {
      if (!words.every((w) => l.folded.includes(w))) continue;
      if (total >= q.from && page.length < MAX_RESULTS) page.push(l.entry);
      total++;
    }
    // Long paths: fewer files, so the answer fits one control message.
    for (let n = page.length; ; n -= Math.max(1, Math.floor(n / 8))) {
      const answer: ShareResultsMessage = { type: 'share-results', id: q.id, from: q.from, total, files: page.slice(0, Math.max(0, n)) };
      if (n <= 0 || encodeChannelMessage(answer) !== null) {
        this.reply(peerId, answer);
        return;
      }
    }
  }

  pull(peerId: string, m: SharePullMessage): void {
    if (!this.deps.mayUse(peerId)) {
      this.reply(peerId, { type: 'share-refused', id: m.id, reason: 'not-allowed' });
      return;
    }
    const seen = new Set<string>();
    const listed: Listed[] = [];
    for (const f of m.files) {
      // Looked up in the list, never resolved in the folder: a path not listed gets nothing.
      const key = JSON.stringify(f.path);
      const l = this.byPath.get(key);
      if (l && !seen.has(key)) listed.push(l);
      seen.add(key);
    }
    void this.current(listed).then((picked) => {
      if (picked.length === 0 || !this.deps.offer(peerId, m.id, picked)) {
        this.reply(peerId, { type: 'share-refused', id: m.id, reason: 'not-shared' });
      }
    });
  }

  /** The pulled files as they are now: reopened from a live folder (gone ones left out), else as picked. */
  private async current(listed: Listed[]): Promise<PickedFile[]> {
    const reopen = this.deps.reopen;
    if (!reopen) return listed.map((l) => l.picked);
    const now = await Promise.all(listed.map((l) => reopen(l.picked.path)));
    return listed.flatMap((l, i) => (now[i] ? [{ file: now[i]!, path: l.picked.path }] : []));
  }

  /** A token bucket per peer: 5 a second, bursts of 10; one log line a second while a peer floods. */
  private take(peerId: string): boolean {
    const now = this.deps.now();
    const b = this.budgets.get(peerId) ?? { tokens: BURST, at: now, dropped: 0, logged: -Infinity };
    b.tokens = Math.min(BURST, b.tokens + ((now - b.at) * QUERIES_PER_SECOND) / 1000);
    b.at = now;
    this.budgets.set(peerId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    b.dropped++;
    if (now - b.logged >= 1000) {
      console.warn(`peerhub: dropping share queries from ${peerId}: past ${QUERIES_PER_SECOND} a second (${b.dropped} since the last line)`);
      b.logged = now;
      b.dropped = 0;
    }
    return false;
  }

  forget(peerId: string): void {
    this.budgets.delete(peerId);
  }

  private reply(peerId: string, message: ShareResultsMessage | { type: 'share-refused'; id: string; reason: 'not-shared' | 'not-allowed' }): void {
    const text = encodeChannelMessage(message);
    if (text !== null) this.deps.send(peerId, text);
  }
}
