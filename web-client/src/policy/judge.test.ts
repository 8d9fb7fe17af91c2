import { describe, expect, it } from 'vitest';
import { InvalidPolicyError, readPolicy, writePolicy } from '../protocol';
import { categoryByContent, categoryByName, extensionOf } from './file-kind';
import { judgeBatch, judgeFile, verdictWords } from './judge';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

describe('file kind', () => {
  it('takes the extension of the last component only, when there is a name before the dot', () => {
    expect(extensionOf(['trip.d', 'Holiday.MP4'])).toBe('mp4');
    expect(extensionOf('a/b/.bashrc')).toBeNull();
    expect(extensionOf('notes')).toBeNull();
    expect(extensionOf('x.tar-gz')).toBeNull();
    expect(extensionOf('x.abcdefghijklmnopq')).toBeNull(); // 17 characters
    expect(extensionOf('x.')).toBeNull();
  });

  it('maps names and content through the shared table', async () => {
    expect(categoryByName('song.mp3')).toBe('audio');
    expect(categoryByName('thing.unknownext')).toBeNull();
    expect(await categoryByContent(PNG)).toBe('image');
    expect(await categoryByContent(new Uint8Array())).toBeNull();
    expect(await categoryByContent(new TextEncoder().encode('just some text'))).toBeNull();
  });
});

describe('judge', () => {
  it('follows the spec order: size, extensions, then categories by content, name, none', async () => {
    const p = readPolicy({ maxFileBytes: 10, blockExtensions: ['exe'], blockCategories: ['image'] });
    expect(await judgeFile(p, { path: ['big.exe'], size: 11 })).toEqual({ rule: 'file-too-large' });
    expect(await judgeFile(p, { path: ['a.exe'], size: 1, head: PNG })).toEqual({ rule: 'extension-blocked', extension: 'exe' });
    expect(await judgeFile(p, { path: ['a.mp3'], size: 1, head: PNG })).toEqual({ rule: 'category-blocked', category: 'image', by: 'content' });
    expect(await judgeFile(p, { path: ['a.png'], size: 1 })).toEqual({ rule: 'category-blocked', category: 'image', by: 'name' });
    expect(await judgeFile(p, { path: ['a.mp3'], size: 1 })).toBeNull();
  });

  it('allow-lists: no extension, and other for a file of no category', async () => {
    const ext = readPolicy({ allowExtensions: ['txt'] });
    expect(await judgeFile(ext, { path: ['README'], size: 1 })).toEqual({ rule: 'extension-not-allowed', extension: null });
    const cat = readPolicy({ allowCategories: ['document'] });
    expect(await judgeFile(cat, { path: ['README'], size: 1 })).toEqual({ rule: 'category-not-allowed', category: 'other', by: 'none' });
    expect(await judgeFile(cat, { path: ['a.pdf'], size: 1, head: PNG })).toEqual({ rule: 'category-not-allowed', category: 'image', by: 'content' });
    expect(await judgeFile(readPolicy({ allowCategories: ['other'] }), { path: ['README'], size: 1 })).toBeNull();
  });

  it('judges a batch by its total', () => {
    const p = readPolicy({ maxBatchBytes: 100 });
    expect(judgeBatch(p, 100)).toBeNull();
    expect(judgeBatch(p, 101)).toBe('batch-too-large');
    expect(judgeBatch(readPolicy({}), Number.MAX_SAFE_INTEGER)).toBeNull();
  });

  it('says the verdict in words', () => {
    expect(verdictWords('holiday.mp4', { rule: 'category-blocked', category: 'video', by: 'content' }))
      .toBe('holiday.mp4: video files are not allowed on this hub (judged by its content)');
    expect(verdictWords('README', { rule: 'extension-not-allowed', extension: null }))
      .toBe('README: files without an extension are not among those this hub allows');
  });
});

describe('policy', () => {
  it('writes the canonical form', () => {
    expect(writePolicy(readPolicy({}))).toEqual({
      notice: '', blockCategories: [], blockExtensions: [], chat: true, documents: true, sharedFolders: true,
    });
  });

  it.each([
    ['not an object', []],
    ['unknown field', { colour: 'red' }],
    ['unknown category', { blockCategories: ['videos'] }],
    ['bad extension', { blockExtensions: ['.exe'] }],
    ['upper-case extension', { allowExtensions: ['EXE'] }],
    ['too many entries', { blockExtensions: Array.from({ length: 65 }, (_, i) => `e${i}`) }],
    ['long notice', { notice: '😀'.repeat(501) }],
    ['fractional size', { maxFileBytes: 1.5 }],
    ['negative size', { maxBatchBytes: -1 }],
    ['unsafe size', { maxFileBytes: 2 ** 53 }],
    ['string toggle', { chat: 'yes' }],
  ])('refuses %s', (_what, value) => {
    expect(() => readPolicy(value)).toThrow(InvalidPolicyError);
  });

  it('takes a notice of exactly 500 code points', () => {
    expect(readPolicy({ notice: '😀'.repeat(500) }).notice).toHaveLength(1000);
  });
});
