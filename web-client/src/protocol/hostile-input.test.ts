/**
 * Property tests (fast-check) of every browser decoder that reads a peer's or the server's bytes,
 * over the shapes the Java fuzz tests use (protocol/src/test/java/io/peerhub/protocol/fuzz):
 * the shared vectors' inputs mutated, random JSON, hostile numbers, deep nesting, raw bytes.
 * Each decoder gives a value or its documented refusal, never throws, and returns in bounded time;
 * what it accepts keeps the protocol's invariants. A case fast-check finds becomes a vector.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { Reassembler } from '../docs/framing';
import { OfferAssembler } from '../transfer/manifest';
import { decodeFrame } from '../transfer/frame';
import { loadVectors } from '../vectors/load';
import {
  CHUNK_HEADER_BYTES,
  ERROR_CODES,
  MAX_FILES,
  neutraliseComponent,
  numbered,
  parseChannelMessage,
  parseClientMessage,
  parseCursorMessage,
  parseFileChannelFrame,
  parseServerMessage,
  parseSignalData,
  type TransferOfferMessage,
} from '.';

/** Runs per property: enough to meet every mutation kind many times, a few seconds in all. */
const RUNS = Number(process.env.PEERHUB_FUZZ_RUNS ?? 1_000);
/** A property runs for seconds on a shared machine: past vitest's 5 s default is not a hang. */
const TIMEOUT = 120_000;
/** One input at most 64 KiB or so: a decoder that needs this long is super-linear (see Decoder.java). */
const MAX_MILLIS = 1_000;

const vectors = loadVectors();
const framesOf = (kind: string): string[] =>
  vectors
    .filter((v) => v.kind === kind && ('frame' in v.body || 'json' in v.body))
    .map((v) => ('frame' in v.body ? (v.body.frame as string) : JSON.stringify(v.body.json)))
    .filter((f) => f.length <= 20_000);
const unhex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((b) => parseInt(b, 16)));

/** Numbers that once cost a parser the most, or that no double holds. */
const hostileNumber = fc.constantFrom(
  '1E+2147483648', '0.1E-2147483647', '1e999999999', '-0', '1e400', '9007199254740993', '1' + '0'.repeat(400), '1.5', '-1',
);
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '../..', '__proto__', 'constructor', 'x'.repeat(70_000)),
);
/** Any JSON value, with hostile numbers and strings among the leaves. */
const jsonText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  hostileNumber,
  hostileString.map((s) => JSON.stringify(s)),
  fc.nat(20_000).map((n) => '['.repeat(n) + ']'.repeat(n)),
);

/** An object of a known type whose fields are random: the shape that reaches each reader. */
function typedObject(types: readonly string[]): fc.Arbitrary<string> {
  const field = fc.oneof(
    fc.constantFrom('v', 'room', 'name', 'kind', 'proof', 'resume', 'to', 'from', 'data', 'id', 'peer', 'peers', 'code',
      'message', 'ref', 'files', 'fileCount', 'totalBytes', 'part', 'parts', 'have', 'file', 'bytes', 'sha256', 'reason',
      'text', 'ts', 'key', 'sig', 'device', 'doc', 'anchor', 'head', 'servers', 'iceServers', 'iceTtlMs', 'path', 'size'),
    fc.string({ maxLength: 8 }),
  );
  return fc
    .tuple(fc.constantFrom(...types), fc.array(fc.tuple(field, jsonText), { maxLength: 8 }))
    .map(([type, fields]) => `{"type":${JSON.stringify(type)}${fields.map(([k, v]) => `,${JSON.stringify(k)}:${v}`).join('')}}`);
}

