/**
 * File transfer (docs/protocol.md §2 "File transfer"): the control messages on `peerhub`, the
 * text frames on a `peerhub-file:<id>` channel, the 12-byte chunk header, and manifest rules.
 * Pure data and validation; the transfer logic lives in ../transfer/.
 */
import {
  MAX_SAFE_INTEGER,
  codePointLength,
  fail,
  isInt,
  isObject,
  parseJsonObject,
  stringOrUndefined,
  utf8Length,
  type Json,
  type Parsed,
} from './common';

/** 128 random bits, base64url: also a bearer secret, since only the receiver learns it. */
export const TRANSFER_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const FILE_CHANNEL_PREFIX = 'peerhub-file:';
/** JSON messages between peers over 16 KiB are dropped (the safe size across SCTP stacks); only an offer part may be larger. */
export const MAX_CONTROL_MESSAGE_BYTES = 16_384;
/** A folder of a few thousand files is normal; more is an attack on the receiver's UI. */
export const MAX_FILES = 10_000;
export const MAX_PATH_COMPONENTS = 64;
export const MAX_COMPONENT_UNITS = 1_024;
export const MAX_PATH_UNITS = 8_192;
export const MAX_TYPE_LENGTH = 255;
export const MAX_PARTS = 64;
/** Chunks, offer parts and sync frames never exceed this, whatever the connection allows. */
export const MAX_FRAME_BYTES = 262_144;
/**
 * What to assume when the connection does not say (`pc.sctp` missing, or before it is up): 64 KiB
 * crosses every SCTP stack, including older ones without large-message support (RFC 8841).
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 65_536;
export const CHUNK_HEADER_BYTES = 12;
/** Every part of a multi-part offer must arrive within this window. */
export const PARTS_WINDOW_MILLIS = 30_000;
/** The sender gives up on an unanswered offer after this (cancel with `timeout`). */
export const ANSWER_TIMEOUT_MILLIS = 5 * 60_000;
/** Flow control: keep at most this much queued; resume when it drains to the threshold. */
export const HIGH_WATERMARK = 4 * 1024 * 1024;
export const LOW_WATERMARK = 1024 * 1024;
/** The receiver acknowledges at least this often (bytes or time, whichever comes first). */
export const ACK_EVERY_BYTES = 1024 * 1024;
export const ACK_EVERY_MILLIS = 250;
/** A refusal's human text is shown to the sender; beyond this it is cut, not refused. */
export const MAX_ANSWER_MESSAGE_CODE_POINTS = 500;

