import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalShare, listable } from './local-share';
import type { PickedFile } from '../transfer/manifest';

const pick = (path: string, text = 'x', lastModified = 1_700_000_000_000): PickedFile => ({
  file: new File([text], path.split('/').at(-1)!, { lastModified }),
  path: path.split('/'),
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function stage(
  picked: PickedFile[],
  mayUse: (peerId: string) => boolean = () => true,
  reopen?: (path: string[]) => Promise<File | null>,
) {
  const sent: { to: string; message: Record<string, unknown> }[] = [];
  const offered: { to: string; id: string; paths: string[] }[] = [];
  let now = 0;
  const share = new LocalShare('Photos', picked, {
    send: (to, text) => {
      sent.push({ to, message: JSON.parse(text) as Record<string, unknown> });
      return true;
    },
    offer: (to, id, files) => {
      offered.push({ to, id, paths: files.map((f) => f.path.join('/')) });
      return true;
    },
    mayUse,
    now: () => now,
    reopen,
  });
  return { share, sent, offered, tick: (ms: number) => (now += ms) };
}

const ID = 'tttttttttttttttttttttt';

describe('a folder this page shares', () => {
  beforeEach(() => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('lists the files under the picked folder, without dotfiles or dot-folders, in path order', () => {
    const listed = listable([pick('Photos/b.jpg'), pick('Photos/.secret'), pick('Photos/.git/config'), pick('Photos/2026/a.jpg')]);
    expect(listed.map((p) => p.path.join('/'))).toEqual(['2026/a.jpg', 'b.jpg']);
  });

  it('answers a query with the files whose path holds every word, case and width folded', () => {
    const { share, sent } = stage([pick('Photos/Trip/Beach.JPG', 'abc'), pick('Photos/Trip/notes.txt'), pick('Photos/beach.txt')]);
    share.query('bob', { type: 'share-query', id: 'q', text: 'ＴＲＩＰ beach', from: 0 });
    expect(sent[0]!.message).toEqual({
      type: 'share-results', id: 'q', from: 0, total: 1,
      files: [{ path: ['Trip', 'Beach.JPG'], size: 3, mtime: 1_700_000_000_000 }],
    });
    expect(share.status('bob')).toEqual({ type: 'share-status', files: 3, bytes: 5 });
  });

  it('serves a pull only from its list, each path once, and refuses the rest', async () => {
    const { share, sent, offered } = stage([pick('Photos/a.jpg'), pick('Photos/b.jpg')]);
    share.pull('bob', { type: 'share-pull', id: ID, files: [{ path: ['a.jpg'] }, { path: ['a.jpg'] }, { path: ['nope'] }] });
    await settle();
    expect(offered).toEqual([{ to: 'bob', id: ID, paths: ['a.jpg'] }]);
    share.pull('bob', { type: 'share-pull', id: ID, files: [{ path: ['Photos', 'a.jpg'] }] });
    await settle();
    expect(sent.at(-1)!.message).toEqual({ type: 'share-refused', id: ID, reason: 'not-shared' });
  });

  it('sends a live folder’s file as it is now, and refuses one that is gone', async () => {
    const now = new File(['the new text'], 'a.txt');
    const { share, sent, offered } = stage([pick('Photos/a.txt', 'old'), pick('Photos/gone.txt')], () => true, (path) =>
      Promise.resolve(path.join('/') === 'a.txt' ? now : null),
    );
    share.pull('bob', { type: 'share-pull', id: ID, files: [{ path: ['a.txt'] }] });
    share.pull('bob', { type: 'share-pull', id: 'uuuuuuuuuuuuuuuuuuuuuu', files: [{ path: ['gone.txt'] }] });
    await settle();
    expect(offered).toEqual([{ to: 'bob', id: ID, paths: ['a.txt'] }]);
    expect(sent).toEqual([{ to: 'bob', message: { type: 'share-refused', id: 'uuuuuuuuuuuuuuuuuuuuuu', reason: 'not-shared' } }]);
  });

  it('shows a device it is not for nothing, and refuses its pulls', async () => {
    const { share, sent, offered } = stage([pick('Photos/a.jpg')], (peer) => peer === 'friend');
    expect(share.status('stranger')).toEqual({ type: 'share-status', files: 0, bytes: 0 });
    share.query('stranger', { type: 'share-query', id: 'q', text: '', from: 0 });
    expect(sent[0]!.message).toMatchObject({ total: 0, files: [] });
    share.pull('stranger', { type: 'share-pull', id: ID, files: [{ path: ['a.jpg'] }] });
    await settle();
    expect(sent[1]!.message).toEqual({ type: 'share-refused', id: ID, reason: 'not-allowed' });
    expect(offered).toEqual([]);
  });

  it('answers 10 queries at once from a peer, then 5 a second, and others all the while', () => {
    const { share, sent, tick } = stage([pick('Photos/a.jpg')]);
    for (let i = 0; i < 50; i++) share.query('flooder', { type: 'share-query', id: `f${i}`, text: '', from: 0 });
    expect(sent).toHaveLength(10);
    share.query('other', { type: 'share-query', id: 'o', text: '', from: 0 });
    expect(sent).toHaveLength(11);
    tick(1000);
    for (let i = 0; i < 50; i++) share.query('flooder', { type: 'share-query', id: `g${i}`, text: '', from: 0 });
    expect(sent).toHaveLength(16);
  });

  it('sends fewer files when their paths are long, so the answer fits 16 KiB', () => {
    const long = 'y'.repeat(900);
    const { share, sent } = stage(Array.from({ length: 50 }, (_, i) => pick(`Photos/${long}/${i}.bin`)));
    share.query('bob', { type: 'share-query', id: 'q', text: '', from: 0 });
    const answer = sent[0]!.message as { total: number; files: unknown[] };
    expect(answer.total).toBe(50);
    expect(answer.files.length).toBeGreaterThan(0);
    expect(answer.files.length).toBeLessThan(50);
    expect(new TextEncoder().encode(JSON.stringify(answer)).length).toBeLessThanOrEqual(16_384);
  });
});