/** A seed text changed in a few places: bytes replaced, inserted, deleted, or a slice repeated. */
function mutated(seeds: string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'delete', 'repeat'), fc.string({ unit: 'binary', maxLength: 4 }));
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 6 })).map(([seed, edits]) => {
    let s = seed;
    for (const [at, kind, text] of edits) {
      const i = s.length === 0 ? 0 : at % s.length;
      if (kind === 'replace') s = s.slice(0, i) + text + s.slice(i + text.length);
      else if (kind === 'insert') s = s.slice(0, i) + text + s.slice(i);
      else if (kind === 'delete') s = s.slice(0, i) + s.slice(i + 1 + (at % 16));
      else s = s.slice(0, i) + s.slice(i, i + 8).repeat(1 + (at % 64)) + s.slice(i);
    }
    return s;
  });
}

/** Frames a decoder may be given: mutated vectors, typed objects with random fields, any JSON, any text. */
function frames(kind: string, types: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(mutated(framesOf(kind)), typedObject(types), jsonText, fc.string({ unit: 'binary', maxLength: 300 }));
}

/** `decode` never throws and answers within {@link MAX_MILLIS}; `check` holds for what it returns. */
function holds<T, R>(input: fc.Arbitrary<T>, decode: (input: T) => R, check: (result: R, input: T) => void = () => {}, runs = RUNS) {
  fc.assert(
    fc.property(input, (value) => {
      const started = performance.now();
      const result = decode(value);
      const millis = performance.now() - started;
      expect(millis, 'milliseconds for one input').toBeLessThan(MAX_MILLIS);
      check(result, value);
    }),
    { numRuns: runs },
  );
}

const okOrReason = (r: { ok: boolean; reason?: string }) => {
  expect(typeof r.ok).toBe('boolean');
  if (!r.ok) expect(typeof r.reason).toBe('string');
};

