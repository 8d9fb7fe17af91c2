/**
 * Safe paths for the files of a manifest (docs/protocol.md "Saving on the receiver"): each
 * component neutralised by the protocol's rule (../protocol/safe-names.ts), then clashes between
 * the saved names resolved, so that nothing overwrites anything.
 */
import { neutraliseComponent, numbered } from '../protocol';

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
