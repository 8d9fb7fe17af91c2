/**
 * Manifests on both ends: the sender builds one from what the user dropped or picked (with
 * folder structure as arrays of path components) and splits it into offer parts; the receiver
 * assembles the parts and validates the whole (docs/protocol.md "Control channel messages").
 */
import {
  MAX_FILES,
  MAX_PARTS,
  PARTS_WINDOW_MILLIS,
  checkManifest,
  encodeChannelMessage,
  parseFileEntry,
  type FileEntry,
  type Manifest,
  type Parsed,
  type TransferOfferMessage,
} from '../protocol';

/** A file the user gave us, and where it sits below what they dropped or picked. */
export interface PickedFile {
  file: File;
  path: string[];
}

export function entryFor(picked: PickedFile): FileEntry {
  return { path: picked.path, size: picked.file.size, type: picked.file.type.slice(0, 255) };
}

/**
 * Splits an offer into as few parts as fit `partLimit` bytes each. Returns the encoded parts,
 * or null when the manifest cannot be offered (too many files, or too large even in 64 parts).
 */
export function encodeOffer(id: string, entries: FileEntry[], partLimit: number): string[] | null {
  if (entries.length < 1 || entries.length > MAX_FILES) return null;
  const totalBytes = entries.reduce((sum, e) => sum + e.size, 0);
  for (let parts = 1; parts <= MAX_PARTS; parts *= 2) {
    const per = Math.ceil(entries.length / parts);
    const encoded: string[] = [];
    for (let part = 0; part * per < entries.length; part++) {
      const message: TransferOfferMessage = {
        type: 'transfer-offer',
        id,
        files: entries.slice(part * per, (part + 1) * per),
        fileCount: entries.length,
        totalBytes,
        part,
        parts: Math.ceil(entries.length / per),
      };
      const text = encodeChannelMessage(message, partLimit);
      if (text === null) break;
      encoded.push(text);
    }
    if (encoded.length === Math.ceil(entries.length / per)) return encoded;
  }
  return null;
}

/** Files from a file input; a folder picker (webkitdirectory) gives each its relative path. */
export function pickedFromInput(files: FileList | File[]): PickedFile[] {
  return [...files].map((file) => {
    const relative = file.webkitRelativePath;
    const path = relative ? relative.split('/').filter((c) => c.length > 0) : [file.name];
    return { file, path: path.length > 0 ? path : [file.name] };
  });
}

/**
 * Files (and whole folders, walked recursively) from a drop. Entries must be taken from the
 * DataTransfer synchronously, inside the drop event: it is emptied once the handler returns.
 */
export async function pickedFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of [...data.items]) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...data.files);
  const out: PickedFile[] = loose.map((file) => ({ file, path: [file.name] }));
  for (const entry of entries) await walk(entry, [], out);
  return out;
}

async function walk(entry: FileSystemEntry, parents: string[], out: PickedFile[]): Promise<void> {
  if (out.length > MAX_FILES) return;
  const path = [...parents, entry.name];
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call; an empty batch marks the end.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, out);
  }
}

/** Offers of one peer being assembled at once; more means a peer flooding us with part 0s. */
const MAX_PENDING_OFFERS = 16;

/**
 * Collects the parts of multi-part offers; an offer is complete when all its parts arrived. Each
 * part is judged as it arrives (parts that disagree or repeat, an entry that breaks a rule, more
 * files than announced refuse the offer at once), the whole manifest once every part is in; the
 * Java twin is protocol/.../peer/OfferAssembly, and protocol/vectors/manifest.json holds both to it.
 */
export class OfferAssembler {
  private readonly pending = new Map<string, { at: number; head: TransferOfferMessage; parts: (unknown[] | undefined)[] }>();

  /**
   * Adds one part. Returns null while parts are missing, else the validated manifest or the
   * reason it is refused (answered with `bad-manifest`).
   */
  add(offer: TransferOfferMessage, now = Date.now()): Parsed<Manifest> | null {
    for (const [id, p] of this.pending) if (now - p.at > PARTS_WINDOW_MILLIS) this.pending.delete(id);
    let entry = this.pending.get(offer.id);
    if (!entry) {
      // Maps iterate in insertion order: the first key is the oldest offer.
      if (this.pending.size >= MAX_PENDING_OFFERS) this.pending.delete(this.pending.keys().next().value!);
      entry = { at: now, head: offer, parts: new Array<unknown[] | undefined>(offer.parts) };
      this.pending.set(offer.id, entry);
    }
    const { head } = entry;
    if (head.parts !== offer.parts || head.fileCount !== offer.fileCount || head.totalBytes !== offer.totalBytes) {
      this.pending.delete(offer.id);
      return { ok: false, reason: 'offer parts disagree' };
    }
    if (entry.parts[offer.part] !== undefined) {
      this.pending.delete(offer.id);
      return { ok: false, reason: 'offer part repeated' };
    }
    entry.parts[offer.part] = offer.files;
    for (const raw of offer.files) {
      const file = parseFileEntry(raw);
      if (!file.ok) {
        this.pending.delete(offer.id);
        return { ok: false, reason: file.reason };
      }
    }
    const count = entry.parts.reduce((n, p) => n + (p ? p.length : 0), 0);
    if (count > head.fileCount) {
      this.pending.delete(offer.id);
      return { ok: false, reason: 'more files than fileCount' };
    }
    // Array.some skips the holes of a sparse array: look at every index.
    for (let i = 0; i < entry.parts.length; i++) if (entry.parts[i] === undefined) return null;
    this.pending.delete(offer.id);
    return checkManifest(entry.parts.flat() as unknown[], head.fileCount, head.totalBytes);
  }
}