describe('hostile input to the browser decoders', { timeout: TIMEOUT }, () => {
  it('a client frame is read as the server reads it, or refused with a protocol code, never internal', () => {
    holds(frames('signaling-client', ['join', 'rename', 'signal', 'ping', 'pong', 'leave', 'ice-renew']), parseClientMessage, (r) => {
      if (!r.ok) {
        expect(ERROR_CODES).toContain(r.code);
        expect(r.code).not.toBe('internal');
      }
    });
  });

  it('a server frame is read or refused, never thrown on', () => {
    const types = ['welcome', 'peer-joined', 'peer-left', 'peer-updated', 'signal', 'ping', 'pong', 'error', 'ice-servers'];
    holds(frames('signaling-server', types), parseServerMessage, okOrReason);
  });

  it('the signal data a peer relays is read or refused', () => {
    holds(jsonText.map((t) => { try { return JSON.parse(t) as unknown; } catch { return t; } }), parseSignalData, okOrReason);
  });

  it('a control-channel message is read or dropped, whatever its type or bytes', () => {
    const types = ['hello', 'chat', 'transfer-offer', 'transfer-answer', 'transfer-resume', 'transfer-cancel'];
    holds(fc.oneof(frames('control', types), fc.uint8Array({ maxLength: 64 }).map((b) => b.buffer), fc.anything()), parseChannelMessage, okOrReason);
  });

  it('a transfer channel text frame is read or dropped', () => {
    holds(frames('transfer-channel', ['file-end', 'ack', 'file-result', 'transfer-done']), parseFileChannelFrame, okOrReason);
  });

  it('a cursor message is read or dropped', () => {
    holds(frames('cursor', ['cursor']), parseCursorMessage, okOrReason);
  });

  it('offer parts in any order and shape assemble into a manifest that keeps every rule, or are refused', () => {
    const offerSeeds = vectors
      .filter((v) => v.kind === 'manifest')
      .flatMap((v) => (v.body.parts as unknown[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))))
      .filter((p) => p.length <= 4_000);
    const part = fc.oneof(mutated(offerSeeds), typedObject(['transfer-offer']));
    holds(fc.array(part, { maxLength: 6 }), (parts) => {
      const assembler = new OfferAssembler();
      const decided = [];
      for (const text of parts) {
        const m = parseChannelMessage(text);
        if (!m.ok || m.value.type !== 'transfer-offer') continue;
        const offer = m.value as TransferOfferMessage;
        const result = assembler.add(offer, 0);
        if (result !== null) decided.push({ offer, result });
      }
      return decided;
    }, (decided) => {
      for (const { offer, result } of decided) {
        if (!result.ok) continue;
        const files = result.value.files;
        expect(files.length).toBe(offer.fileCount);
        expect(files.length).toBeGreaterThan(0);
        expect(files.length).toBeLessThanOrEqual(MAX_FILES);
        expect(files.reduce((n, f) => n + f.size, 0)).toBe(offer.totalBytes);
        for (const f of files) expect(f.path.every((c) => c !== '' && c !== '.' && c !== '..')).toBe(true);
      }
    }, Math.ceil(RUNS / 4)); // several parts per run
  });

  it('a chunk frame header is read within range, or refused', () => {
    const seeds = vectors.filter((v) => v.kind === 'chunk').map((v) => unhex(v.body.hex as string));
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(...seeds).chain((s) =>
      fc.tuple(fc.nat(s.length), fc.integer({ min: 0, max: 255 })).map(([i, b]) => { const c = s.slice(); c[i % c.length] = b; return c; })));
    holds(bytes, (b) => decodeFrame(b.slice().buffer), (frame, b) => {
      if (frame === null) return;
      expect(frame.data.length).toBe(b.length - CHUNK_HEADER_BYTES);
      expect(Number.isSafeInteger(frame.offset) && frame.offset >= 0).toBe(true);
      expect(frame.file >= 0 && frame.file <= 0xffff_ffff).toBe(true);
    });
  });

  it('document sync frames in any order reassemble into messages within the limit, or are dropped', () => {
    const pushes = vectors.filter((v) => v.kind === 'doc-frames' && 'push' in v.body)
      .map((v) => (v.body.push as string[]).map(unhex));
    const frame = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom(...pushes.flat()).chain((s) =>
        fc.tuple(fc.nat(s.length), fc.integer({ min: 0, max: 255 })).map(([i, b]) => { const c = s.slice(); c[i % c.length] = b; return c; })),
    );
    const max = 4096;
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // "unfinished sync message abandoned", by the thousand
    holds(fc.oneof(fc.array(frame, { maxLength: 16 }), fc.constantFrom(...pushes)), (frames) => {
      const receiver = new Reassembler(max);
      return frames.map((f) => receiver.push(f));
    }, (results) => {
      for (const r of results) {
        if (r.kind === 'message') {
          expect(r.message.length).toBeGreaterThan(0);
          expect(r.message.length).toBeLessThanOrEqual(max);
        }
      }
    });
  });

  it('a file name from a manifest is saved as one plain, harmless name, and so are its alternatives', () => {
    const names = vectors.filter((v) => v.kind === 'names' && typeof v.body.component === 'string').map((v) => v.body.component as string);
    const name = fc.oneof(mutated(names), fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'binary-ascii', maxLength: 300 }),
      fc.tuple(fc.string({ maxLength: 260 }), fc.constantFrom('.', ' ', '. .', '..'), fc.string({ maxLength: 40 })).map((p) => p.join('')));
    const bytes = (s: string) => new TextEncoder().encode(s).length;
    const plain = (saved: string) => {
      expect(saved.length).toBeGreaterThan(0);
      expect(saved === '.' || saved === '..').toBe(false);
      expect(bytes(saved)).toBeLessThanOrEqual(255);
      expect(/[/\\:\u0000-\u001f\u007f-\u009f]/.test(saved)).toBe(false);
      expect(/^[. ]|[. ]$/.test(saved), `"${saved}" starts or ends with a dot or space`).toBe(false);
      expect(/[\uD800-\uDFFF]/u.test(saved), 'an unpaired surrogate').toBe(false);
    };
    holds(fc.tuple(name, fc.integer({ min: 1, max: 999 })), ([raw, n]) => {
      const saved = neutraliseComponent(raw);
      return { saved, alternative: numbered(saved, n) };
    }, ({ saved, alternative }) => {
      plain(saved);
      plain(alternative);
    });
  });
});
