import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlRouter, type ControlPeer } from '../control-router';
import { SharedFiles, queryText, type SearchView } from './shared-files';

const office: ControlPeer = { id: 'office', name: 'Office box' };
const laptop: ControlPeer = { id: 'laptop', name: 'Laptop' };

function stage() {
  const router = new ControlRouter();
  const sent: { to: string; message: Record<string, unknown> }[] = [];
  let next = 0;
  const shares = new SharedFiles(router, {
    send: (to, text) => {
      sent.push({ to, message: JSON.parse(text) as Record<string, unknown> });
      return true;
    },
    peerName: (id) => (id === office.id ? office.name : laptop.name),
    newId: () => `id${String(next++).padStart(20, '0')}`,
  });
  const views: SearchView[] = [];
  shares.on('search', (v) => views.push(v));
  const say = (from: ControlPeer, message: object) => router.receive(from, JSON.stringify(message));
  return { router, shares, sent, views, say };
}

const entry = (path: string[], size = 1) => ({ path, size, mtime: 0 });

describe('searching the room’s shared files', () => {
  beforeEach(() => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('asks only the peers that share, and lists their answers with who has each file', () => {
    const { shares, sent, say } = stage();
    say(office, { type: 'share-status', files: 3, bytes: 30 });
    say(laptop, { type: 'share-status', files: 0, bytes: 0 });

    const view = shares.find('  setup  ');

    expect(sent).toEqual([{ to: 'office', message: { type: 'share-query', id: view.id, text: 'setup', from: 0 } }]);
    say(office, { type: 'share-results', id: view.id, from: 0, total: 1, files: [entry(['tools', 'setup.exe'], 10)] });
    expect(view.answered).toEqual(['office']);
    expect(view.hits).toEqual([{ peerId: 'office', peerName: 'Office box', entry: entry(['tools', 'setup.exe'], 10) }]);
    expect(view.more.size).toBe(0);
  });

  it('drops an answer nobody asked for, a stale one and a second one to the same page', () => {
    const { shares, say } = stage();
    say(office, { type: 'share-status', files: 3, bytes: 30 });
    const old = shares.find('a');
    const view = shares.find('b');

    say(laptop, { type: 'share-results', id: view.id, from: 0, total: 1, files: [entry(['x'])] });
    say(office, { type: 'share-results', id: old.id, from: 0, total: 1, files: [entry(['old'])] });
    say(office, { type: 'share-results', id: view.id, from: 0, total: 1, files: [entry(['b'])] });
    say(office, { type: 'share-results', id: view.id, from: 0, total: 1, files: [entry(['again'])] });

    expect(view.hits.map((h) => h.entry.path)).toEqual([['b']]);
    expect(view.answered).toEqual(['office']);
  });

  it('drops a crafted answer whose path climbs out, and keeps the rest of the page working', () => {
    const { shares, say } = stage();
    say(office, { type: 'share-status', files: 3, bytes: 30 });
    const view = shares.find('x');
    say(office, { type: 'share-results', id: view.id, from: 0, total: 1, files: [entry(['..', '..', 'x'])] });
    expect(view.hits).toEqual([]);
    say(office, { type: 'share-results', id: view.id, from: 0, total: 1, files: [entry(['x'])] });
    expect(view.hits).toHaveLength(1);
  });

  it('pages on while a peer has more, and stops at an empty page whatever the total claims', () => {
    const { shares, sent, say } = stage();
    say(office, { type: 'share-status', files: 100, bytes: 100 });
    const view = shares.find('', 'office');
    say(office, { type: 'share-results', id: view.id, from: 0, total: 100, files: [entry(['a']), entry(['b'])] });
    expect(view.more.get('office')).toBe(100);

    shares.more('office');
    expect(sent.at(-1)!.message).toEqual({ type: 'share-query', id: view.id, text: '', from: 2 });
    say(office, { type: 'share-results', id: view.id, from: 2, total: 100, files: [] });
    expect(view.more.has('office')).toBe(false);
    shares.more('office');
    expect(sent).toHaveLength(2);
  });

  it('cuts a query to 200 code points', () => {
    expect(Array.from(queryText('😀'.repeat(300)))).toHaveLength(200);
  });
});

describe('pulling files', () => {
  beforeEach(() => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('accepts at once only the offer of its own pull, from the peer asked, of the files asked for', () => {
    const { shares, sent } = stage();
    shares.pull('office', [['tools', 'a.exe'], ['b.txt']]);
    const id = sent[0]!.message.id as string;
    expect(sent[0]!.message).toEqual({ type: 'share-pull', id, files: [{ path: ['tools', 'a.exe'] }, { path: ['b.txt'] }] });

    const file = (path: string[]) => ({ path, size: 1, type: '' });
    expect(shares.isPulled(id, 'laptop', [file(['b.txt'])])).toBe(false);
    expect(shares.isPulled(id, 'office', [file(['b.txt']), file(['tools', 'a.exe'])])).toBe(true);
    expect(shares.isPulled(id, 'office', [file(['b.txt'])])).toBe(false); // once

    shares.pull('office', [['c.txt']]);
    const other = sent[1]!.message.id as string;
    expect(shares.isPulled(other, 'office', [file(['c.txt']), file(['evil.sh'])])).toBe(false);
  });

  it('splits a batch of more than 64 files into several pulls', () => {
    const { shares, sent } = stage();
    expect(shares.pull('office', Array.from({ length: 70 }, (_, i) => [`f${i}`]))).toBe(2);
    expect(sent.map((s) => (s.message.files as unknown[]).length)).toEqual([64, 6]);
  });

  it('says no to a pull of this page, which shares nothing, and tells of a sharer’s refusal', () => {
    const { shares, sent, say } = stage();
    const refusals: string[] = [];
    shares.on('refused', (name, reason) => refusals.push(`${name}: ${reason}`));
    say(laptop, { type: 'share-pull', id: 'tttttttttttttttttttttt', files: [{ path: ['x'] }] });
    expect(sent).toEqual([{ to: 'laptop', message: { type: 'share-refused', id: 'tttttttttttttttttttttt', reason: 'not-shared' } }]);

    shares.pull('office', [['gone.txt']]);
    say(office, { type: 'share-refused', id: sent[1]!.message.id, reason: 'busy' });
    say(office, { type: 'share-refused', id: 'uuuuuuuuuuuuuuuuuuuuuu', reason: 'busy' });
    expect(refusals).toEqual(['Office box: busy']);
  });
});
