/**
 * Shared folders on the control channel (docs/protocol.md "Shared folders"): what a peer shares,
 * searching it, the answer, pulling files and the refusal. Java: protocol/.../peer/Shares,
 * ShareStatus, ShareQuery, ShareResults, ShareEntry, SharePull, ShareRefused.
 */
import { MAX_SAFE_INTEGER, codePointLength, fail, isInt, isObject, type Json, type Parsed } from './common';
import { checkPath, isSha256, isTransferId } from './transfer';

/** Files a catalogue lists at most: held in memory by the sharer, paged to searchers; a page holds no more from all peers. */
export const MAX_CATALOGUE_FILES = 100_000;
/** A query is a few words typed in a box, never a document. */
export const MAX_QUERY_CODE_POINTS = 200;
/** Files in one answer: a page of results a person reads; the 16 KiB message bound holds it. */
export const MAX_RESULTS = 50;
/** Files one pull asks for: a batch picked from results by hand. */
export const MAX_PULL_FILES = 64;
/** Queries a sharer answers per peer and second (bursts of twice that): typing, not flooding. */
export const QUERIES_PER_SECOND = 5;

export const SHARE_REFUSAL_REASONS = ['not-shared', 'not-allowed', 'busy'] as const;
export type ShareRefusalReason = (typeof SHARE_REFUSAL_REASONS)[number];

/** One file of a share: its path under the shared folder, size, mtime (ms) and SHA-256 once hashed. */
export interface ShareEntry { path: string[]; size: number; mtime: number; sha256?: string }

export interface ShareStatusMessage { type: 'share-status'; files: number; bytes: number }
export interface ShareQueryMessage { type: 'share-query'; id: string; text: string; from: number }
export interface ShareResultsMessage { type: 'share-results'; id: string; from: number; total: number; files: ShareEntry[] }
export interface SharePullMessage { type: 'share-pull'; id: string; files: { path: string[] }[] }
export interface ShareRefusedMessage { type: 'share-refused'; id: string; reason: ShareRefusalReason }
export type ShareMessage =
  | ShareStatusMessage
  | ShareQueryMessage
  | ShareResultsMessage
  | SharePullMessage
  | ShareRefusedMessage;

export const SHARE_MESSAGE_TYPES = [
  'share-status', 'share-query', 'share-results', 'share-pull', 'share-refused',
] as const satisfies readonly ShareMessage['type'][];

function isCount(value: unknown, max: number): value is number {
  return isInt(value) && value >= 0 && value <= max;
}

export function isShareQueryText(value: unknown): value is string {
  // Cheap bound first: more UTF-16 units than twice the limit cannot be within it.
  return typeof value === 'string' && value.length <= 2 * MAX_QUERY_CODE_POINTS && codePointLength(value) <= MAX_QUERY_CODE_POINTS;
}

function parseShareEntry(value: unknown): Parsed<ShareEntry> {
  if (!isObject(value)) return fail('share entry');
  const pathProblem = checkPath(value.path);
  if (pathProblem) return fail(`share entry ${pathProblem}`);
  if (!isCount(value.size, MAX_SAFE_INTEGER)) return fail('share entry size');
  if (!isCount(value.mtime, MAX_SAFE_INTEGER)) return fail('share entry mtime');
  const entry: ShareEntry = { path: [...(value.path as string[])], size: value.size, mtime: value.mtime };
  if (value.sha256 !== undefined && value.sha256 !== null) {
    if (!isSha256(value.sha256)) return fail('share entry sha256');
    entry.sha256 = value.sha256;
  }
  return { ok: true, value: entry };
}

/** A query's id is shaped as a chat id (control.ts owns that check; passed in, as history does, to keep imports one-way). */
type IdCheck = (value: unknown) => value is string;

const validators: { [K in ShareMessage['type']]: (m: Json, isRequestId: IdCheck) => Parsed<ShareMessage> } = {
  'share-status': (m) => {
    if (!isCount(m.files, MAX_CATALOGUE_FILES)) return fail('share-status.files');
    if (!isCount(m.bytes, MAX_SAFE_INTEGER)) return fail('share-status.bytes');
    return { ok: true, value: { type: 'share-status', files: m.files, bytes: m.bytes } };
  },
  'share-query': (m, isRequestId) => {
    if (!isRequestId(m.id)) return fail('share-query.id');
    if (!isShareQueryText(m.text)) return fail('share-query.text');
    if (!isCount(m.from, MAX_CATALOGUE_FILES)) return fail('share-query.from');
    return { ok: true, value: { type: 'share-query', id: m.id, text: m.text, from: m.from } };
  },
  'share-results': (m, isRequestId) => {
    if (!isRequestId(m.id)) return fail('share-results.id');
    if (!isCount(m.from, MAX_CATALOGUE_FILES)) return fail('share-results.from');
    if (!isCount(m.total, MAX_CATALOGUE_FILES)) return fail('share-results.total');
    if (!Array.isArray(m.files) || m.files.length > MAX_RESULTS) return fail('share-results.files');
    const files: ShareEntry[] = [];
    for (const raw of m.files as unknown[]) {
      const entry = parseShareEntry(raw);
      if (!entry.ok) return entry;
      files.push(entry.value);
    }
    return { ok: true, value: { type: 'share-results', id: m.id, from: m.from, total: m.total, files } };
  },
  'share-pull': (m) => {
    if (!isTransferId(m.id)) return fail('share-pull.id');
    if (!Array.isArray(m.files) || m.files.length < 1 || m.files.length > MAX_PULL_FILES) return fail('share-pull.files');
    const files: { path: string[] }[] = [];
    for (const raw of m.files as unknown[]) {
      if (!isObject(raw)) return fail('share-pull.files[]');
      const pathProblem = checkPath(raw.path);
      if (pathProblem) return fail(`share-pull ${pathProblem}`);
      files.push({ path: [...(raw.path as string[])] });
    }
    return { ok: true, value: { type: 'share-pull', id: m.id, files } };
  },
  'share-refused': (m) => {
    if (!isTransferId(m.id)) return fail('share-refused.id');
    const reason = m.reason;
    if (typeof reason !== 'string' || !(SHARE_REFUSAL_REASONS as readonly string[]).includes(reason)) return fail('share-refused.reason');
    return { ok: true, value: { type: 'share-refused', id: m.id, reason: reason as ShareRefusalReason } };
  },
};

export function isShareType(type: unknown): type is ShareMessage['type'] {
  return typeof type === 'string' && Object.hasOwn(validators, type);
}

/** Validates a control-channel object whose type is one of the shared-folder messages. */
export function parseShareMessage(m: Json, isRequestId: IdCheck): Parsed<ShareMessage> {
  return isShareType(m.type) ? validators[m.type](m, isRequestId) : fail(`unknown type ${String(m.type)}`);
}
