/**
 * One offer of files from one peer, from the receiver's side, once accepted: stage the bytes,
 * verify each file, hand the verified ones over, and keep the bookkeeping that lets the
 * transfer continue after a reload or a lost connection.
 */
import { t } from '../i18n';
import { markReceive } from '../test-hooks';
import { STAGED_DIR } from '../opfs-layout';
import type { FileBytes, FileEntry } from '../protocol';
import { download, saveToFolder, zipFiles, type VerifiedFile } from './handover';
import { savePaths } from './names';
import { ChunkReceiver, type HeadCheck, type ReceiverEvents } from './receiver';
import { haveList, type ResumeBook, type ResumeRecord } from './resume-book';
import { MEMORY_WARNING_BYTES, MemoryStaging, OpfsStaging, opfsAvailable, type Staging } from './staging';
import { displayPath, isFinal, withNotice, type TransferView } from './view';

export interface IncomingContext {
  book: ResumeBook;
  sendControl(peerId: string, message: object): void;
  /** The folder the user chose to receive into, if any. */
  folder(): FileSystemDirectoryHandle | null;
  changed(view: TransferView, progressOnly: boolean): void;
  /** Staged bytes could not be deleted: the person must hear of it (see the Storage view). */
  storageFailed(id: string, error: unknown): void;
  /** The hub policy's verdict on a file's first bytes, in words; null: allowed, or no policy. */
  judgeHead(entry: FileEntry, head: Uint8Array): Promise<string | null>;
  /** The hub's notice, said with a refusal. */
  policyNotice(): string | null;
}

/**
 * After the hand-over, the staged copy stays this long for `Save again` (and for a download
 * that still reads from it), then it is deleted. A page closed earlier leaves it to the next
 * page's start-up, which deletes staged bytes that have no resume record.
 */
export const SAVE_AGAIN_MS = 10 * 60_000;

export class IncomingTransfer {
  readonly view: TransferView;
  private readonly staging: Staging;
  private receiver: { stop(): void } | null = null;
  private readonly written: number[];
  private readonly savePaths: string[][];
  private verifiedFiles: VerifiedFile[] = [];
  private releaseTimer: ReturnType<typeof setTimeout> | null = null;
  private released = false;

  constructor(
    public peerId: string | null,
    private readonly record: ResumeRecord,
    private readonly ctx: IncomingContext,
  ) {
    this.staging = opfsAvailable() ? new OpfsStaging(record.id) : new MemoryStaging();
    holdStagingLock(record.id);
    this.written = [...record.bytes];
    this.savePaths = savePaths(record.files.map((f) => f.path));
    this.view = {
      id: record.id,
      direction: 'in',
      peerName: record.senderName,
      names: record.files.map((f) => displayPath(f.path)),
      sizes: record.files.map((f) => f.size),
      totalBytes: record.totalBytes,
      state: 'starting',
      doneBytes: this.written.reduce((a, b) => a + b, 0),
      currentFile: 0,
      detail: t('in.waiting', { name: record.senderName }),
      canSave: false,
    };
    if (!opfsAvailable() && record.totalBytes > MEMORY_WARNING_BYTES) {
      this.view.warning = t('in.inMemory');
    }
  }

  get id(): string {
    return this.record.id;
  }

  /** Only a transfer from a sender with a device id can continue after a reload. */
  get resumable(): boolean {
    return this.record.device !== null;
  }

  /** When the record was last written (unfinished transfers expire from there). */
  get lastSaved(): number {
    return this.record.updated;
  }

  /** What we hold, for `transfer-answer.have` and `transfer-resume`. */
  async have(): Promise<FileBytes[]> {
    const held = await this.staging.held(this.record.files.length);
    return haveList(this.record, held);
  }

  /** After a reload: shown as paused until the sender is back. */
  showPaused(): void {
    this.setState('paused', t('in.waitingBack', { name: this.record.senderName }));
  }

  /** The sender is back (maybe under a new peer id): ask it to continue. */
  async resumeWith(peerId: string): Promise<void> {
    if (isFinal(this.view.state)) return;
    this.peerId = peerId;
    const have = await this.have();
    const held = have.reduce((n, h) => n + h.bytes, 0);
    console.info(`peerhub: resuming transfer ${this.id}, holding ${held} of ${this.record.totalBytes} bytes`);
    this.ctx.sendControl(peerId, { type: 'transfer-resume', id: this.id, have });
    this.setState('starting', t('in.continuing', { name: this.record.senderName }));
  }

