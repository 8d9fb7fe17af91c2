import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  REPAIR_BACKOFF_MILLIS,
  REPAIR_FOLLOWER_FACTOR,
  REPAIR_GRACE_MILLIS,
  REPAIR_MAX_REBUILDS,
  REPAIR_REBUILD_MILLIS,
  REPAIR_RESTART_MILLIS,
} from './protocol';
import { Repair, type RepairPhase } from './repair';

/**
 * The repair state machine on fake time: what it does, and when, for each state a link reports.
 * The mesh's side of it (links replaced, generations, verification again) is in mesh-repair.test.ts.
 */

interface Log {
  did: string[];
  phases: RepairPhase[];
  restartWorks: boolean;
}

function machine(leads = true): { repair: Repair; log: Log } {
  const log: Log = { did: [], phases: [], restartWorks: true };
  const repair = new Repair(
    {
      restartIce: () => {
        log.did.push(`restart@${Date.now()}`);
        return log.restartWorks;
      },
      rebuild: () => log.did.push(`rebuild@${Date.now()}`),
      phase: (phase) => log.phases.push(phase),
    },
    { leads, random: () => 0 }, // no jitter: the schedule is exact
  );
  repair.linkState('connected'); // a connection that worked: only those are repaired
  return { repair, log };
}

const G = REPAIR_GRACE_MILLIS;
const R = REPAIR_RESTART_MILLIS;
const B = REPAIR_REBUILD_MILLIS;
const OFF = REPAIR_BACKOFF_MILLIS;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('repairing a connection (the side that leads)', () => {
  it('waits out a grace, restarts ICE, rebuilds, backs off between rebuilds and gives up after the last', () => {
    const { repair, log } = machine();
    repair.linkState('disconnected');
    expect(repair.phase).toBe('waiting');
    vi.advanceTimersByTime(G - 1);
    expect(log.did).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log.did).toEqual([`restart@${G}`]);
    expect(repair.phase).toBe('restarting');

    vi.advanceTimersByTime(R);
    const first = G + R;
    expect(log.did).toEqual([`restart@${G}`, `rebuild@${first}`]);
    expect(repair.phase).toBe('rebuilding');

    // Each rebuild gets B to connect, then a pause that doubles: OFF, 2 OFF, 4 OFF …
    const expected = [`restart@${G}`, `rebuild@${first}`];
    let at = first;
    for (let n = 1; n < REPAIR_MAX_REBUILDS; n++) {
      vi.advanceTimersByTime(B);
      expect(repair.phase).toBe('backing-off');
      at += B + OFF * 2 ** (n - 1);
      vi.advanceTimersByTime(OFF * 2 ** (n - 1));
      expected.push(`rebuild@${at}`);
      expect(log.did).toEqual(expected);
    }
    expect(repair.attempts).toBe(REPAIR_MAX_REBUILDS);
    vi.advanceTimersByTime(B);
    expect(repair.phase).toBe('gave-up');
    vi.advanceTimersByTime(10 * 60_000);
    expect(log.did).toEqual(expected); // given up: nothing more until retry()
    expect(log.phases).toEqual([
      'waiting',
      'restarting',
      'rebuilding',
      ...Array.from({ length: REPAIR_MAX_REBUILDS - 1 }, () => ['backing-off', 'rebuilding'] as const).flat(),
      'gave-up',
    ]);
  });

  it('restarts ICE at once when the link failed (failed does not heal by itself)', () => {
    const { repair, log } = machine();
    repair.linkState('failed');
    expect(log.did).toEqual(['restart@0']);
  });

  it('restarts ICE at once when a disconnected link goes on to fail during the grace', () => {
    const { repair, log } = machine();
    repair.linkState('disconnected');
    vi.advanceTimersByTime(500);
    repair.linkState('failed');
    expect(log.did).toEqual(['restart@500']);
    vi.advanceTimersByTime(G);
    expect(log.did).toEqual(['restart@500']); // the grace's own restart does not come on top
  });

  it('rebuilds at once when ICE cannot restart (the connection is closed)', () => {
    const { repair, log } = machine();
    log.restartWorks = false;
    repair.linkState('failed');
    expect(log.did).toEqual(['restart@0', 'rebuild@0']);
    expect(repair.phase).toBe('rebuilding');
  });

  it('ignores what the link says while a step is under way, but connected', () => {
    const { repair, log } = machine();
    repair.linkState('failed');
    repair.linkState('disconnected');
    repair.linkState('failed');
    repair.linkState('connecting');
    expect(log.did).toEqual(['restart@0']);
    vi.advanceTimersByTime(R);
    repair.linkState('failed'); // the rebuilt link failing early changes nothing: its time runs
    repair.linkState('connecting');
    expect(log.did).toEqual(['restart@0', `rebuild@${R}`]);
  });

  it('does nothing while the link is connecting or connected', () => {
    const { repair, log } = machine();
    repair.linkState('connecting');
    repair.linkState('connected');
    vi.advanceTimersByTime(60_000);
    expect(log.did).toEqual([]);
    expect(log.phases).toEqual([]);
  });
});

