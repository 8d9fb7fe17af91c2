/**
 * Neutralising one file-name component from a manifest (docs/protocol.md "Saving on the
 * receiver"), exactly as the Java receiver does (protocol/.../peer/SafeNames; the shared vectors
 * in protocol/vectors/names.json hold both to it). Paths arrive as arrays of components, never
 * as strings to parse; each component is neutralised on its own, so nothing can climb out of the
 * target folder. Clashes between saved names are ../transfer/names.ts's.
 */

/** Linux and most file systems refuse a name longer than this many bytes. */
export const MAX_NAME_BYTES = 255;
/** An "extension" longer than this many UTF-16 units is part of the name. */
export const MAX_EXTENSION_CHARS = 16;
/** A cut name keeps its extension when that is shorter than this many bytes. */
export const MAX_KEPT_EXTENSION_BYTES = 64;

/**
 * Windows refuses these as file names, with or without an extension. Case is ignored for ASCII
 * letters only (no `u` flag: a dotless ı does not make `conın$` a device), as the Java side does.
 */
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;
/** Path separators, drive colons, NUL, C0/DEL/C1 controls and bidi controls (which can disguise an extension). */
const HOSTILE_CHARS = /[/\\:\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** With the `u` flag a surrogate class matches only unpaired ones: no file system can store them. */
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;
/** Leading/trailing dots and spaces: hidden files, and names Windows silently changes. */
const EDGE_DOTS_SPACES = /^[. ]+|[. ]+$/g;
const TRAILING_DOTS_SPACES = /[. ]+$/;

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text).length;

/** Cuts `text` to at most `max` UTF-8 bytes without splitting a code point. */
function cutUtf8(text: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = utf8(ch);
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Splits "name.ext" keeping the extension short enough to be one. */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > MAX_EXTENSION_CHARS) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/** One component made safe to save as a file or folder name. */
export function neutraliseComponent(raw: string): string {
  let name = raw.replace(HOSTILE_CHARS, '_').replace(LONE_SURROGATES, '_').replace(EDGE_DOTS_SPACES, '');
  if (RESERVED_DEVICE.test(name)) {
    const [stem, ext] = splitExtension(name);
    name = `${stem}_${ext}`;
  }
  if (name.length === 0) name = 'unnamed';
  if (utf8(name) > MAX_NAME_BYTES) {
    const [stem, ext] = splitExtension(name);
    const keep = utf8(ext) < MAX_KEPT_EXTENSION_BYTES ? ext : '';
    // The cut may leave a dot or space before a kept extension, which is harmless there; without
    // one it may end the name in dots or spaces (found by fuzzing), trimmed again as at the start.
    name = (cutUtf8(stem, MAX_NAME_BYTES - utf8(keep)) + keep).replace(TRAILING_DOTS_SPACES, '');
  }
  return name;
}

/** "name (2).ext": the n-th alternative for a name that clashes, still within 255 bytes. */
export function numbered(name: string, n: number): string {
  const [stem, ext] = splitExtension(name);
  const suffix = ` (${n})`;
  return cutUtf8(stem, MAX_NAME_BYTES - utf8(suffix + ext)) + suffix + ext;
}
