import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Timers } from '../greeter';
import type { LinkState } from '../peer-link';
import { CONNECT_DEADLINE_MS, ReachLog } from './link-reach';
import { PATH_POLL_MS, PathWatch, type PeerPath } from './path-watch';

function fixture(name: string): Map<string, Record<string, unknown>> {
  const json = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
  return new Map(Object.entries(json));
}

/** The same report later: `bytes` more on the transport, `ms` later. */
function later(report: Map<string, Record<string, unknown>>, bytes: number, ms: number): Map<string, Record<string, unknown>> {
  const copy = new Map<string, Record<string, unknown>>();
  for (const [id, stat] of report) {
    const moved: Record<string, unknown> = { ...stat, timestamp: (stat.timestamp as number) + ms };
    if (stat.type === 'transport') moved.bytesSent = (stat.bytesSent as number) + bytes;
    copy.set(id, moved);
  }
  return copy;
}

class ManualTimers implements Timers {
  pending = new Map<number, () => void>();
  private next = 0;
  setTimeout(fn: () => void, _ms: number): unknown {
    const id = ++this.next;
    this.pending.set(id, fn);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  fire(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function stage(state: LinkState) {
  const timers = new ManualTimers();
  let now = 0;
  let report = fixture('chromium-direct');
  const reach = new ReachLog([], 0);
  let statsCalls = 0;
  const source = {
    state: (id: string) => (id === 'bob' ? state : undefined),
    stats: () => {
      statsCalls++;
      return Promise.resolve(report);
    },
    reach: () => reach,
  };
  const watch = new PathWatch(source, timers, () => now);
  const changes: PeerPath[] = [];
  watch.on('change', (_id, path) => changes.push(path));
  return {
    watch,
    timers,
    changes,
    reach,
    setState: (s: LinkState) => (state = s),
    setReport: (r: Map<string, Record<string, unknown>>) => (report = r),
    advance: (ms: number) => (now += ms),
    statsCalls: () => statsCalls,
  };
}

describe('PathWatch', () => {
  it('tells the path of a connected peer as soon as it watches it', async () => {
    const s = stage('connected');

    s.watch.watch('bob');
    await flush();

    expect(s.changes).toHaveLength(1);
    expect(s.changes[0]!.reading).toMatchObject({ route: 'direct', localType: 'host', remoteType: 'host' });
    expect(s.changes[0]!.rate).toBeNull();
  });

  it('polls every interval and tells the rate from two readings', async () => {
    const s = stage('connected');
    s.watch.watch('bob');
    await flush();

    s.setReport(later(fixture('chromium-direct'), 4_000_000, PATH_POLL_MS));
    s.timers.fire();
    await flush();

    expect(s.changes.at(-1)!.rate).toBe(2_000_000);
  });

  it('tells nothing when nothing changed', async () => {
    const s = stage('connected');
    s.watch.watch('bob');
    await flush();

    s.timers.fire();
    await flush();
    s.timers.fire();
    await flush();

    expect(s.statsCalls()).toBe(3);
    expect(s.changes).toHaveLength(1);
  });

  it('reads no stats of a link that is not connected, and tells the reason once the deadline passed', async () => {
    const s = stage('connecting');
    s.watch.watch('bob');
    await flush();
    expect(s.changes).toHaveLength(0);

    s.advance(CONNECT_DEADLINE_MS);
    s.timers.fire();
    await flush();

    expect(s.statsCalls()).toBe(0);
    expect(s.changes).toEqual([{ reading: null, rate: null, problem: 'no direct path, and this hub has no relay configured' }]);
  });

  it('clears the reason when the link connects after all', async () => {
    const s = stage('connecting');
    s.watch.watch('bob');
    s.advance(CONNECT_DEADLINE_MS);
    s.watch.nudge('bob');
    await flush();

    s.setState('connected');
    s.reach.state('connected', CONNECT_DEADLINE_MS);
    s.watch.nudge('bob');
    await flush();

    expect(s.changes.at(-1)).toMatchObject({ problem: null, reading: { route: 'direct' } });
  });

  it('stops its timer when the last peer is forgotten', async () => {
    const s = stage('connected');
    s.watch.watch('bob');
    await flush();
    expect(s.timers.pending.size).toBe(1);

    s.watch.forget('bob');

    expect(s.timers.pending.size).toBe(0);
    expect(s.watch.path('bob')).toBeUndefined();
  });

  it('drops a reading that arrives after the peer was forgotten', async () => {
    const s = stage('connected');
    s.watch.watch('bob');
    s.watch.forget('bob');
    await flush();

    expect(s.changes).toHaveLength(0);
  });
});
