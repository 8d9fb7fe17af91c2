/**
 * The stage worker's files: chunks written into the origin-private file system through
 * synchronous access handles (only dedicated workers may open them; they are the fastest OPFS
 * path and never hold a file in memory), hashed as they are written.
 *
 * Staged files live at transfers/<transfer id>/<file index>; a file's size is the number of
 * bytes held, which is what a resume continues from. One file is open at a time.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { STAGED_DIR } from '../opfs-layout';

const REHASH_BLOCK = 4 * 1024 * 1024;
/**
 * How often the owner hears how far a file is on disk: a report per 256 KiB frame was a message
 * event on the page's main thread for every frame. Progress is drawn 4 times a second and acks
 * go every MiB (protocol ACK_EVERY_BYTES), so a report per MiB, or after a short pause, is enough.
 */
const REPORT_BYTES = 1024 * 1024;
const REPORT_PAUSE_MS = 100;

/**
 * The part of FileSystemSyncAccessHandle we use. Declared here because its type lives in the
 * webworker lib, which would change the page's global types if the whole project loaded it.
 */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}
type SyncFileHandle = FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> };

export class StageStore {
  private dir: FileSystemDirectoryHandle | null = null;
  private current: { file: number; handle: SyncAccessHandle; hasher: IHasher; at: number } | null = null;
  private reported = 0;
  private reportTimer: ReturnType<typeof setTimeout> | null = null;

  /** Told how far the open file is on disk, at most every REPORT_BYTES or after a pause. */
  constructor(public onWritten: (file: number, bytes: number) => void) {}

  async init(id: string): Promise<void> {
    this.dir = await transferDir(id, true);
  }

  async sizes(count: number): Promise<number[]> {
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      try {
        sizes.push((await (await this.dir!.getFileHandle(String(i))).getFile()).size);
      } catch {
        sizes.push(0);
      }
    }
    return sizes;
  }

  /** Opens `file`, keeping its first `offset` bytes; returns the bytes held. */
  async open(file: number, offset: number): Promise<number> {
    this.closeCurrent();
    const fh = await this.dir!.getFileHandle(String(file), { create: true });
    const handle = await (fh as SyncFileHandle).createSyncAccessHandle();
    // Bytes past what we continue from were never acknowledged as verified-in-order: drop them.
    if (handle.getSize() > offset) handle.truncate(offset);
    const held = handle.getSize();
    const hasher = await createSHA256();
    hasher.init();
    // A resumed file is hashed from its first byte again: the final hash covers the whole file.
    const block = new Uint8Array(Math.min(REHASH_BLOCK, Math.max(held, 1)));
    for (let at = 0; at < held; ) {
      const n = handle.read(block.subarray(0, Math.min(block.length, held - at)), { at });
      if (n <= 0) break;
      hasher.update(block.subarray(0, n));
      at += n;
    }
    this.current = { file, handle, hasher, at: held };
    this.reported = held;
    return held;
  }

  /** Writes and hashes the next bytes of the open file; anything out of order throws. */
  write(file: number, offset: number, data: Uint8Array): void {
    const current = this.current;
    if (!current || current.file !== file || current.at !== offset) {
      throw new Error(`write out of order: file ${file} at ${offset}`);
    }
    let written = 0;
    while (written < data.length) {
      written += current.handle.write(data.subarray(written), { at: current.at + written });
    }
    current.hasher.update(data);
    current.at += data.length;
    if (current.at - this.reported >= REPORT_BYTES) this.reportNow();
    else this.reportTimer ??= setTimeout(() => this.reportNow(), REPORT_PAUSE_MS);
  }

  /** Ends `file`; the SHA-256 of everything written to it. */
  async finish(file: number): Promise<string> {
    if (!this.current || this.current.file !== file) {
      // An empty file, or one whose bytes all arrived before a reload: open it first.
      await this.open(file, Number.MAX_SAFE_INTEGER);
    }
    const sha256 = this.current!.hasher.digest('hex');
    this.closeCurrent();
    return sha256;
  }

  async discard(file: number): Promise<void> {
    if (this.current?.file === file) {
      this.current.handle.close();
      this.current = null;
    }
    await this.dir?.removeEntry(String(file)).catch(() => undefined);
  }

  async destroy(id: string): Promise<void> {
    if (this.current) {
      this.current.handle.close();
      this.current = null;
    }
    const root = await navigator.storage.getDirectory();
    const all = await root.getDirectoryHandle(STAGED_DIR, { create: true });
    await all.removeEntry(id, { recursive: true }).catch(() => undefined);
    this.dir = null;
  }

  private reportNow(): void {
    if (this.reportTimer !== null) clearTimeout(this.reportTimer);
    this.reportTimer = null;
    // A file closed meanwhile (finished, discarded) has nothing more to say: its end is its reply.
    const current = this.current;
    if (!current || current.at === this.reported) return;
    this.reported = current.at;
    this.onWritten(current.file, current.at);
  }

  private closeCurrent(): void {
    if (this.reportTimer !== null) clearTimeout(this.reportTimer);
    this.reportTimer = null;
    if (!this.current) return;
    this.current.handle.flush();
    this.current.handle.close();
    this.current = null;
  }
}

async function transferDir(id: string, create: boolean): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  const all = await root.getDirectoryHandle(STAGED_DIR, { create });
  return all.getDirectoryHandle(id, { create });
}