  /** The sender opened the data channel for this transfer. */
  async attach(channel: RTCDataChannel): Promise<void> {
    this.receiver?.stop();
    // Where it can, the channel goes to the stage worker in the task it arrived in (the only
    // time it may move): its frames are then checked, written and hashed there, off this thread.
    const staging = this.staging;
    const inWorker = staging instanceof OpfsStaging && staging.adopt(channel);
    // The sender may start at once: hold what arrives while we look at our storage, since a
    // message event with no listener is lost (the worker holds them itself).
    const early: unknown[] = [];
    if (!inWorker) {
      channel.binaryType = 'arraybuffer';
      channel.onmessage = (event: MessageEvent) => {
        if (early.push(event.data) === 1) markReceive('first-frame', -1);
      };
    }
    const sendText = inWorker
      ? (text: string) => staging.sendText(text)
      : (text: string) => channel.readyState === 'open' && channel.send(text);
    const held = await this.staging.held(this.record.files.length);
    const have = haveList(this.record, held);
    const heldPerFile = this.record.files.map(() => 0);
    for (const h of have) heldPerFile[h.file] = h.bytes;
    const done = this.record.verified.map((v) => v !== null);
    this.setState('active', '');
    const events: ReceiverEvents = {
      progress: (file, bytes) => {
        this.written[file] = bytes;
        this.view.currentFile = file;
        this.view.doneBytes = this.written.reduce((a, b) => a + b, 0);
        this.ctx.changed(this.view, true);
      },
      verified: (file, ok, sha256) => {
        this.written[file] = this.record.files[file]!.size;
        this.record.bytes[file] = this.written[file]!;
        if (ok) this.record.verified[file] = sha256;
        else this.failedFiles++;
        this.persist();
      },
      complete: () => void this.complete(sendText),
      broken: (reason) => {
        console.warn(`peerhub: transfer ${this.id} broken: ${reason}`);
        if (this.peerId) this.ctx.sendControl(this.peerId, { type: 'transfer-cancel', id: this.id, reason: 'failed' });
        this.abort('failed', t('in.broken'));
      },
      refused: (words) => {
        console.warn(`peerhub: transfer ${this.id} stopped by the hub policy: ${words}`);
        if (this.peerId) this.ctx.sendControl(this.peerId, { type: 'transfer-cancel', id: this.id, reason: 'policy', message: words });
        const notice = this.ctx.policyNotice();
        this.abort('refused', withNotice(t('in.stoppedPolicy', { words }), notice));
      },
    };
    const headCheck: HeadCheck = (file, head) => this.ctx.judgeHead(this.record.files[file]!, head);
    const closed = (): void => {
      if (!isFinal(this.view.state)) this.pause();
    };
    if (inWorker) {
      this.receiver = staging.receive(this.record.files, heldPerFile, done, events, headCheck, closed);
    } else {
      this.receiver = new ChunkReceiver(channel, early, this.record.files, this.staging, heldPerFile, done, events, headCheck);
      channel.onclose = closed;
    }
    if (done.every(Boolean)) void this.complete(sendText);
  }

  private failedFiles = 0;
  private completing = false;

  /** The data channel or the peer went away mid-transfer (or its connection is being rebuilt: `reconnecting`). */
  pause(reconnecting = false): void {
    if (isFinal(this.view.state) || this.view.state === 'paused') return;
    this.receiver?.stop();
    this.receiver = null;
    this.record.bytes = [...this.written];
    this.persist();
    if (reconnecting) this.setState('paused', t('in.reconnecting', { name: this.record.senderName }));
    else this.showPaused();
  }

  cancel(): void {
    if (isFinal(this.view.state)) return;
    if (this.peerId) this.ctx.sendControl(this.peerId, { type: 'transfer-cancel', id: this.id, reason: 'cancelled' });
    this.abort('cancelled', t('in.cancelled'));
  }

  cancelledByPeer(reason: string, message?: string): void {
    if (isFinal(this.view.state)) return;
    if (reason === 'policy') {
      this.abort('refused', message
        ? t('in.senderStoppedPolicyWithMessage', { name: this.record.senderName, message })
        : t('in.senderStoppedPolicy', { name: this.record.senderName }));
      return;
    }
    this.abort('cancelled', t(reason === 'gone' ? 'in.gone' : 'in.cancelledBy', { name: this.record.senderName }));
  }

