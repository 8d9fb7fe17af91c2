/**
 * How big documents may grow (docs/protocol.md "Size caps"): a document's text and its saved
 * history, each capped per document and for the whole room. What is measured, how a growth is
 * judged against the caps, and how a refusal is said in words; the store and the sync layer
 * apply it.
 *
 * A change that does not make a measure grow is never refused, so a document already over a cap
 * (saved before the caps existed, or filled by a merge) can always be made smaller.
 */
import { fixed, t } from '../i18n';
import { MAX_DOC_SAVED_BYTES, MAX_DOC_TEXT_BYTES, MAX_ROOM_SAVED_BYTES, MAX_ROOM_TEXT_BYTES } from '../protocol';

export interface DocLimits {
  docText: number;
  roomText: number;
  docSaved: number;
  roomSaved: number;
}

export const PROTOCOL_LIMITS: DocLimits = {
  docText: MAX_DOC_TEXT_BYTES,
  roomText: MAX_ROOM_TEXT_BYTES,
  docSaved: MAX_DOC_SAVED_BYTES,
  roomSaved: MAX_ROOM_SAVED_BYTES,
};

/** A document's measures: its text in UTF-8 bytes (0 for the index) and its saved size in bytes. */
export interface DocSize {
  text: number;
  saved: number;
}

export type LimitKind = 'document text' | 'room text' | 'document history' | 'room history';

export interface Refusal {
  kind: LimitKind;
  /** The cap, in bytes. */
  cap: number;
  /** What the measure would have become, in bytes. */
  size: number;
}

/**
 * UTF-8 bytes of a string, counted unit by unit so that the count of a text is the sum of the
 * counts of its pieces however it is cut (a surrogate counts 2, a pair 4): an editor can keep
 * the figure up to date from its changes alone. For well-formed text it is the UTF-8 length.
 */
export function textBytes(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/**
 * Whether a document may go from `before` to `after` in a room whose documents measure `room`
 * in all (`before` included): the first cap it would pass, or null.
 */
export function refusal(limits: DocLimits, before: DocSize, after: DocSize, room: DocSize): Refusal | null {
  if (after.text > before.text) {
    if (after.text > limits.docText) return { kind: 'document text', cap: limits.docText, size: after.text };
    const total = room.text - before.text + after.text;
    if (total > limits.roomText) return { kind: 'room text', cap: limits.roomText, size: total };
  }
  if (after.saved > before.saved) {
    if (after.saved > limits.docSaved) return { kind: 'document history', cap: limits.docSaved, size: after.saved };
    const total = room.saved - before.saved + after.saved;
    if (total > limits.roomSaved) return { kind: 'room history', cap: limits.roomSaved, size: total };
  }
  return null;
}

export function isHistory(r: Refusal): boolean {
  return r.kind === 'document history' || r.kind === 'room history';
}

/** 262144 → "256 KiB", 4194304 → "4 MiB", 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MiB'] : bytes >= 1024 ? [bytes / 1024, 'KiB'] : [bytes, 'bytes'];
  return `${Number.isInteger(value) ? value : fixed(value, 1)} ${unit}`;
}

/** Why a document cannot grow, for people: what is full, and what to do about it. */
export function describeLimit(r: Refusal, title: string): string {
  const cap = formatBytes(r.cap);
  switch (r.kind) {
    case 'document text':
      return t('docs.full.docText', { title, cap });
    case 'room text':
      return t('docs.full.roomText', { cap });
    case 'document history':
      return t('docs.full.docHistory', { title, cap });
    case 'room history':
      return t('docs.full.roomHistory', { cap });
  }
}
