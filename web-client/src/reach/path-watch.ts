/**
 * Watches each peer's connection while it is in the room: every {@link PATH_POLL_MS} it reads
 * the path of a connected link from `getStats()` (and the rate since the last reading), and for
 * a link that is not connected it asks whether the connection has had its time
 * ({@link unreachable}). It tells the page only what changed. One timer for all peers; a link
 * that is not connected costs no `getStats()` call.
 */
import { Emitter } from '../emitter';
import type { Timers } from '../greeter';
import type { LinkState } from '../peer-link';
import { unreachable, type ReachFacts } from './link-reach';
import { pathWords, ratePerSecond, readPath, type PathReading, type StatsMap } from './path-stats';

/** Often enough for a live rate and a path that changes; a getStats() costs well under 1 ms here. */
export const PATH_POLL_MS = 2_000;

export interface PathSource {
  /** The link's state, or undefined when there is no link to the peer. */
  state(peerId: string): LinkState | undefined;
  stats(peerId: string): Promise<StatsMap> | null;
  reach(peerId: string): ReachFacts | null;
}

export interface PeerPath {
  /** How the connection runs; null while it is not connected. */
  reading: PathReading | null;
  /** Bytes per second since the last reading (both directions); null without two readings. */
  rate: number | null;
  /** Why it could not connect, once it has had its time; null otherwise. */
  problem: string | null;
}

export type PathWatchEvents = {
  change: [peerId: string, path: PeerPath];
};

interface Watched {
  path: PeerPath;
  digest: string;
  last: PathReading | null;
  polling: boolean;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function digest(path: PeerPath): string {
  const r = path.reading;
  const rate = path.rate === null ? '' : String(Math.round(path.rate / 1000));
  return r
    ? [pathWords(r, null), r.localType, r.remoteType, r.protocol, r.relayProtocol ?? '', rate].join('|')
    : `|${path.problem ?? ''}`;
}

export class PathWatch extends Emitter<PathWatchEvents> {
  private readonly watched = new Map<string, Watched>();
  private timer: unknown = null;

  constructor(
    private readonly source: PathSource,
    private readonly timers: Timers = realTimers,
    private readonly now: () => number = () => Date.now(),
  ) {
    super();
  }

  /** What is known of a peer's path now (nothing while it is not watched). */
  path(peerId: string): PeerPath | undefined {
    return this.watched.get(peerId)?.path;
  }

  watch(peerId: string): void {
    if (!this.watched.has(peerId)) {
      const path = { reading: null, rate: null, problem: null };
      this.watched.set(peerId, { path, digest: digest(path), last: null, polling: false });
    }
    this.schedule();
    void this.poll(peerId);
  }

  /** Looks again at once (the link's state changed): "direct" shows when it connects, not 2 s later. */
  nudge(peerId: string): void {
    if (this.watched.has(peerId)) void this.poll(peerId);
  }

  forget(peerId: string): void {
    this.watched.delete(peerId);
    if (this.watched.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    if (this.watched.size > 0) this.watched.clear();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      if (this.watched.size === 0) return;
      for (const id of this.watched.keys()) void this.poll(id);
      this.schedule();
    }, PATH_POLL_MS);
  }

  private async poll(peerId: string): Promise<void> {
    const entry = this.watched.get(peerId);
    if (!entry || entry.polling) return;
    const state = this.source.state(peerId);
    if (state === undefined) return;
    let next: PeerPath;
    if (state === 'connected') {
      entry.polling = true;
      let reading: PathReading | null = null;
      try {
        const report = await this.source.stats(peerId);
        reading = report ? readPath(report) : null;
      } catch {
        reading = null; // closed meanwhile: the next state change says what it is
      } finally {
        entry.polling = false;
      }
      if (this.watched.get(peerId) !== entry) return;
      const rate = entry.last && reading ? ratePerSecond(entry.last, reading) : null;
      entry.last = reading;
      next = { reading, rate, problem: null };
    } else {
      entry.last = null;
      const facts = this.source.reach(peerId);
      next = { reading: null, rate: null, problem: facts ? unreachable(facts, this.now()) : null };
    }
    const nextDigest = digest(next);
    entry.path = next;
    if (nextDigest === entry.digest) return;
    entry.digest = nextDigest;
    this.emit('change', peerId, next);
  }
}
