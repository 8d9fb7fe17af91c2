import { afterEach, describe, expect, it } from 'vitest';
import vectors from '../../../protocol/vectors/file-types.json';
import { readPolicy, type FileEntry } from '../protocol';
import { ruleSentences } from '../ui/policy-panel';
import { PolicyGuard } from './guard';

/** Real heads from the shared vectors, by the name they are stored under. */
function head(file: string): Uint8Array {
  const c = vectors.cases.find((v) => v.file === file);
  if (!c) throw new Error(`no vector for ${file}`);
  return Uint8Array.from(c.hex.match(/../g)!.map((h) => parseInt(h, 16)));
}
/** A file of `size` bytes that starts with `start`. */
function picked(name: string, start: Uint8Array, size = 200_000) {
  const bytes = new Uint8Array(size);
  bytes.set(start.subarray(0, size));
  return { file: new Blob([bytes]), path: [name] };
}
const noVideo = readPolicy({ notice: 'Work files only.', blockCategories: ['video'] });
const guard = new PolicyGuard(() => noVideo);

describe('the sender screens what it offers', () => {
  afterEach(() => delete (globalThis as { peerhubSkipOwnPolicyCheck?: boolean }).peerhubSkipOwnPolicyCheck);

  it('holds back an mp4, and the same mp4 renamed notes.txt, and lets a PDF through', async () => {
    const mp4 = picked('holiday.mp4', head('holiday.mp4'));
    const renamed = picked('notes.txt', head('holiday.mp4'));
    const pdf = picked('report.pdf', head('manual.pdf'));
    const { allowed, refused } = await guard.screen([mp4, renamed, pdf]);
    expect(allowed).toEqual([pdf]);
    expect(refused).toEqual([
      'holiday.mp4: video files are not allowed on this hub (judged by its content)',
      'notes.txt: video files are not allowed on this hub (judged by its content)',
    ]);
    expect(guard.notice).toBe('Work files only.');
  });

  it('a batch over the limit is held back whole', async () => {
    const small = new PolicyGuard(() => readPolicy({ maxBatchBytes: 300_000 }));
    const a = picked('a.pdf', head('manual.pdf'));
    const b = picked('b.pdf', head('manual.pdf'));
    expect(await small.screen([a, b])).toEqual({ allowed: [], refused: ['the files together are more than this hub allows in one go'] });
    expect((await small.screen([a])).allowed).toEqual([a]);
  });

  it('without a policy, or with its own check skipped by a test, everything is offered', async () => {
    const mp4 = picked('holiday.mp4', head('holiday.mp4'));
    expect((await new PolicyGuard(() => null).screen([mp4])).allowed).toEqual([mp4]);
    (globalThis as { peerhubSkipOwnPolicyCheck?: boolean }).peerhubSkipOwnPolicyCheck = true;
    expect((await guard.screen([mp4])).allowed).toEqual([mp4]);
  });
});

describe('the receiver judges offers and heads', () => {
  const entry = (name: string, size = 200_000): FileEntry => ({ path: ['dir', name], size, type: 'text/plain' });

  it('refuses an offer by its names, whatever type the sender claims', () => {
    expect(guard.judgeOffer([entry('a.pdf'), entry('clip.mkv')], 400_000)).toBe('clip.mkv: video files are not allowed on this hub (judged by its name)');
    expect(guard.judgeOffer([entry('notes.txt')], 200_000)).toBeNull();
  });

  it('stops a renamed video by its first bytes', async () => {
    expect(await guard.judgeHead(entry('notes.txt'), head('holiday.mp4'))).toBe('notes.txt: video files are not allowed on this hub (judged by its content)');
    expect(await guard.judgeHead(entry('report.pdf'), head('manual.pdf'))).toBeNull();
  });
});

describe('the Hub policy view says the rules in words', () => {
  it('lists every rule in force, and says so when there is none', () => {
    const p = readPolicy({
      maxFileBytes: 1_073_741_824, blockExtensions: ['iso'], blockCategories: ['audio', 'video'],
      allowCategories: ['document', 'image', 'other'], chat: false, sharedFolders: false,
    });
    expect(ruleSentences(p)).toEqual([
      'Largest file: 1.1 GB.',
      'Not allowed: .iso files.',
      'Not allowed: audio files and video files, judged by name and by content.',
      'Only document files, image files and files of unknown type may be sent, judged by name and by content.',
      'Chat is off.',
      'Shared folders are off.',
    ]);
    expect(ruleSentences(readPolicy({}))).toEqual(['No limits on what may be sent.']);
  });
});
