/**
 * Reconnect delays: 0.5 s doubling to 15 s, with jitter (docs/protocol.md, "Server shutdown").
 *
 * Jitter matters because a server restart drops every client at the same instant; without it
 * they would all come back in lock-step. Delays are drawn from [(1 - jitter) × nominal, nominal],
 * so the schedule never exceeds the cap and never collapses to zero.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Fraction of the nominal delay that may be shaved off at random (0 = no jitter). */
  jitter?: number;
  /** Injectable for tests; returns a number in [0, 1). */
  random?: () => number;
}

export const RECONNECT_INITIAL_MS = 500;
export const RECONNECT_MAX_MS = 15_000;
const DEFAULT_JITTER = 0.3;

export class Backoff {
  private attempt = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? RECONNECT_INITIAL_MS;
    this.maxMs = options.maxMs ?? RECONNECT_MAX_MS;
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? DEFAULT_JITTER));
    this.random = options.random ?? Math.random;
  }

  /** The delay before the next attempt; each call moves one step along the schedule. */
  next(): number {
    // Cap the exponent too, so a client retrying for days does not overflow to Infinity.
    const nominal = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(nominal * (1 - this.jitter * this.random()));
  }

  /** Called after a success (a `welcome`), so the next loss starts again at 0.5 s. */
  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
