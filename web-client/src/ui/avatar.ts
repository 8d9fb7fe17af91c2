/**
 * What every avatar shares (mine and other peers'): initials and a colour derived from the
 * name, so everybody in the room sees the same colour for the same person.
 */
import { el } from './dom';

/** Up to two initials, taken per grapheme so an emoji or accented letter stays whole. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => w.length > 0);
  const first = (word: string): string => {
    if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
      const segment = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(word);
      return segment[Symbol.iterator]().next().value?.segment ?? '';
    }
    return [...word][0] ?? '';
  };
  const letters = words.length >= 2 ? first(words[0]!) + first(words.at(-1)!) : first(words[0] ?? '');
  return letters.toLocaleUpperCase();
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
  letters.textContent = initials(name);
}
