import { describe, expect, it } from 'vitest';
import { ChatLog, type KeptEntry } from './chat-log';
import { DAY_MILLIS, historyDigest } from './protocol';
import { safeHref } from './ui/linkify';

const NOW = 1_700_000_000_000;

function entry(device: string, id: string, ts: number, text = 'hi'): KeptEntry {
  return { id, ts, name: 'N', text, key: 'k', sig: 's', device, bytes: 100 + text.length };
}

describe('the chat log', () => {
  it('keeps one order whatever order entries arrive in: time, then device, then id', () => {
    const a = new ChatLog();
    const b = new ChatLog();
    const list = [entry('d2', 'x', NOW), entry('d1', 'y', NOW), entry('d1', 'a', NOW), entry('d3', 'z', NOW - 5)];
    for (const e of list) a.add(e, NOW);
    for (const e of [...list].reverse()) b.add(e, NOW);
    const ids = (log: ChatLog) => log.all().map((e) => `${e.device}/${e.id}`);
    expect(ids(a)).toEqual(['d3/z', 'd1/a', 'd1/y', 'd2/x']);
    expect(ids(b)).toEqual(ids(a));
  });

  it('keeps an entry once, however often it comes', () => {
    const log = new ChatLog();
    expect(log.add(entry('d1', 'm', NOW), NOW)).toBe('added');
    expect(log.add(entry('d1', 'm', NOW), NOW)).toBe('duplicate');
    expect(log.add(entry('d2', 'm', NOW), NOW)).toBe('added');
    expect(log.size).toBe(2);
  });

  it('refuses entries older than 30 days or more than 10 minutes ahead', () => {
    const log = new ChatLog();
    expect(log.add(entry('d1', 'old', NOW - 31 * DAY_MILLIS), NOW)).toBe('too-old');
    expect(log.add(entry('d1', 'ahead', NOW + 11 * 60_000), NOW)).toBe('ahead');
    expect(log.add(entry('d1', 'near', NOW + 9 * 60_000), NOW)).toBe('added');
  });

  it('a flood pushes out the flooder’s own oldest entries, not the others’', () => {
    const log = new ChatLog({ maxEntries: 10, maxBytes: 1e9, maxAgeMillis: 30 * DAY_MILLIS });
    for (let i = 0; i < 3; i++) log.add(entry('honest', `h${i}`, NOW - 1000 + i), NOW);
    for (let i = 0; i < 50; i++) log.add(entry('flooder', `f${i}`, NOW - 2000 + i), NOW);
    expect(log.size).toBe(10);
    expect(log.all().filter((e) => e.device === 'honest')).toHaveLength(3);
  });

  it('the byte bound counts too', () => {
    const log = new ChatLog({ maxEntries: 100, maxBytes: 1000, maxAgeMillis: 30 * DAY_MILLIS });
    for (let i = 0; i < 20; i++) log.add(entry('d', `m${i}`, NOW + i), NOW);
    expect(log.size).toBe(9);
  });

  it('summarises by day and sends a peer only the days it lacks or holds otherwise', () => {
    const mine = new ChatLog();
    const theirs = new ChatLog();
    const yesterday = [entry('d1', 'a', NOW - DAY_MILLIS), entry('d1', 'b', NOW - DAY_MILLIS + 1)];
    const today = [entry('d1', 'c', NOW), entry('d2', 'd', NOW + 1)];
    for (const e of [...yesterday, ...today]) mine.add(e, NOW);
    for (const e of [...yesterday, today[0]!]) theirs.add(e, NOW);
    expect(mine.days()).toHaveLength(2);
    expect(mine.days()[0]!.digest).toBe(historyDigest(yesterday.map((e) => [e.device, e.id] as const)));
    expect(mine.missingFrom(theirs.days()).map((e) => e.id)).toEqual(['c', 'd']);
    expect(mine.missingFrom([]).map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(mine.missingFrom(mine.days())).toEqual([]);
  });
});

describe('links in chat text', () => {
  it.each([
    ['https://example.org/a?b=c', 'https://example.org/a?b=c'],
    ['http://10.0.0.1:8080/', 'http://10.0.0.1:8080/'],
    ['javascript:alert(1)', null],
    ['JavaScript:alert(1)', null],
    ['data:text/html,<b>x</b>', null],
    ['file:///etc/passwd', null],
    ['vbscript:msgbox', null],
    ['https//missing-colon', null],
  ])('%s is clickable as %s', (text, href) => {
    expect(safeHref(text)).toBe(href);
  });
});
