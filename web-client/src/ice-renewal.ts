/**
 * When to ask the server for fresh TURN credentials (docs/protocol.md, "TURN credentials and
 * their renewal"): at 80 % of the lifetime the server said they have, never sooner than the
 * protocol's renewal interval, and not at all for servers that do not expire. Each new lifetime
 * (a welcome, a resume's welcome, an `ice-servers` answer) replaces the schedule.
 *
 * A renewal that falls while the signaling socket is down is not retried here: the welcome of
 * the resume brings fresh credentials and schedules the next renewal itself.
 */
import { ICE_RENEW_INTERVAL_MILLIS } from './protocol';

/** The share of the lifetime after which we renew: the last fifth (12 minutes of an hour) is the margin. */
export const RENEW_AT_FRACTION = 0.8;

/**
 * setTimeout runs a longer delay at once (it holds a signed 32-bit count of milliseconds); a
 * renewal that early is harmless, one at once for every answer would be a loop.
 */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** How long after credentials that last `ttlMs` arrive we ask for new ones. */
export function renewalDelayMs(ttlMs: number): number {
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(ICE_RENEW_INTERVAL_MILLIS, Math.floor(ttlMs * RENEW_AT_FRACTION)));
}

export class IceRenewal {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly renew: () => void) {}

  /** Credentials just arrived that last `ttlMs` from now; `undefined`: they do not expire. */
  schedule(ttlMs: number | undefined): void {
    this.cancel();
    if (ttlMs === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.renew();
    }, renewalDelayMs(ttlMs));
  }

  get scheduled(): boolean {
    return this.timer !== null;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
