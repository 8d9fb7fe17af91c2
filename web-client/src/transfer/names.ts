/**
 * Turning the names in a manifest into names that are safe to save (docs/protocol.md "Saving on
 * the receiver"). Paths arrive as arrays of components, never as strings to parse; each
 * component is neutralised on its own, so nothing can climb out of the target folder.
 */

/** Windows refuses these as file names, with or without an extension. */
const RESERVED_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;
/** Path separators, drive colons, NUL, C0/DEL/C1 controls and bidi controls (which can disguise an extension). */
const HOSTILE_CHARS = /[/\\:\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Leading/trailing dots and spaces: hidden files, and names Windows silently changes. */
const EDGE_DOTS_SPACES = /^[. ]+|[. ]+$/g;
export const MAX_COMPONENT_UTF8_BYTES = 255;

const encoder = new TextEncoder();

/** Cuts `text` to at most `max` UTF-8 bytes without splitting a code point. */
function cutUtf8(text: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (bytes + n > max) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** Splits "name.ext" keeping the extension short enough to be one (at most 16 characters). */
function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name.length - dot > 16) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/** One component made safe to save as a file or folder name. */
export function neutraliseComponent(raw: string): string {
  let name = raw.replace(HOSTILE_CHARS, '_').replace(EDGE_DOTS_SPACES, '');
  if (RESERVED_DEVICE.test(name)) {
    const [stem, ext] = splitExtension(name);
    name = `${stem}_${ext}`;
  }
  if (name.length === 0) name = 'unnamed';
  if (encoder.encode(name).length > MAX_COMPONENT_UTF8_BYTES) {
    const [stem, ext] = splitExtension(name);
    const keep = encoder.encode(ext).length < 64 ? ext : '';
    name = cutUtf8(stem, MAX_COMPONENT_UTF8_BYTES - encoder.encode(keep).length) + keep;
    // The cut may leave a trailing dot or space before the extension; that is harmless there.
  }
  return name;
}

/** "name (2).ext": the n-th alternative for a name that clashes. */
export function numbered(name: string, n: number): string {
  const [stem, ext] = splitExtension(name);
  const suffix = ` (${n})`;
  return cutUtf8(stem, MAX_COMPONENT_UTF8_BYTES - encoder.encode(suffix + ext).length) + suffix + ext;
}

/**
 * Safe relative paths for every file of a manifest, in order. Nothing overwrites anything: a
 * clash (two names that neutralise alike, compared case-insensitively as some file systems do,
 * or a file and a folder of the same name) gets " (1)", " (2)"… before the extension.
 */
export function savePaths(paths: string[][]): string[][] {
  const taken = new Set<string>();
  const key = (parts: string[]) => parts.map((p) => p.normalize('NFC').toLowerCase()).join('/');
  const dirNames = new Map<string, string>();
  const out: string[][] = [];
  for (const path of paths) {
    const safe: string[] = [];
    // Folders: the same folder on the wire maps to the same safe folder.
    for (let i = 0; i < path.length - 1; i++) {
      const wireKey = JSON.stringify(path.slice(0, i + 1));
      let dir = dirNames.get(wireKey);
      if (dir === undefined) {
        const base = neutraliseComponent(path[i]!);
        dir = base;
        // A folder name already used by a file, or by another wire folder that neutralised alike.
        for (let n = 1; taken.has(key([...safe, dir])); n++) dir = numbered(base, n);
        dirNames.set(wireKey, dir);
        taken.add(key([...safe, dir]));
      }
      safe.push(dir);
    }
    const base = neutraliseComponent(path[path.length - 1]!);
    let name = base;
    for (let n = 1; taken.has(key([...safe, name])); n++) name = numbered(base, n);
    taken.add(key([...safe, name]));
    safe.push(name);
    out.push(safe);
  }
  return out;
}
