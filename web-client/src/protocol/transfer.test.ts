import { describe, expect, it } from 'vitest';
import {
  MAX_FILES_PER_OFFER,
  checkManifest,
  parseChannelMessage,
  parseFileChannelFrame,
  type TransferControlMessage,
} from './index';

const ID = 'tttttttttttttttttttttt';
const SHA = 'a'.repeat(64);
const file = (path: unknown, size: unknown = 1, extra: object = {}) => ({ path, size, type: '', ...extra });
const control = (m: object) => parseChannelMessage(JSON.stringify(m));
const ok = (m: object): TransferControlMessage => {
  const r = control(m);
  if (!r.ok) throw new Error(r.reason);
  return r.value as TransferControlMessage;
};
const manifest = (files: unknown[], total = files.reduce((n: number, f) => n + ((f as { size: number }).size ?? 0), 0)) =>
  checkManifest(files, files.length, total as number);

describe('transfer control messages', () => {
  it('an offer part is read with its envelope; its entries wait for the whole manifest', () => {
    const offer = ok({ type: 'transfer-offer', id: ID, files: [file(['a'])], fileCount: 1, totalBytes: 1, part: 0, parts: 1 });
    expect(offer).toMatchObject({ type: 'transfer-offer', id: ID, fileCount: 1, part: 0, parts: 1 });
  });

  it('an offer part may be larger than 16 KiB (a manifest), other messages may not', () => {
    const files = Array.from({ length: 400 }, (_, i) => file([`file-${i}-${'x'.repeat(40)}`]));
    expect(control({ type: 'transfer-offer', id: ID, files, fileCount: 400, totalBytes: 400, part: 0, parts: 1 }).ok).toBe(true);
    expect(control({ type: 'transfer-resume', id: ID, have: [], pad: 'x'.repeat(17_000) }).ok).toBe(false);
    expect(control({ type: 'transfer-offer', id: ID, files: [], fileCount: 1, totalBytes: 0, part: 0, parts: 1, pad: 'x'.repeat(262_144) }).ok).toBe(false);
  });

  it('offer envelopes with bad ids, parts or counts are refused', () => {
    const base = { type: 'transfer-offer', id: ID, files: [], fileCount: 1, totalBytes: 0, part: 0, parts: 1 };
    for (const bad of [
      { id: 'short' }, { parts: 0 }, { parts: 65 }, { part: 1 }, { part: -1 }, { fileCount: 0 },
      { fileCount: MAX_FILES_PER_OFFER + 1 }, { totalBytes: -1 }, { totalBytes: 1.5 }, { files: {} },
    ]) {
      expect(control({ ...base, ...bad }).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('answers carry a known reason or count as a plain "declined"', () => {
    expect(ok({ type: 'transfer-answer', id: ID, accept: false, reason: 'no-space' })).toMatchObject({ reason: 'no-space' });
    expect(ok({ type: 'transfer-answer', id: ID, accept: false, reason: 'new-reason' })).toMatchObject({ reason: 'declined' });
    expect(ok({ type: 'transfer-answer', id: ID, accept: true, have: [{ file: 0, bytes: 5 }] })).toMatchObject({ have: [{ file: 0, bytes: 5 }] });
    expect(control({ type: 'transfer-answer', id: ID, accept: true, have: [{ file: -1, bytes: 5 }] }).ok).toBe(false);
    expect(control({ type: 'transfer-answer', id: ID, accept: 'yes' }).ok).toBe(false);
  });

  it('resume and cancel are validated', () => {
    expect(ok({ type: 'transfer-resume', id: ID, have: [{ file: 2, bytes: 1024 }] })).toMatchObject({ have: [{ file: 2, bytes: 1024 }] });
    expect(control({ type: 'transfer-resume', id: ID, have: [{ file: 0, bytes: 2 ** 53 }] }).ok).toBe(false);
    expect(ok({ type: 'transfer-cancel', id: ID, reason: 'timeout' })).toMatchObject({ reason: 'timeout' });
  });
});

describe('transfer channel text frames', () => {
  it('file-end, ack, file-result and transfer-done are read', () => {
    expect(parseFileChannelFrame(JSON.stringify({ type: 'file-end', file: 0, sha256: SHA })).ok).toBe(true);
    expect(parseFileChannelFrame(JSON.stringify({ type: 'ack', file: 3, bytes: 1 })).ok).toBe(true);
    expect(parseFileChannelFrame(JSON.stringify({ type: 'file-result', file: 0, ok: false, sha256: SHA })).ok).toBe(true);
    expect(parseFileChannelFrame(JSON.stringify({ type: 'transfer-done' })).ok).toBe(true);
  });

  it('a hash that is not 64 lowercase hex digits is refused', () => {
    expect(parseFileChannelFrame(JSON.stringify({ type: 'file-end', file: 0, sha256: SHA.toUpperCase() })).ok).toBe(false);
    expect(parseFileChannelFrame(JSON.stringify({ type: 'file-end', file: 0, sha256: 'abc' })).ok).toBe(false);
  });
});

describe('manifest validation (hostile manifests)', () => {
  it('a normal manifest with folders passes', () => {
    const r = manifest([file(['album', 'one.jpg'], 10), file(['album', 'nested', 'two.jpg'], 0, { sha256: SHA })]);
    expect(r.ok).toBe(true);
  });

  it('negative, fractional, huge or non-number sizes are refused', () => {
    for (const size of [-1, 1.5, 2 ** 53, Number.MAX_VALUE, '10', null]) {
      expect(checkManifest([file(['a'], size)], 1, 0).ok, String(size)).toBe(false);
    }
  });

  it('sizes that do not add up to totalBytes are refused, and so is overflow past 2^53', () => {
    expect(checkManifest([file(['a'], 1), file(['b'], 2)], 2, 4).ok).toBe(false);
    const big = Number.MAX_SAFE_INTEGER;
    expect(checkManifest([file(['a'], big), file(['b'], big)], 2, big).ok).toBe(false);
  });

  it('a file count that does not match the files is refused', () => {
    expect(checkManifest([file(['a'])], 2, 1).ok).toBe(false);
  });

  it('".", ".." and empty components are refused (parts of a path, never a name)', () => {
    for (const path of [['..', 'x'], ['a', '.'], ['a', ''], [''], [], 'a/b', [1]]) {
      expect(manifest([file(path)]).ok, JSON.stringify(path)).toBe(false);
    }
  });

  it('names that are hostile only when saved pass the wire check (they are neutralised later)', () => {
    for (const name of ['../../x', '/etc/passwd', 'C:\\x', 'CON', 'a\u0000b', 'x. ', '<img src=x onerror=alert(1)>.txt']) {
      expect(manifest([file([name])]).ok, name).toBe(true);
    }
  });

  it('an absolute path cannot be expressed: the first component is just a name', () => {
    expect(manifest([file(['/', 'etc'])]).ok).toBe(true);
  });

  it('too many components, too long components or paths are refused', () => {
    expect(manifest([file(Array.from({ length: 65 }, () => 'a'))]).ok).toBe(false);
    expect(manifest([file(['a'.repeat(1025)])]).ok).toBe(false);
    expect(manifest([file(Array.from({ length: 9 }, () => 'a'.repeat(1000)))]).ok).toBe(false);
  });

  it('duplicate paths are refused, also when they differ only in Unicode normalisation', () => {
    expect(manifest([file(['a', 'b']), file(['a', 'b'])]).ok).toBe(false);
    expect(manifest([file(['caf\u00e9']), file(['cafe\u0301'])]).ok).toBe(false);
    expect(manifest([file(['a', 'b']), file(['a/b'])]).ok).toBe(true);
  });

  it('more than 10,000 files are refused', () => {
    const files = Array.from({ length: MAX_FILES_PER_OFFER + 1 }, (_, i) => file([`f${i}`], 0));
    expect(checkManifest(files, files.length, 0).ok).toBe(false);
  });

  it('a media type over 255 characters or a malformed offered hash is refused', () => {
    expect(manifest([file(['a'], 1, { type: 'x'.repeat(256) })]).ok).toBe(false);
    expect(manifest([file(['a'], 1, { sha256: 'nothex' })]).ok).toBe(false);
  });
});
