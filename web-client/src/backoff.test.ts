import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

const schedule = (backoff: Backoff, n: number) => Array.from({ length: n }, () => backoff.next());

describe('reconnect backoff', () => {
  it('starts at 0.5 s and doubles up to 15 s without jitter', () => {
    expect(schedule(new Backoff({ random: () => 0 }), 8)).toEqual([
      500, 1000, 2000, 4000, 8000, 15000, 15000, 15000,
    ]);
  });

  it('jitter only shortens a delay, by at most 30 %', () => {
    expect(schedule(new Backoff({ random: () => 0.999999 }), 6)).toEqual([350, 700, 1400, 2800, 5600, 10500]);
  });

  it('stays within [0.35 s, 15 s] forever, even after thousands of attempts', () => {
    const backoff = new Backoff();
    for (const delay of schedule(backoff, 5000)) {
      expect(delay).toBeGreaterThanOrEqual(350);
      expect(delay).toBeLessThanOrEqual(15000);
    }
  });

  it('two clients dropped together do not retry in lock-step', () => {
    const a = schedule(new Backoff(), 6);
    const b = schedule(new Backoff(), 6);
    expect(a).not.toEqual(b);
  });

  it('starts over at 0.5 s after a success', () => {
    const backoff = new Backoff({ random: () => 0 });
    schedule(backoff, 5);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(500);
  });
});
