/**
 * What every avatar shares (mine and other peers'): initials and a colour derived from the
 * name, so everybody in the room sees the same colour for the same person.
 */
import { el } from './dom';

/** Up to two initials, taken per grapheme so an emoji or accented letter stays whole. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => w.length > 0);
  const letters = words.length >= 2 ? firstGrapheme(words[0]!) + firstGrapheme(words.at(-1)!) : firstGrapheme(words[0] ?? '');
  return letters.toLocaleUpperCase();
}

/** A printable ASCII character followed by another (or by nothing) is a whole grapheme by itself. */
const ASCII_GRAPHEME = /^[\x21-\x7e](?:[\x21-\x7e]|$)/;
let segmenter: Intl.Segmenter | null = null;

function firstGrapheme(word: string): string {
  // Most names start with two ASCII letters; the Segmenter is kept for the rest, because the
  // first one made on a page costs tens of milliseconds (its ICU data is loaded on the main
  // thread, during the join: docs/benchmarks.md "Join").
  if (ASCII_GRAPHEME.test(word)) return word[0]!;
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return segmenter.segment(word)[Symbol.iterator]().next().value?.segment ?? '';
  }
  return [...word][0] ?? '';
}

export function hueFor(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** The round face: initials on a coloured disc; the ring colour is set by a data-state in CSS. */
export function avatarFace(name: string): HTMLSpanElement {
  const face = el('span', { className: 'avatar-face', attrs: { 'aria-hidden': 'true' } });
  paintFace(face, name);
  return face;
}

export function paintFace(face: HTMLElement, name: string): void {
  face.style.setProperty('--hue', String(hueFor(name)));
  let letters = face.querySelector<HTMLElement>('.avatar-initials');
  if (!letters) {
    letters = el('span', { className: 'avatar-initials' });
    face.prepend(letters);
  }
  // Drawn by CSS from the attribute: initials are decoration, and as text they would be part of
  // the avatar button's visible text ("B Bob connected") that its name must contain.
  letters.dataset.initials = initials(name);
}