export const REFUSAL_REASONS = [
  'declined', 'too-large', 'quota', 'no-space', 'not-allowed', 'bad-manifest', 'busy', 'policy',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export const CANCEL_REASONS = ['cancelled', 'timeout', 'failed', 'gone', 'policy'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export interface FileEntry {
  path: string[];
  size: number;
  type: string;
  sha256?: string;
}
export interface FileBytes { file: number; bytes: number }

export interface TransferOfferMessage {
  type: 'transfer-offer';
  id: string;
  /** Entries are validated with the whole manifest ({@link checkManifest}), so a bad one can be answered with `bad-manifest`. */
  files: unknown[];
  fileCount: number;
  totalBytes: number;
  part: number;
  parts: number;
}
export interface TransferAnswerMessage {
  type: 'transfer-answer';
  id: string;
  accept: boolean;
  reason?: RefusalReason;
  message?: string;
  have?: FileBytes[];
}
export interface TransferResumeMessage { type: 'transfer-resume'; id: string; have: FileBytes[] }
export interface TransferCancelMessage { type: 'transfer-cancel'; id: string; reason: CancelReason; message?: string }
export type TransferControlMessage =
  | TransferOfferMessage
  | TransferAnswerMessage
  | TransferResumeMessage
  | TransferCancelMessage;

export interface FileEndFrame { type: 'file-end'; file: number; sha256: string }
export interface AckFrame { type: 'ack'; file: number; bytes: number }
export interface FileResultFrame { type: 'file-result'; file: number; ok: boolean; sha256: string }
export interface TransferDoneFrame { type: 'transfer-done' }
export type FileChannelFrame = FileEndFrame | AckFrame | FileResultFrame | TransferDoneFrame;

/** A whole manifest, assembled from its parts and validated. */
export interface Manifest {
  files: FileEntry[];
  totalBytes: number;
}

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export function isTransferId(value: unknown): value is string {
  return typeof value === 'string' && TRANSFER_ID_PATTERN.test(value);
}
export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && SHA256_PATTERN.test(value);
}
function isCount(value: unknown, max = MAX_SAFE_INTEGER): value is number {
  return isInt(value) && value >= 0 && value <= max;
}
function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/**
 * Checks a path's shape. Hostile characters (slashes, controls, device names…) are allowed on
 * the wire and neutralised when saving; only components that can only serve to escape a folder
 * are refused.
 */
export function checkPath(path: unknown): string | null {
  if (!Array.isArray(path) || path.length < 1 || path.length > MAX_PATH_COMPONENTS) return 'path length';
  let units = 0;
  for (const c of path) {
    if (typeof c !== 'string') return 'path component type';
    if (c.length < 1 || c.length > MAX_COMPONENT_UNITS) return 'path component length';
    if (c === '.' || c === '..') return 'path component . or ..';
    units += c.length;
  }
  return units > MAX_PATH_UNITS ? 'path too long' : null;
}

export function parseFileEntry(value: unknown): Parsed<FileEntry> {
  if (!isObject(value)) return fail('file entry');
  const pathProblem = checkPath(value.path);
  if (pathProblem) return fail(pathProblem);
  if (!isCount(value.size)) return fail('file size');
  if (typeof value.type !== 'string' || value.type.length > MAX_TYPE_LENGTH) return fail('file type');
  const entry: FileEntry = { path: [...(value.path as string[])], size: value.size, type: value.type };
  if (value.sha256 !== undefined && value.sha256 !== null) {
    if (!isSha256(value.sha256)) return fail('file sha256');
    entry.sha256 = value.sha256;
  }
  return { ok: true, value: entry };
}

/** A file's index in its manifest: 0 to MAX_FILES − 1. */
function isFileIndex(value: unknown): value is number {
  return isCount(value, MAX_FILES - 1);
}

function parseHave(value: unknown): FileBytes[] | null {
  if (!Array.isArray(value) || value.length > MAX_FILES) return null;
  const out: FileBytes[] = [];
  for (const h of value) {
    if (!isObject(h) || !isFileIndex(h.file) || !isCount(h.bytes)) return null;
    out.push({ file: h.file, bytes: h.bytes });
  }
  return out;
}

type Validator = (m: Json) => Parsed<TransferControlMessage>;

/**
 * The envelope of an offer part is checked here (a part without one is dropped); its entries are
 * judged with the manifest, so that a bad one is answered with `bad-manifest`.
 */
const controlValidators: Record<TransferControlMessage['type'], Validator> = {
  'transfer-offer'(m) {
    if (!isTransferId(m.id)) return fail('transfer-offer.id');
    if (!isInt(m.parts) || m.parts < 1 || m.parts > MAX_PARTS) return fail('transfer-offer.parts');
    if (!isInt(m.part) || m.part < 0 || m.part >= m.parts) return fail('transfer-offer.part');
    if (!isInt(m.fileCount) || m.fileCount < 1 || m.fileCount > MAX_FILES) return fail('transfer-offer.fileCount');
    if (!isCount(m.totalBytes)) return fail('transfer-offer.totalBytes');
    if (!Array.isArray(m.files)) return fail('transfer-offer.files');
    return {
      ok: true,
      value: { type: 'transfer-offer', id: m.id, files: [...(m.files as unknown[])], fileCount: m.fileCount, totalBytes: m.totalBytes, part: m.part, parts: m.parts },
    };
  },
  'transfer-answer'(m) {
    if (!isTransferId(m.id)) return fail('transfer-answer.id');
    if (typeof m.accept !== 'boolean') return fail('transfer-answer.accept');
    const answer: TransferAnswerMessage = { type: 'transfer-answer', id: m.id, accept: m.accept };
    if (!m.accept) {
      // A refusal counts whatever its reason: one from a later version, or none, reads as declined.
      answer.reason = oneOf(REFUSAL_REASONS, m.reason) ? m.reason : 'declined';
    }
    // The human text is decoration: an odd one is ignored, a long one cut, the answer still counts.
    const message = stringOrUndefined(m, 'message');
    if (message !== undefined) answer.message = cutToCodePoints(message, MAX_ANSWER_MESSAGE_CODE_POINTS);
    if (m.accept) {
      const have = m.have === undefined || m.have === null ? [] : parseHave(m.have);
      if (!have) return fail('transfer-answer.have');
      answer.have = have;
    }
    return { ok: true, value: answer };
  },
  'transfer-resume'(m) {
    if (!isTransferId(m.id)) return fail('transfer-resume.id');
    const have = parseHave(m.have);
    return have ? { ok: true, value: { type: 'transfer-resume', id: m.id, have } } : fail('transfer-resume.have');
  },
  'transfer-cancel'(m) {
    if (!isTransferId(m.id)) return fail('transfer-cancel.id');
    // A cancel stops the transfer whatever its reason says: an unknown or missing one reads as cancelled.
    const reason = oneOf(CANCEL_REASONS, m.reason) ? m.reason : 'cancelled';
    const message = typeof m.message === 'string' ? cutToCodePoints(m.message, MAX_ANSWER_MESSAGE_CODE_POINTS) : undefined;
    return { ok: true, value: { type: 'transfer-cancel', id: m.id, reason, ...(message !== undefined ? { message } : {}) } };
  },
};

function cutToCodePoints(text: string, max: number): string {
  if (text.length <= max || codePointLength(text) <= max) return text;
  let out = '';
  let n = 0;
  for (const ch of text) {
    if (n++ === max) break;
    out += ch;
  }
  return out;
}

/** Validates a control-channel object whose type is one of the transfer messages. */
export function parseTransferControl(m: Json): Parsed<TransferControlMessage> {
  const type = m.type as string;
  const validate = Object.hasOwn(controlValidators, type)
    ? controlValidators[type as TransferControlMessage['type']]
    : undefined;
  return validate ? validate(m) : fail(`unknown type ${type}`);
}

/** Every `type` of a transfer channel's text frames, as {@link parseFileChannelFrame} dispatches them. */
export const FILE_CHANNEL_TYPES = ['file-end', 'ack', 'file-result', 'transfer-done'] as const satisfies readonly FileChannelFrame['type'][];

/** Validates one text frame on a transfer data channel (at most 16 KiB, like control messages). */
export function parseFileChannelFrame(raw: string): Parsed<FileChannelFrame> {
  if (raw.length > MAX_CONTROL_MESSAGE_BYTES || utf8Length(raw) > MAX_CONTROL_MESSAGE_BYTES) return fail('text frame too large');
  const json = parseJsonObject(raw);
  if (!json.ok) return json;
  const m = json.value;
  const file = m.file;
  switch (m.type) {
    case 'file-end':
      if (!isFileIndex(file) || !isSha256(m.sha256)) return fail('file-end');
      return { ok: true, value: { type: 'file-end', file, sha256: m.sha256 } };
    case 'ack':
      if (!isFileIndex(file) || !isCount(m.bytes)) return fail('ack');
      return { ok: true, value: { type: 'ack', file, bytes: m.bytes } };
    case 'file-result':
      if (!isFileIndex(file) || typeof m.ok !== 'boolean' || !isSha256(m.sha256)) {
        return fail('file-result');
      }
      return { ok: true, value: { type: 'file-result', file, ok: m.ok, sha256: m.sha256 } };
    case 'transfer-done':
      return { ok: true, value: { type: 'transfer-done' } };
    default:
      return fail(`unknown frame ${String(m.type)}`);
  }
}

/**
 * Validates a manifest assembled from all parts of one offer: the right number of files, sizes
 * adding up, no duplicate paths (compared after NFC, as file systems would merge them).
 */
export function checkManifest(entries: unknown[], fileCount: number, totalBytes: number): Parsed<Manifest> {
  if (entries.length !== fileCount) return fail('fileCount does not match the files');
  if (fileCount < 1 || fileCount > MAX_FILES) return fail('file count out of range');
  let sum = 0;
  const seen = new Set<string>();
  const files: FileEntry[] = [];
  for (const raw of entries) {
    const parsed = parseFileEntry(raw);
    if (!parsed.ok) return parsed;
    const f = parsed.value;
    files.push(f);
    sum += f.size;
    if (sum > MAX_SAFE_INTEGER) return fail('sizes overflow');
    const key = JSON.stringify(f.path.map((c) => c.normalize('NFC')));
    if (seen.has(key)) return fail('duplicate path');
    seen.add(key);
  }
  if (sum !== totalBytes) return fail('sizes do not add up to totalBytes');
  return { ok: true, value: { files, totalBytes } };
}
