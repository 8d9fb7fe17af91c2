/**
 * The receiver's disk and hash, off the UI thread: writes chunks into the origin-private file
 * system through synchronous access handles (only dedicated workers may open them; they are
 * the fastest OPFS path and never hold a file in memory) and hashes them as they are written.
 *
 * Staged files live at transfers/<transfer id>/<file index>; a file's size is the number of
 * bytes held, which is what a resume continues from.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import { STAGED_DIR } from '../opfs-layout';
import type { StageReply, StageRequest } from './stage-messages';

const REHASH_BLOCK = 4 * 1024 * 1024;
/**
 * How often the page hears how far a file is on disk: a reply per 256 KiB frame was a message
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

let dir: FileSystemDirectoryHandle | null = null;
let current: { file: number; handle: SyncAccessHandle; hasher: IHasher; at: number } | null = null;
let reported = 0;
let reportTimer: ReturnType<typeof setTimeout> | null = null;

/** Tells the page how far the current file is on disk, at most every REPORT_BYTES or after a pause. */
function reportWritten(): void {
  if (!current) return;
  if (current.at - reported >= REPORT_BYTES) return reportNow();
  reportTimer ??= setTimeout(reportNow, REPORT_PAUSE_MS);
}

function reportNow(): void {
  if (reportTimer !== null) clearTimeout(reportTimer);
  reportTimer = null;
  // A file closed meanwhile (finished, discarded) has nothing more to say: its end is its reply.
  if (!current || current.at === reported) return;
  reported = current.at;
  reply({ op: 'written', file: current.file, bytes: current.at });
}

async function transferDir(id: string, create: boolean): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  const all = await root.getDirectoryHandle(STAGED_DIR, { create });
  return all.getDirectoryHandle(id, { create });
}

function reply(message: StageReply): void {
  postMessage(message);
}

function closeCurrent(): void {
  if (reportTimer !== null) clearTimeout(reportTimer);
  reportTimer = null;
  if (!current) return;
  current.handle.flush();
  current.handle.close();
  current = null;
}

async function handle(req: StageRequest): Promise<void> {
  switch (req.op) {
    case 'init':
      dir = await transferDir(req.id, true);
      return reply({ op: 'done', seq: req.seq });
    case 'sizes': {
      const sizes: number[] = [];
      for (let i = 0; i < req.count; i++) {
        try {
          const f = await (await dir!.getFileHandle(String(i))).getFile();
          sizes.push(f.size);
        } catch {
          sizes.push(0);
        }
      }
      return reply({ op: 'sizes', seq: req.seq, sizes });
    }
    case 'open': {
      closeCurrent();
      const fh = await dir!.getFileHandle(String(req.file), { create: true });
      const handle = await (fh as SyncFileHandle).createSyncAccessHandle();
      // Bytes past what we continue from were never acknowledged as verified-in-order: drop them.
      if (handle.getSize() > req.offset) handle.truncate(req.offset);
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
      current = { file: req.file, handle, hasher, at: held };
      reported = held;
      return reply({ op: 'opened', seq: req.seq, bytes: held });
    }
    case 'write': {
      if (!current || current.file !== req.file || current.at !== req.offset) {
        throw new Error(`write out of order: file ${req.file} at ${req.offset}`);
      }
      const data = new Uint8Array(req.frame, req.start);
      let written = 0;
      while (written < data.length) {
        written += current.handle.write(data.subarray(written), { at: current.at + written });
      }
      current.hasher.update(data);
      current.at += data.length;
      return reportWritten();
    }
    case 'finish': {
      if (!current || current.file !== req.file) {
        // An empty file, or one whose bytes all arrived before a reload: open it first.
        await handle({ op: 'open', seq: -1, file: req.file, offset: Number.MAX_SAFE_INTEGER });
      }
      const sha256 = current!.hasher.digest('hex');
      closeCurrent();
      return reply({ op: 'finished', seq: req.seq, sha256 });
    }
    case 'discard':
      if (current?.file === req.file) {
        current.handle.close();
        current = null;
      }
      await dir?.removeEntry(String(req.file)).catch(() => undefined);
      return reply({ op: 'done', seq: req.seq });
    case 'destroy': {
      if (current) {
        current.handle.close();
        current = null;
      }
      const root = await navigator.storage.getDirectory();
      const all = await root.getDirectoryHandle(STAGED_DIR, { create: true });
      await all.removeEntry(req.id, { recursive: true }).catch(() => undefined);
      dir = null;
      return reply({ op: 'done', seq: req.seq });
    }
  }
}

// Requests are handled strictly one after another, in arrival order: a write must never
// overtake the open before it.
let queue: Promise<void> = Promise.resolve();
onmessage = (event: MessageEvent<StageRequest>) => {
  const req = event.data;
  queue = queue.then(() => handle(req)).catch((err: unknown) => {
    reply({ op: 'error', seq: 'seq' in req ? req.seq : -1, message: String(err) });
  });
};