describe('a connection that comes back stops the repair at every step', () => {
  const steps: [string, number, string[]][] = [
    ['during the grace (it healed by itself)', G - 1, []],
    ['after the ICE restart', G + R - 1, [`restart@${G}`]],
    ['after a rebuild', G + R + B - 1, [`restart@${G}`, `rebuild@${G + R}`]],
    ['while backing off', G + R + B + OFF - 1, [`restart@${G}`, `rebuild@${G + R}`]],
  ];
  it.each(steps)('%s', (_when, t, before) => {
    const { repair, log } = machine();
    repair.linkState('disconnected');
    vi.advanceTimersByTime(t);
    expect(log.did).toEqual(before);
    repair.linkState('connected');
    expect(repair.phase).toBe('idle');
    vi.advanceTimersByTime(10 * 60_000);
    expect(log.did).toEqual(before);
  });

  it('and the next failure starts from the beginning: a fresh count and the first backoff', () => {
    const { repair, log } = machine();
    repair.linkState('failed');
    vi.advanceTimersByTime(R + B + OFF + B); // restart, rebuild 1, backoff, rebuild 2, then backing off
    expect(repair.attempts).toBe(2);
    repair.linkState('connected');
    log.did.length = 0;
    vi.setSystemTime(0);
    repair.linkState('failed');
    vi.advanceTimersByTime(R + B + OFF);
    expect(log.did).toEqual(['restart@0', `rebuild@${R}`, `rebuild@${R + B + OFF}`]);
    expect(repair.attempts).toBe(2);
  });
});

describe('the peer leaving stops the repair', () => {
  it.each([0, G, G + R, G + R + B])('at %i ms', (t) => {
    const { repair, log } = machine();
    repair.linkState('disconnected');
    vi.advanceTimersByTime(t);
    const before = [...log.did];
    repair.stop();
    expect(repair.phase).toBe('idle');
    repair.linkState('failed');
    repair.retry();
    repair.replaced();
    vi.advanceTimersByTime(10 * 60_000);
    expect(log.did).toEqual(before);
  });
});

describe('the polite side follows', () => {
  it('takes twice as long at every step, so the leader acts first', () => {
    const { repair, log } = machine(false);
    const f = REPAIR_FOLLOWER_FACTOR;
    repair.linkState('disconnected');
    vi.advanceTimersByTime(G * f);
    expect(log.did).toEqual([`restart@${G * f}`]);
    vi.advanceTimersByTime(R * f);
    expect(log.did).toEqual([`restart@${G * f}`, `rebuild@${(G + R) * f}`]);
    vi.advanceTimersByTime(B * f + OFF * f);
    expect(log.did.at(-1)).toBe(`rebuild@${(G + R + B + OFF) * f}`);
  });

  it('waits a grace even when the link failed: the leader restarts ICE first', () => {
    const { repair, log } = machine(false);
    repair.linkState('failed');
    vi.advanceTimersByTime(G * REPAIR_FOLLOWER_FACTOR - 1);
    expect(log.did).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log.did).toHaveLength(1);
  });
});

describe('a connection that never worked', () => {
  it('stays failed, with no restart and no rebuild, until the signaling is back: there is most likely no path at all', () => {
    const log: string[] = [];
    const phases: RepairPhase[] = [];
    const repair = new Repair(
      { restartIce: () => (log.push('restart'), true), rebuild: () => log.push('rebuild'), phase: (p) => phases.push(p) },
      { leads: true },
    );
    repair.linkState('connecting');
    repair.linkState('failed');
    repair.linkState('disconnected');
    repair.linkState('failed');
    vi.advanceTimersByTime(10 * 60_000);
    expect(log).toEqual([]);
    repair.retry(); // the signaling is back: one more try, as before repair existed
    expect(log).toEqual(['restart']);
    expect(phases).toEqual([]);
  });
});

describe('the peer rebuilt the connection', () => {
  it('each of its new connections counts toward the limit too, so both sides give up together', () => {
    const { repair, log } = machine(false);
    for (let n = 0; n < REPAIR_MAX_REBUILDS; n++) {
      repair.replaced();
      vi.advanceTimersByTime(1000);
    }
    expect(repair.attempts).toBe(REPAIR_MAX_REBUILDS);
    vi.advanceTimersByTime(10 * 60_000);
    expect(repair.phase).toBe('gave-up');
    expect(log.did).toEqual([]); // it never rebuilt on top of the peer's last one
  });

  it('watches the new one: connected stops it, and no rebuild of ours comes', () => {
    const { repair, log } = machine(false);
    repair.linkState('disconnected');
    vi.advanceTimersByTime(1000);
    repair.replaced();
    expect(repair.phase).toBe('rebuilding');
    vi.advanceTimersByTime(3000);
    repair.linkState('connected');
    vi.advanceTimersByTime(10 * 60_000);
    expect(log.did).toEqual([]);
  });

  it('rebuilds itself once the new one did not connect in time', () => {
    const { repair, log } = machine();
    repair.replaced();
    vi.advanceTimersByTime(B + OFF);
    expect(log.did).toEqual([`rebuild@${B + OFF}`]);
  });
});

describe('the signaling coming back', () => {
  it('starts a given-up repair over, from an ICE restart, with a fresh count', () => {
    const { repair, log } = machine();
    repair.linkState('failed');
    vi.advanceTimersByTime(10 * 60_000);
    expect(repair.phase).toBe('gave-up');
    log.did.length = 0;
    vi.setSystemTime(0);
    repair.retry();
    expect(log.did).toEqual(['restart@0']);
    expect(repair.attempts).toBe(0);
    vi.advanceTimersByTime(R);
    expect(log.did).toEqual(['restart@0', `rebuild@${R}`]);
    expect(repair.attempts).toBe(1);
  });

  it('restarts a repair under way (its signals may have been lost meanwhile)', () => {
    const { repair, log } = machine();
    repair.linkState('failed');
    vi.advanceTimersByTime(R + 500); // rebuilding
    repair.retry();
    expect(log.did.at(-1)).toBe(`restart@${R + 500}`);
    expect(repair.phase).toBe('restarting');
  });

  it('leaves a working connection alone', () => {
    const { repair, log } = machine();
    repair.retry();
    vi.advanceTimersByTime(60_000);
    expect(log.did).toEqual([]);
  });
});
