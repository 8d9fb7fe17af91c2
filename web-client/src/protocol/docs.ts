/**
 * The documents channel (docs/protocol.md §2 "Documents"): Automerge sync messages, framed in
 * binary, and cursor messages as JSON text, on one data channel per peer pair.
 */
import { codePointLength, fail, isVisibleText, parseJsonObject, trimSpaces, utf8Length, type Parsed } from './common';

/** Opened by the peer whose id sorts lower (the polite one), once the control channel is open. */
export const DOCS_CHANNEL_LABEL = 'peerhub-docs';

/** The room's list of documents is itself an Automerge document with this id. */
export const INDEX_DOC_ID = 'index';
/** Every room starts with this document; its seed is deterministic, so all peers share it. */
export const NOTES_DOC_ID = 'notes';
export const NOTES_TITLE = 'Notes';

export const DOC_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Documents a room holds besides the index: beyond that a peer is flooding, not writing. */
export const MAX_DOCUMENTS = 100;
export const MAX_TITLE_CODE_POINTS = 100;

/*
 * How big the room's documents may grow (docs/protocol.md "Documents", "Size caps"). Every peer
 * refuses an edit or a sync message that would take a document past one of these, so no peer can
 * make everyone's tab, or the Java keeper, hold an unbounded document.
 *
 * Text, in UTF-8 bytes: merging one remote keystroke into a text costs Automerge JS time in
 * proportion to the text's length (measured: ~70 ms at 256 KiB, ~1 s at 1 MiB on this project's
 * 2-core test machine), so a document stays pleasant to co-edit up to about 256 KiB (~40,000
 * words); sixteen full documents make a room's 4 MiB.
 */
export const MAX_DOC_TEXT_BYTES = 256 * 1024;
export const MAX_ROOM_TEXT_BYTES = 4 * 1024 * 1024;
/*
 * History, as Automerge saves a document (every change ever made, compressed): deleting text
 * frees none of it. Typing costs a few bytes a keystroke once saved, so honest documents stay far
 * below; the caps stop a peer that churns text (insert, delete, again) from growing it forever.
 */
export const MAX_DOC_SAVED_BYTES = 4 * 1024 * 1024;
export const MAX_ROOM_SAVED_BYTES = 32 * 1024 * 1024;

/**
 * One reassembled sync message at most: Automerge Java sends changes uncompressed (10,000
 * changes ≈ 1.2 MB), so 32 MiB holds documents far larger than people type, and bounds what a
 * hostile peer can make us buffer (one message per peer at a time).
 */
export const MAX_SYNC_MESSAGE_BYTES = 32 * 1024 * 1024;
// Frames are cut to the channel's max message size (DEFAULT_MAX_MESSAGE_SIZE when it does not
// say), never above MAX_FRAME_BYTES, as file chunks are: both in ./transfer.
export const MAX_CURSOR_MESSAGE_BYTES = 1_024;

export const FRAME_KIND_SYNC = 1;
/** kind (1) + id length (1) + total (4) + offset (4), plus the id itself. */
export const FRAME_FIXED_HEADER_BYTES = 10;

export function isDocId(value: unknown): value is string {
  return typeof value === 'string' && DOC_ID_PATTERN.test(value);
}

/**
 * A document title as it is shown: trimmed like a display name, 1 to MAX_TITLE_CODE_POINTS code
 * points, no invisible characters (the display-name rule: they would let a title hide or reorder
 * text in other people's lists); null when `value` is no title, and the entry is then not listed.
 */
export function checkTitle(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = trimSpaces(value);
  const ok = trimmed.length > 0 && codePointLength(trimmed) <= MAX_TITLE_CODE_POINTS && isVisibleText(trimmed);
  return ok ? trimmed : null;
}

export function isTitle(value: unknown): value is string {
  return checkTitle(value) !== null;
}

/**
 * Where a peer's caret is in one document: Automerge cursors (stable across concurrent edits),
 * or `doc: null` when the peer has no document open.
 */
export type CursorMessage =
  | { type: 'cursor'; doc: string; anchor: string; head: string }
  | { type: 'cursor'; doc: null };

const CURSOR_PATTERN = /^[A-Za-z0-9@_-]{1,200}$/;

export function parseCursorMessage(raw: string): Parsed<CursorMessage> {
  if (raw.length > MAX_CURSOR_MESSAGE_BYTES || utf8Length(raw) > MAX_CURSOR_MESSAGE_BYTES) {
    return fail('cursor message too large');
  }
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return parsed;
  const m = parsed.value;
  if (m.type !== 'cursor') return fail(`unknown type ${String(m.type).slice(0, 32)}`);
  if (m.doc === null) return { ok: true, value: { type: 'cursor', doc: null } };
  if (!isDocId(m.doc)) return fail('bad doc');
  for (const key of ['anchor', 'head'] as const) {
    if (typeof m[key] !== 'string' || !CURSOR_PATTERN.test(m[key] as string)) return fail(`bad ${key}`);
  }
  return {
    ok: true,
    value: { type: 'cursor', doc: m.doc, anchor: m.anchor as string, head: m.head as string },
  };
}


