/**
 * How the browser side runs each kind of vector: through the same functions the page uses. A
 * check returns why the case failed, or null when the code did exactly what the case says. The
 * Java twin is protocol/src/test/java/io/peerhub/protocol/vectors/*Checks.java.
 */
import * as protocol from '../protocol';
import {
  checkTitle,
  neutraliseComponent,
  numbered,
  parseChannelMessage,
  parseClientMessage,
  parseCursorMessage,
  parseFileChannelFrame,
  parseServerMessage,
  parseSignalData,
  utf8Length,
  type TransferOfferMessage,
} from '../protocol';
import { Reassembler, frameSyncMessage } from '../docs/framing';
import { decodeFrame, encodeFrame } from '../transfer/frame';
import { OfferAssembler } from '../transfer/manifest';
import type { Case, Vector } from './load';
import { fileTypeCheck, policyCheck } from './policy-check';
import { trust } from './trust-check';

type Check = (c: Case) => string | null | Promise<string | null>;

/** The text of a frame: `frame` as written, or `json` serialised; `bytes`, when given, pins its UTF-8 size. */
function frame(c: Case): string {
  const text = typeof c.frame === 'string' ? c.frame : JSON.stringify(c.json);
  if (typeof c.bytes === 'number' && utf8Length(text) !== c.bytes) {
    throw new Error(`the frame is ${utf8Length(text)} bytes, not the ${c.bytes} the case says`);
  }
  return text;
}

/** JSON text with keys sorted, so that two values compare whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function shorten(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s;
}

function same(expected: unknown, actual: unknown): string | null {
  const a = canonical(actual);
  const e = canonical(expected);
  return a === e ? null : `decoded to ${shorten(a)}, not ${shorten(e)}`;
}

type Result = { ok: true; value: unknown } | { ok: false; reason: string };

/** `value`: what the message reads as; `dropped` / `refused`: the reader drops it. */
function decoded(c: Case, result: Result, refusedKey: 'dropped' | 'refused'): string | null {
  const refused = c[refusedKey] === true;
  if (!result.ok) return refused ? null : `${refusedKey} (${result.reason})`;
  return refused ? `read as ${shorten(canonical(result.value))}, not ${refusedKey}` : same(c.value, result.value);
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((b) => parseInt(b, 16)));

const checks: Record<string, Check> = {
  'signaling-client'(c) {
    const r = parseClientMessage(frame(c));
    if (typeof c.error === 'string') {
      if (r.ok) return `accepted as ${shorten(canonical(r.value))}, not refused with ${c.error}`;
      return r.code === c.error ? null : `refused with ${r.code}, not ${c.error} (${r.reason})`;
    }
    return r.ok ? same(c.value, r.value) : `refused with ${r.code} (${r.reason})`;
  },
  'signaling-server': (c) => decoded(c, parseServerMessage(frame(c)), 'refused'),
  control: (c) => decoded(c, parseChannelMessage(frame(c)), 'dropped'),
  'transfer-channel': (c) => decoded(c, parseFileChannelFrame(frame(c)), 'dropped'),
  cursor: (c) => decoded(c, parseCursorMessage(frame(c)), 'dropped'),
  // Signal data arrives inside a signaling message the client has parsed already: here, its object.
  'signal-data': (c) => decoded(c, parseSignalData(JSON.parse(frame(c))), 'dropped'),

  manifest(c) {
    const parts = c.parts as unknown[];
    const assembler = new OfferAssembler();
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const parsed = parseChannelMessage(typeof part === 'string' ? part : JSON.stringify(part));
      if (!parsed.ok) continue; // dropped like any bad message: the offer waits for a good part
      if (parsed.value.type !== 'transfer-offer') return `part ${i} is a ${parsed.value.type}, not an offer part`;
      const result = assembler.add(parsed.value as TransferOfferMessage, 0);
      if (result === null) continue;
      if (!result.ok) {
        if (c.answer !== 'bad-manifest') return `answered bad-manifest (${result.reason})`;
      } else {
        if (!('manifest' in c)) return `accepted as ${shorten(canonical(result.value))}`;
        const wrong = same(c.manifest, result.value);
        if (wrong) return wrong;
      }
      return i === parts.length - 1 ? null : `decided at part ${i}, before the last part`;
    }
    return c.pending === true ? null : 'still waiting for parts after the last one';
  },

  chunk(c) {
    const bytes = unhex(c.hex as string);
    const read = decodeFrame(bytes.slice().buffer);
    if (read === null) return c.refused === true ? null : 'refused';
    const got = { file: read.file, offset: read.offset, length: read.data.length };
    if (c.refused === true) return `read as ${canonical(got)}, not refused`;
    const wrong = same({ file: c.file, offset: c.offset, length: c.length }, got);
    if (wrong) return wrong;
    const written = hex(new Uint8Array(encodeFrame(read.file, read.offset, read.data)));
    return written === c.hex ? null : `written as ${written}`;
  },

  'doc-frames'(c) {
    if (!('push' in c)) {
      let frames: string[];
      try {
        frames = frameSyncMessage(c.doc as string, unhex(c.message as string), c.frameBytes as number).map(hex);
      } catch (e) {
        return c.refused === true ? null : `refused (${String(e)})`;
      }
      if (c.refused === true) return `framed as ${frames.join(',')}, not refused`;
      return canonical(frames) === canonical(c.frames) ? null : `framed as ${shorten(frames.join(','))}`;
    }
    const r = typeof c.maxMessageBytes === 'number' ? new Reassembler(c.maxMessageBytes) : new Reassembler();
    const push = c.push as string[];
    const results = c.results as (string | { doc: string; message: string })[];
    if (push.length !== results.length) return 'the case needs one result per frame';
    for (let i = 0; i < push.length; i++) {
      const out = r.push(unhex(push[i]!));
      const got = out.kind === 'message' ? `${out.docId}:${hex(out.message)}` : out.kind;
      const w = results[i]!;
      const want = typeof w === 'string' ? w : `${w.doc}:${w.message}`;
      if (got !== want) return `frame ${i} gave ${shorten(got)}, not ${shorten(want)}`;
    }
    return null;
  },

  names(c) {
    const n = c.numbered as [string, number] | undefined;
    const saved = n ? numbered(n[0], n[1]) : neutraliseComponent(c.component as string);
    return saved === c.saved ? null : `saved as ${shorten(saved)}, not ${shorten(c.saved as string)}`;
  },
  titles(c) {
    const shown = checkTitle(c.title);
    return shown === c.shown ? null : `shown as ${String(shown)}, not ${String(c.shown)}`;
  },
  trust,
  'file-type': fileTypeCheck,
  policy: policyCheck,
  limits(c) {
    const constant = (protocol as Record<string, unknown>)[c.name];
    if (constant === undefined) return `no TypeScript constant ${c.name} in src/protocol`;
    return constant === c.value ? null : `${c.name} is ${String(constant)}, not ${String(c.value)}`;
  },
};

export const KINDS = Object.keys(checks);

/** Runs one case; why it failed, or null. */
export async function runVector(v: Vector): Promise<string | null> {
  const check = checks[v.kind];
  if (!check) return `no TypeScript check for vectors of kind ${v.kind}`;
  try {
    return await check(v.body);
  } catch (e) {
    return `threw ${String(e)}`;
  }
}