  /** Saves the verified files again (a second download). */
  async save(): Promise<void> {
    if (this.released) return;
    await this.handOver();
  }

  /** Every file has a result: hand the verified ones over and tell the sender (`sendText`, on the transfer's channel). */
  private async complete(sendText: (text: string) => void): Promise<void> {
    if (this.completing) return;
    this.completing = true;
    this.receiver?.stop();
    this.receiver = null;
    const verified: VerifiedFile[] = [];
    for (let i = 0; i < this.record.files.length; i++) {
      if (this.record.verified[i]) verified.push({ path: this.savePaths[i]!, file: await this.staging.read(i) });
    }
    this.verifiedFiles = verified;
    // Forgotten before the hand-over: a page closed during it must not bring the transfer back.
    await this.ctx.book.remove(this.id);
    if (verified.length === 0) {
      this.abortLocally('failed', t('in.failedVerification'));
    } else {
      try {
        await this.handOver();
      } catch (err) {
        console.warn('peerhub: saving failed', err);
        this.abortLocally('failed', t('in.notSaved'));
        return;
      }
      const failed = this.failedFiles;
      this.view.doneBytes = this.view.totalBytes;
      this.view.canSave = true;
      this.view.sha256 = [...this.record.verified];
      if (failed > 0) this.setState('failed', t('in.someFailed', { failed, total: this.record.files.length }));
      else this.setState('verified', '');
      this.releaseTimer = setTimeout(() => void this.release(), SAVE_AGAIN_MS);
    }
    sendText(JSON.stringify({ type: 'transfer-done' }));
  }

  /** Deletes the staged copy of a finished transfer; `Save again` goes with it. */
  async release(): Promise<void> {
    if (this.released || !isFinal(this.view.state)) return;
    this.released = true;
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.verifiedFiles = [];
    if (this.view.canSave) {
      this.view.canSave = false;
      this.ctx.changed(this.view, false);
    }
    await this.staging.destroy().catch((err: unknown) => this.ctx.storageFailed(this.id, err));
  }

  /** Only a transfer whose sender has a device id can resume, so only those are written down. */
  private persist(): void {
    if (this.record.device) void this.ctx.book.save(this.record);
  }

  private async handOver(): Promise<void> {
    const files = this.verifiedFiles;
    const folder = this.ctx.folder();
    if (folder) {
      await saveToFolder(folder, files);
      markReceive('handed-over', -1);
      return;
    }
    if (files.length === 1 && this.record.files.length === 1) {
      download(files[0]!.file, files[0]!.path.at(-1)!);
      markReceive('handed-over', 0);
      return;
    }
    const target = this.staging instanceof OpfsStaging ? await zipTarget(this.id) : null;
    download(await zipFiles(files, target), t('in.zipName', { count: files.length }));
    markReceive('handed-over', -1);
  }

  private abort(state: 'failed' | 'cancelled' | 'refused', detail: string): void {
    this.receiver?.stop();
    this.receiver = null;
    void this.ctx.book.remove(this.id);
    this.abortLocally(state, detail);
  }

  private abortLocally(state: 'failed' | 'cancelled' | 'refused', detail: string): void {
    this.view.canSave = false;
    this.released = true;
    void this.staging.destroy().catch((err: unknown) => this.ctx.storageFailed(this.id, err));
    this.setState(state, detail);
  }

  private setState(state: TransferView['state'], detail: string): void {
    this.view.state = state;
    this.view.detail = detail;
    this.ctx.changed(this.view, false);
  }
}

/**
 * Other tabs of this browser share the origin-private file system: a Web Lock per transfer, held
 * while this page lives, tells them these staged bytes are in use (see Transfers.restore).
 */
export function stagingLockName(id: string): string {
  return `peerhub-transfer:${id}`;
}

function holdStagingLock(id: string): void {
  void navigator.locks?.request(stagingLockName(id), () => new Promise<void>(() => undefined)).catch(() => undefined);
}

async function zipTarget(id: string): Promise<FileSystemFileHandle> {
  const root = await navigator.storage.getDirectory();
  const dir = await (await root.getDirectoryHandle(STAGED_DIR, { create: true })).getDirectoryHandle(id, { create: true });
  return dir.getFileHandle('archive.zip', { create: true });
}
