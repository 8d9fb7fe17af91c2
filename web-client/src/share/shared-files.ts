/**
 * Finding files on the room's peers (docs/protocol.md "Shared folders"): who shares what
 * (`share-status`), a search asked of every sharing peer over its control channel (the server
 * never sees it), the answers as they arrive, and pulls whose offers this page accepts at once.
 * There is no index anywhere: each search asks the peers themselves.
 */
import type { ControlRoutes } from '../control-router';
import { Emitter } from '../emitter';
import { markShareAnswer, markShareSearch } from '../test-hooks';
import type { LocalShare } from './local-share';
import {
  MAX_CATALOGUE_FILES,
  MAX_PULL_FILES,
  MAX_QUERY_CODE_POINTS,
  encodeChannelMessage,
  type FileEntry,
  type ShareEntry,
  type ShareMessage,
  type ShareRefusalReason,
  type ShareResultsMessage,
} from '../protocol';

export interface SharePeers {
  send(peerId: string, text: string): boolean;
  peerName(peerId: string): string;
  newId(): string;
}

/** One file found: where it is (which peer) and what it is. */
export interface ShareHit {
  peerId: string;
  peerName: string;
  entry: ShareEntry;
}

/** A search as it stands: asked of whom, who answered, what came back. */
export interface SearchView {
  id: string;
  text: string;
  /** Browsing one peer's share (a blank search of it alone), or null: the room. */
  browsing: string | null;
  asked: string[];
  answered: string[];
  hits: ShareHit[];
  /** Each answering peer's number of matches in all, when more than it sent so far. */
  more: Map<string, number>;
  /** The page holds as many entries as it may: the rest were not kept. */
  full: boolean;
}

export type SharedFilesEvents = {
  /** A peer's share changed: `files` 0 when it shares nothing (any more). */
  sharing: [peerId: string, files: number, bytes: number];
  /** The current search got an answer, or was started. */
  search: [view: SearchView];
  /** A sharer said no to a pull. */
  refused: [peerName: string, reason: ShareRefusalReason];
};

/** Cuts `text` to the query's bound, counted in code points as the protocol counts it. */
export function queryText(text: string): string {
  return Array.from(text.trim()).slice(0, MAX_QUERY_CODE_POINTS).join('');
}

export function hitKey(hit: Pick<ShareHit, 'peerId' | 'entry'>): string {
  return `${hit.peerId}\u0000${JSON.stringify(hit.entry.path)}`;
}

interface Search {
  view: SearchView;
  /** Per asked peer: the `from` of the page asked last, and how many entries it sent. */
  pages: Map<string, { from: number; received: number; waiting: boolean }>;
  keys: Set<string>;
}

export class SharedFiles extends Emitter<SharedFilesEvents> {
  private readonly shares = new Map<string, { files: number; bytes: number }>();
  private readonly pulls = new Map<string, { peerId: string; paths: Set<string> }>();
  private search: Search | null = null;
  private localShare: LocalShare | null = null;

  constructor(routes: ControlRoutes, private readonly peers: SharePeers) {
    super();
    routes.on('share-status', (from, m) => {
      if (m.files === 0) this.shares.delete(from.id);
      else this.shares.set(from.id, { files: m.files, bytes: m.bytes });
      this.emit('sharing', from.id, m.files, m.bytes);
    });
    routes.on('share-results', (from, m) => this.answered(from.id, m));
    routes.on('share-refused', (from, m) => {
      const pull = this.pulls.get(m.id);
      if (!pull || pull.peerId !== from.id) return;
      this.pulls.delete(m.id);
      this.emit('refused', this.peers.peerName(from.id), m.reason);
    });
    // Sharing nothing, a pull of this page gets a plain no, a query no answer (nobody was told we share).
    routes.on('share-pull', (from, m) => {
      if (this.localShare) this.localShare.pull(from.id, m);
      else this.send(from.id, { type: 'share-refused', id: m.id, reason: 'not-shared' });
    });
    routes.on('share-query', (from, m) => {
      if (this.localShare) this.localShare.query(from.id, m);
      else console.warn(`peerhub: share-query from ${from.id} dropped (this page shares nothing)`);
    });
  }

  /** The folder this page shares (null: none); the peers in `verified` are told at once. */
  serve(share: LocalShare | null, verified: string[]): void {
    this.localShare = share;
    for (const peerId of verified) this.tellShare(peerId);
  }

  sharedHere(): LocalShare | null {
    return this.localShare;
  }

  /** Says what this page shares to a peer (verified now): nothing unless it shares. */
  tellShare(peerId: string, always = true): void {
    const share = this.localShare;
    if (share) this.send(peerId, share.status(peerId));
    else if (always) this.send(peerId, { type: 'share-status', files: 0, bytes: 0 });
  }

