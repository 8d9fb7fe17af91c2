/**
 * Chat history on the control channel (docs/protocol.md "Chat history"): signed entries, the
 * `history-request` summary and `history` batches, the binding an entry's signature covers and
 * the day digest. Java: protocol/.../peer/ChatEntry, HistoryRequest, HistoryBatch, HistoryDigest,
 * ChatProtocol and trust/ChatBinding.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DEVICE_KEY_LENGTH, DEVICE_SIGNATURE_LENGTH, concat, deviceIdOf, fromBase64Url, toBase64Url } from './trust';
import { MAX_SAFE_INTEGER, fail, isInt, isObject, type Json, type Parsed } from './common';
import { checkDisplayName } from './signaling';

/** Entries kept per room, and the most one answer may carry: weeks of a busy room, a second to fetch. */
export const MAX_HISTORY_ENTRIES = 10_000;
/**
 * History kept per room, counted as the entries' JSON in UTF-8 (10,000 entries of 4,000 emoji
 * would be 160 MB); so a whole answer also fits under the 16 MiB a data channel may queue.
 */
export const MAX_HISTORY_BYTES = 8 * 1024 * 1024;
/** Entries older than 30 days are not kept, sent nor taken. */
export const MAX_HISTORY_AGE_MILLIS = 30 * 24 * 60 * 60 * 1000;
/** An entry stamped further ahead of the receiver's clock is not kept. */
export const MAX_CLOCK_SKEW_MILLIS = 10 * 60 * 1000;
/** A day of the summary: UTC days since the epoch. */
export const DAY_MILLIS = 24 * 60 * 60 * 1000;
/** 30 days of history touch at most 31 UTC days, plus one for clock skew. */
export const MAX_HISTORY_DAYS = 32;

const HISTORY_DIGEST_LENGTH = 22;
const CHAT_TAG = 'peerhub-chat-v1';
const utf8 = new TextEncoder();

/** One kept chat message, as its sender signed it. */
export interface ChatEntryWire {
  id: string;
  ts: number;
  name: string;
  text: string;
  /** The sender's device key, base64url (43 characters). */
  key: string;
  sig: string;
}

export interface HistoryDay { day: number; count: number; digest: string }
export interface HistoryRequestMessage { type: 'history-request'; days: HistoryDay[] }
export interface HistoryBatchMessage { type: 'history'; entries: ChatEntryWire[]; last: boolean }

/** The bytes an entry's `sig` signs (see ChatBinding.java for the layout and the why). */
export function chatBinding(roomId: string, id: string, ts: number, name: string, text: string, deviceKey: Uint8Array): Uint8Array {
  const fields: Uint8Array[] = [roomId, id, String(ts), name, text].map((s) => utf8.encode(s));
  fields.push(deviceKey);
  const parts: Uint8Array[] = [utf8.encode(CHAT_TAG), new Uint8Array([0])];
  for (const f of fields) {
    if (f.length > 0xffff) throw new Error('binding field too long');
    parts.push(new Uint8Array([f.length >>> 8, f.length & 0xff]), f);
  }
  return concat(...parts);
}

/** The day digest: SHA-256 over lp(device) lp(id) of each entry in history order, 128 bits, base64url. */
export function historyDigest(ids: Iterable<readonly [device: string, id: string]>): string {
  const hash = sha256.create();
  for (const pair of ids) {
    for (const field of pair) {
      const b = utf8.encode(field);
      hash.update(new Uint8Array([b.length >>> 8, b.length & 0xff]));
      hash.update(b);
    }
  }
  return toBase64Url(hash.digest().subarray(0, 16));
}

export function historyDay(ts: number): number {
  return Math.floor(ts / DAY_MILLIS);
}

/** Exactly `length` characters of canonical base64url. */
export function isCanonicalBase64Url(value: unknown, length: number): value is string {
  return typeof value === 'string' && value.length === length && fromBase64Url(value) !== null;
}

/** A name as signaling would have passed it: already trimmed, 1–64 code points, visible. */
export function isSignedName(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const check = checkDisplayName(value);
  return check.ok && check.name === value;
}

/** The device id an entry's key names (its key's id). */
export function entryDevice(entry: ChatEntryWire): string {
  return deviceIdOf(fromBase64Url(entry.key)!);
}

/** Checks one entry's fields (not its signature or time: the keeper does that). */
export function parseChatEntry(raw: unknown, isChatId: (v: unknown) => v is string, isChatText: (v: unknown) => v is string): Parsed<ChatEntryWire> {
  if (!isObject(raw)) return fail('entry is not an object');
  if (!isChatId(raw.id)) return fail('entry.id');
  if (!isInt(raw.ts) || raw.ts < 0) return fail('entry.ts');
  if (!isSignedName(raw.name)) return fail('entry.name');
  if (!isChatText(raw.text)) return fail('entry.text');
  if (!isCanonicalBase64Url(raw.key, DEVICE_KEY_LENGTH)) return fail('entry.key');
  if (!isCanonicalBase64Url(raw.sig, DEVICE_SIGNATURE_LENGTH)) return fail('entry.sig');
  return { ok: true, value: { id: raw.id, ts: raw.ts, name: raw.name, text: raw.text, key: raw.key, sig: raw.sig } };
}

export function parseHistoryRequest(m: Json): Parsed<HistoryRequestMessage> {
  if (!Array.isArray(m.days)) return fail('history-request.days');
  if (m.days.length > MAX_HISTORY_DAYS) return fail('history-request.days: too many');
  const days: HistoryDay[] = [];
  const seen = new Set<number>();
  for (const d of m.days as unknown[]) {
    if (!isObject(d)) return fail('history-request.days[]');
    if (!isInt(d.day) || d.day < 0 || d.day > Math.floor(MAX_SAFE_INTEGER / DAY_MILLIS)) return fail('history-request.day');
    if (!isInt(d.count) || d.count < 1 || d.count > MAX_HISTORY_ENTRIES) return fail('history-request.count');
    if (!isCanonicalBase64Url(d.digest, HISTORY_DIGEST_LENGTH)) return fail('history-request.digest');
    if (seen.has(d.day)) return fail('history-request: a day twice');
    seen.add(d.day);
    days.push({ day: d.day, count: d.count, digest: d.digest });
  }
  return { ok: true, value: { type: 'history-request', days } };
}

export function parseHistoryBatch(
  m: Json,
  isChatId: (v: unknown) => v is string,
  isChatText: (v: unknown) => v is string,
): Parsed<HistoryBatchMessage> {
  if (!Array.isArray(m.entries)) return fail('history.entries');
  if (typeof m.last !== 'boolean') return fail('history.last');
  const entries: ChatEntryWire[] = [];
  for (const raw of m.entries as unknown[]) {
    // One malformed entry drops the batch: an honest peer relays only entries it checked.
    const entry = parseChatEntry(raw, isChatId, isChatText);
    if (!entry.ok) return entry;
    entries.push(entry.value);
  }
  return { ok: true, value: { type: 'history', entries, last: m.last } };
}
