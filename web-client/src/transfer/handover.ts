/**
 * Handing verified files to the user: into the folder they chose (File System Access API), or
 * as a normal browser download: one file as itself, several as one streamed zip (client-zip)
 * written to the origin-private file system first, so not even the zip is held in memory.
 * Only verified files ever get here.
 */
import { makeZip } from 'client-zip';

export interface VerifiedFile {
  /** Neutralised relative path (see names.ts). */
  path: string[];
  file: File;
}

/** Blob URLs are revoked late: revoking while the download still reads the blob aborts it. */
const REVOKE_AFTER_MS = 10 * 60_000;

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Writes a zip of `files` into `target` (an OPFS file) and returns it, or a Blob without OPFS. */
export async function zipFiles(files: VerifiedFile[], target: FileSystemFileHandle | null): Promise<Blob> {
  const stream = makeZip(files.map((f) => ({
    name: f.path.join('/'),
    input: f.file,
    size: f.file.size,
    lastModified: new Date(),
  })));
  if (!target) return new Response(stream).blob();
  const writable = await target.createWritable();
  await stream.pipeTo(writable);
  return target.getFile();
}

/** Copies the files into the chosen folder, recreating sub-folders only inside it. */
export async function saveToFolder(folder: FileSystemDirectoryHandle, files: VerifiedFile[]): Promise<void> {
  for (const f of files) {
    let dir = folder;
    for (const part of f.path.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
    const name = await freeName(dir, f.path[f.path.length - 1]!);
    const handle = await dir.getFileHandle(name, { create: true });
    const writable = await handle.createWritable();
    await f.file.stream().pipeTo(writable);
  }
}

/** Nothing is overwritten: "a.txt" becomes "a (1).txt" if the folder already holds one. */
async function freeName(dir: FileSystemDirectoryHandle, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${stem} (${n})${ext}`;
    try {
      await dir.getFileHandle(candidate);
    } catch {
      return candidate;
    }
  }
}

export interface DirectoryPickerWindow {
  showDirectoryPicker?: (options?: { mode?: 'read' | 'readwrite'; id?: string }) => Promise<FileSystemDirectoryHandle>;
}

export function canChooseFolder(): boolean {
  return typeof (globalThis as DirectoryPickerWindow).showDirectoryPicker === 'function';
}

/** The folder the person picks: to save into (`readwrite`, the default) or to share (`read`); null when they close the picker. */
export async function chooseFolder(mode: 'read' | 'readwrite' = 'readwrite', id = 'peerhub-inbox'): Promise<FileSystemDirectoryHandle | null> {
  const picker = (globalThis as DirectoryPickerWindow).showDirectoryPicker;
  if (!picker) return null;
  try {
    return await picker({ mode, id });
  } catch {
    return null; // the user closed the picker
  }
}
