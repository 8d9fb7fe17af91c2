/**
 * Repairing one peer's connection while both peers stay in the room (docs/protocol.md
 * "Repairing a connection"), as a state machine that knows no WebRTC: it hears the link's state
 * and says when to restart ICE and when to rebuild the connection; the mesh does both.
 *
 *   connected ─disconnected→ waiting ─grace→ restarting ─timeout→ rebuilding ─timeout→ backing off ─┐
 *       ▲       ─failed──────────────────────↗                        ▲                            │
 *       │                                                             └──────── next rebuild ──────┘
 *       └── the link says `connected` at any step (the count and the backoff start over)
 *
 * After {@link REPAIR_MAX_REBUILDS} rebuilds that did not connect (the peer's count too: each
 * new connection counts once on both sides) it gives up (the avatar says so) until `retry()`
 * (the signaling is back). A connection that never worked is left failed: there is most likely
 * no path at all, which restarts and new connections would not find, and endless "connecting"
 * would hide that from the person (the page explains the failure instead); only the signaling's
 * return restarts its ICE, as before repair existed. A `disconnected` link gets a grace first because
 * it often heals by itself; `failed` does not, so ICE restarts at once. The impolite side leads;
 * the polite one waits {@link REPAIR_FOLLOWER_FACTOR} times as long at every step, so it acts only
 * when the other did not (an old peer, or one that does not see the failure).
 */
import { Backoff } from './backoff';
import type { LinkState } from './peer-link';
import {
  REPAIR_BACKOFF_MAX_MILLIS,
  REPAIR_BACKOFF_MILLIS,
  REPAIR_FOLLOWER_FACTOR,
  REPAIR_GRACE_MILLIS,
  REPAIR_MAX_REBUILDS,
  REPAIR_REBUILD_MILLIS,
  REPAIR_RESTART_MILLIS,
} from './protocol';
import { realTimers, type Timers } from './timers';

export type RepairPhase = 'idle' | 'waiting' | 'restarting' | 'rebuilding' | 'backing-off' | 'gave-up';

export interface RepairActions {
  /** Restarts ICE on the current connection; false when it cannot (the connection is closed). */
  restartIce(): boolean;
  /** Replaces the connection with a new one of the next generation. */
  rebuild(): void;
  /** The phase changed (what the avatar shows). */
  phase(phase: RepairPhase): void;
}

export interface RepairOptions {
  /** The impolite side leads; the other follows, slower. */
  leads: boolean;
  timers?: Timers;
  /** For the backoff's jitter; tests make it fixed. */
  random?: () => number;
}

export class Repair {
  private current: RepairPhase = 'idle';
  private timer: unknown = null;
  private rebuilds = 0;
  private stopped = false;
  /** The connection to this peer worked once: only then is it repaired. */
  private everConnected = false;
  private lastState: LinkState = 'connecting';
  private readonly factor: number;
  private readonly timers: Timers;
  private readonly backoff: Backoff;

  constructor(
    private readonly actions: RepairActions,
    options: RepairOptions,
  ) {
    this.factor = options.leads ? 1 : REPAIR_FOLLOWER_FACTOR;
    this.timers = options.timers ?? realTimers;
    this.backoff = new Backoff({
      initialMs: REPAIR_BACKOFF_MILLIS * this.factor,
      maxMs: REPAIR_BACKOFF_MAX_MILLIS * this.factor,
      random: options.random,
    });
  }

  get phase(): RepairPhase {
    return this.current;
  }

  /** Rebuilds started since the connection last worked. */
  get attempts(): number {
    return this.rebuilds;
  }

  /** What the current link says about itself. */
  linkState(state: LinkState): void {
    if (this.stopped) return;
    this.lastState = state;
    if (state === 'connected') {
      this.everConnected = true;
      this.recovered();
      return;
    }
    if (!this.everConnected) return;
    if (this.current !== 'idle' && this.current !== 'waiting') return; // a step is under way
    if (state === 'failed') {
      if (this.factor === 1) this.restart();
      else if (this.current === 'idle') this.wait(REPAIR_GRACE_MILLIS);
    } else if (state === 'disconnected' && this.current === 'idle') {
      this.wait(REPAIR_GRACE_MILLIS);
    }
  }

  /** The peer rebuilt the connection (a signal of a newer generation): watch the new one connect. */
  replaced(): void {
    if (this.stopped) return;
    this.rebuilds++; // one more connection, whoever made it: both sides give up together
    this.watchRebuild();
  }

  /** The signaling is back: signals sent while it was away are lost, so any repair starts over. */
  retry(): void {
    if (this.stopped) return;
    if (!this.everConnected) {
      if (this.lastState === 'failed') this.actions.restartIce();
      return;
    }
    if (this.current === 'idle') return;
    this.rebuilds = 0;
    this.backoff.reset();
    this.restart();
  }

  /** The peer left (or was cut off): nothing more to repair. */
  stop(): void {
    this.stopped = true;
    this.clear();
    this.set('idle');
  }

  private recovered(): void {
    this.clear();
    this.rebuilds = 0;
    this.backoff.reset();
    this.set('idle');
  }

  private wait(ms: number): void {
    this.set('waiting');
    this.after(ms * this.factor, () => this.restart());
  }

  private restart(): void {
    this.set('restarting');
    if (!this.actions.restartIce()) {
      this.rebuild();
      return;
    }
    this.after(REPAIR_RESTART_MILLIS * this.factor, () => this.rebuild());
  }

  private rebuild(): void {
    if (this.rebuilds >= REPAIR_MAX_REBUILDS) {
      this.clear();
      this.set('gave-up');
      return;
    }
    this.rebuilds++;
    this.watchRebuild();
    this.actions.rebuild();
  }

  private watchRebuild(): void {
    this.set('rebuilding');
    this.after(REPAIR_REBUILD_MILLIS * this.factor, () => {
      if (this.rebuilds >= REPAIR_MAX_REBUILDS) {
        this.rebuild(); // that was the last one: give up
        return;
      }
      this.set('backing-off');
      this.after(this.backoff.next(), () => this.rebuild()); // the backoff is scaled already
    });
  }

  /** Runs `fn` after `ms`, in place of any step still pending. */
  private after(ms: number, fn: () => void): void {
    this.clear();
    const handle = this.timers.setTimeout(() => {
      if (this.timer !== handle) return;
      this.timer = null;
      fn();
    }, ms);
    this.timer = handle;
  }

  private clear(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private set(phase: RepairPhase): void {
    if (phase === this.current) return;
    this.current = phase;
    this.actions.phase(phase);
  }
}