  /** Peers that share something, with how much. */
  sharers(): Map<string, { files: number; bytes: number }> {
    return new Map(this.shares);
  }

  /** Asks every sharing peer (or `browsing` alone, listing all) for files whose path holds each word of `text`. */
  find(text: string, browsing: string | null = null): SearchView {
    const asked = browsing !== null ? (this.shares.has(browsing) ? [browsing] : []) : [...this.shares.keys()];
    const view: SearchView = {
      id: this.peers.newId(),
      text: browsing !== null ? '' : queryText(text),
      browsing,
      asked: [],
      answered: [],
      hits: [],
      more: new Map(),
      full: false,
    };
    this.search = { view, pages: new Map(), keys: new Set() };
    for (const peerId of asked) {
      if (this.send(peerId, { type: 'share-query', id: view.id, text: view.text, from: 0 })) {
        view.asked.push(peerId);
        this.search.pages.set(peerId, { from: 0, received: 0, waiting: true });
      }
    }
    markShareSearch(view.id, view.asked.length);
    this.emit('search', view);
    return view;
  }

  /** Asks `peerId` for its next page of the current search. */
  more(peerId: string): void {
    const s = this.search;
    const page = s?.pages.get(peerId);
    if (!s || !page || !s.view.more.has(peerId) || s.view.full) return;
    const from = page.from + page.received;
    s.view.more.delete(peerId);
    if (this.send(peerId, { type: 'share-query', id: s.view.id, text: s.view.text, from })) {
      s.pages.set(peerId, { from, received: 0, waiting: true });
      this.emit('search', s.view);
    }
  }

  /** Asks `peerId` to send these files of its share; at most 64 a pull, so a larger batch is several. */
  pull(peerId: string, paths: string[][]): number {
    let pulls = 0;
    for (let i = 0; i < paths.length; i += MAX_PULL_FILES) {
      const batch = paths.slice(i, i + MAX_PULL_FILES);
      const id = this.peers.newId();
      this.pulls.set(id, { peerId, paths: new Set(batch.map((p) => JSON.stringify(p))) });
      if (this.send(peerId, { type: 'share-pull', id, files: batch.map((path) => ({ path })) })) pulls++;
      else this.pulls.delete(id);
    }
    return pulls;
  }

  /**
   * Whether an offer is the answer to a pull of ours: same id, from the peer asked, holding only
   * files that were asked for. Such an offer is accepted without asking; any other is shown.
   */
  isPulled(offerId: string, peerId: string, files: FileEntry[]): boolean {
    const pull = this.pulls.get(offerId);
    if (!pull || pull.peerId !== peerId) return false;
    this.pulls.delete(offerId);
    return files.length <= pull.paths.size && files.every((f) => pull.paths.has(JSON.stringify(f.path)));
  }

  peerGone(peerId: string): void {
    this.localShare?.forget(peerId);
    if (this.shares.delete(peerId)) this.emit('sharing', peerId, 0, 0);
    for (const [id, pull] of this.pulls) if (pull.peerId === peerId) this.pulls.delete(id);
  }

  private answered(peerId: string, m: ShareResultsMessage): void {
    const s = this.search;
    const page = s?.pages.get(peerId);
    // Only the answer to the page asked last of that peer: a late or unasked answer is stale or hostile.
    if (!s || m.id !== s.view.id || !page || !page.waiting || page.from !== m.from) {
      console.warn(`peerhub: share-results from ${peerId} dropped (not the answer to a query asked of it)`);
      return;
    }
    const view = s.view;
    if (!view.answered.includes(peerId)) view.answered.push(peerId);
    const peerName = this.peers.peerName(peerId);
    let received = 0;
    for (const entry of m.files) {
      received++;
      if (view.hits.length >= MAX_CATALOGUE_FILES) {
        view.full = true;
        break;
      }
      const hit = { peerId, peerName, entry };
      const key = hitKey(hit);
      if (s.keys.has(key)) continue;
      s.keys.add(key);
      view.hits.push(hit);
    }
    s.pages.set(peerId, { from: m.from, received, waiting: false });
    markShareAnswer(view.id, peerId, received);
    // An empty page ends it whatever the total says: a peer cannot keep us asking.
    if (received > 0 && m.from + received < m.total && !view.full) view.more.set(peerId, m.total);
    else view.more.delete(peerId);
    this.emit('search', view);
  }

  private send(peerId: string, message: ShareMessage): boolean {
    const text = encodeChannelMessage(message);
    return text !== null && this.peers.send(peerId, text);
  }
}
