/**
 * A folder picked with the File System Access API, read for sharing: its files listed (no
 * dotfile or dot-folder, at most 32 folders deep and 100,000 files) and each one opened again
 * when a peer pulls it, so what is sent is the file as it is now, not as it was listed. Where the
 * API is missing, the folder input's snapshot stands in (transfer/manifest's PickedFile).
 */
import { MAX_CATALOGUE_FILES } from '../protocol';
import type { PickedFile } from '../transfer/manifest';
import { chooseFolder } from '../transfer/handover';

export { canChooseFolder as canPickLiveFolder } from '../transfer/handover';

const MAX_DEPTH = 32;

type Entries = AsyncIterable<[string, FileSystemHandle]>;

/** The folder the person picks to share, read-only; null when they close the picker. */
export function pickLiveFolder(): Promise<FileSystemDirectoryHandle | null> {
  return chooseFolder('read', 'peerhub-share');
}

/** The folder's files, each path starting with the folder's name as a folder input gives it. */
export async function listFolder(dir: FileSystemDirectoryHandle): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const walk = async (handle: FileSystemDirectoryHandle, path: string[]): Promise<void> => {
    for await (const [name, child] of handle as unknown as Entries) {
      if (out.length >= MAX_CATALOGUE_FILES) return;
      if (name.startsWith('.')) continue;
      if (child.kind === 'file') {
        out.push({ file: await (child as FileSystemFileHandle).getFile(), path: [...path, name] });
      } else if (path.length < MAX_DEPTH) {
        await walk(child as FileSystemDirectoryHandle, [...path, name]);
      }
    }
  };
  await walk(dir, [dir.name]);
  return out;
}

/** The file at `path` under `dir` as it is now; null when it is gone or no longer a file. */
export async function reopen(dir: FileSystemDirectoryHandle, path: string[]): Promise<File | null> {
  try {
    let handle = dir;
    for (const c of path.slice(0, -1)) handle = await handle.getDirectoryHandle(c);
    return await (await handle.getFileHandle(path[path.length - 1]!)).getFile();
  } catch {
    return null;
  }
}
