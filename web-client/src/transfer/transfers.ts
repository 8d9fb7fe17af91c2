/**
 * Every transfer of this page, both directions: routes the transfer control messages, data
 * channels and peer arrivals/departures to the right transfer, and tells the UI what changed.
 * It knows the protocol, never the DOM.
 */
import { t } from '../i18n';
import { markReceive } from '../test-hooks';
import { withNotice } from './view';
import { english } from '../policy/judge';
import type { ControlRoutes } from '../control-router';
import { Emitter } from '../emitter';
import { newMessageId } from '../chat';
import {
  FILE_CHANNEL_PREFIX,
  type FileEntry,
  type TransferControlMessage,
  type TransferOfferMessage,
} from '../protocol';
import { frameBytesFor } from './frame';
import { IncomingTransfer, stagingLockName } from './incoming';
import type { StagedStore } from './opfs-stores';
import { reconcile } from './reconcile';
import { OfferAssembler, encodeOffer, entryFor, type PickedFile } from './manifest';
import { FileSource } from './file-source';
import { OutgoingTransfer, type TransferLinks } from './outgoing';
import { newRecord, UNFINISHED_LIFETIME_MS, type ResumeBook, type StoreFailure } from './resume-book';
import { opfsAvailable } from './staging';
import { isFinal, type TransferView } from './view';
import { PolicyGuard } from '../policy/guard';

export interface IncomingOffer {
  id: string;
  peerId: string;
  senderName: string;
  files: FileEntry[];
  totalBytes: number;
}

export type TransfersEvents = {
  /** A complete, valid offer waits for the user's answer. */
  offer: [offer: IncomingOffer];
  /** An unanswered offer was withdrawn (cancelled, timed out, or its sender left). */
  'offer-gone': [id: string];
  /** A transfer changed; `progressOnly` when only the byte count moved. */
  update: [view: TransferView, progressOnly: boolean];
  /** This browser's storage refused a write or a delete: say so, it may leave bytes behind. */
  'storage-problem': [message: string];
};

/** An incoming transfer that holds staged bytes and may still continue. */
export interface UnfinishedTransfer {
  view: TransferView;
  /** Until when it may resume (ms since epoch); null when the sender cannot resume it. */
  expires: number | null;
}

/** Progress repaints at most this often; state changes are immediate. */
const PROGRESS_EVERY_MS = 250;

export class Transfers extends Emitter<TransfersEvents> {
  private readonly outgoing = new Map<string, OutgoingTransfer>();
  private readonly incoming = new Map<string, IncomingTransfer>();
  private readonly offers = new Map<string, IncomingOffer>();
  private readonly assemblers = new Map<string, OfferAssembler>();
  private readonly devices = new Map<string, string>();
  private readonly lastProgress = new Map<string, number>();
  private ready: Promise<void> = Promise.resolve();
  private folder: FileSystemDirectoryHandle | null = null;

  constructor(
    private readonly links: TransferLinks,
    private readonly book: ResumeBook,
    private readonly staged: StagedStore,
    routes: ControlRoutes,
    private readonly guard: PolicyGuard = new PolicyGuard(() => null),
  ) {
    super();
    for (const type of ['transfer-offer', 'transfer-answer', 'transfer-resume', 'transfer-cancel'] as const) {
      routes.on(type, (from, message) => this.handleControl(from.id, message));
    }
    book.on('failed', (failure) => this.emit('storage-problem', failureText(failure)));
  }

  /** Loads what was being received before a reload; those transfers wait for their senders. */
  start(): void {
    this.ready = this.restore().catch((err: unknown) => console.warn('peerhub: could not restore transfers', err));
  }

  setFolder(folder: FileSystemDirectoryHandle | null): void {
    this.folder = folder;
  }

  /**
   * Offers `picked` to one peer under `id`: a pull's, chosen by the puller so it knows the offer
   * for what it asked (docs/protocol.md "Shared folders"). False when that id is taken.
   */
  offerPulled(peerId: string, id: string, picked: PickedFile[]): boolean {
    if (this.outgoing.has(id) || this.incoming.has(id) || this.offers.has(id)) return false;
    return this.offer([peerId], picked, id) === 1;
  }

  /**
   * Offers what the hub's policy allows of `picked` to each peer, after reading each file's
   * first bytes; what it does not allow is shown as refused here, with the reason and the notice.
   */
  async offerAllowed(peerIds: string[], picked: PickedFile[]): Promise<number> {
    const { allowed, refused } = await this.guard.screen(picked);
    if (refused.length > 0) this.changed(heldBackView(picked, allowed, refused, this.guard.notice), false);
    return allowed.length > 0 ? this.offer(peerIds, allowed) : 0;
  }

  /** Offers `picked` to each peer (one offer per peer). Returns how many offers went out. */
  offer(peerIds: string[], picked: PickedFile[], pullId?: string): number {
    let sent = 0;
    // One source for the whole offer: each file is read and hashed once, whoever it goes to.
    const source = new FileSource(picked.map((p) => p.file));
    for (const peerId of peerIds) {
      const id = pullId ?? newMessageId();
      const transfer = new OutgoingTransfer(id, peerId, picked, source, this.links, (v, p) => this.changed(v, p));
      const parts = encodeOffer(id, picked.map(entryFor), frameBytesFor(this.links.maxMessageSize(peerId)));
      this.outgoing.set(id, transfer);
      if (!parts) {
        transfer.failUnsent(t('out.tooMany'));
        continue;
      }
      if (transfer.offer(parts)) sent++;
    }
    return sent;
  }

  async accept(id: string): Promise<void> {
    const offer = this.offers.get(id);
    if (!offer) return;
    this.offers.delete(id);
    markReceive('accepted', -1);
    const needed = offer.files.length > 1 ? 2 * offer.totalBytes : offer.totalBytes;
    const free = await freeSpace();
    if (free !== null && free < needed) {
      this.answer(offer.peerId, { type: 'transfer-answer', id, accept: false, reason: 'no-space' });
      const view = refusedView(offer, t('in.noSpace'));
      this.changed(view, false);
      return;
    }
    const record = newRecord(id, this.devices.get(offer.peerId) ?? null, offer.senderName, offer.files, offer.totalBytes);
    if (record.device) await this.book.save(record).catch(() => undefined);
    const transfer = this.newIncoming(offer.peerId, record);
    this.answer(offer.peerId, { type: 'transfer-answer', id, accept: true, have: await transfer.have() });
  }

  decline(id: string): void {
    const offer = this.offers.get(id);
    if (!offer) return;
    this.offers.delete(id);
    this.answer(offer.peerId, { type: 'transfer-answer', id, accept: false, reason: 'declined' });
  }

  cancel(id: string): void {
    this.outgoing.get(id)?.cancel();
    this.incoming.get(id)?.cancel();
  }

  save(id: string): void {
    void this.incoming.get(id)?.save();
  }

  /** Whether a transfer with this peer is moving bytes now (its avatar then shows the rate). */
  running(peerId: string): boolean {
    for (const t of [...this.outgoing.values(), ...this.incoming.values()]) {
      if (t.peerId === peerId && t.view.state === 'active') return true;
    }
    return false;
  }

  /** Incoming transfers that hold bytes and have not ended, for the Storage view. */
  unfinished(): UnfinishedTransfer[] {
    return [...this.incoming.values()]
      .filter((t) => !isFinal(t.view.state))
      .map((t) => ({ view: t.view, expires: t.resumable ? t.lastSaved + UNFINISHED_LIFETIME_MS : null }));
  }

  /** Finished transfers whose staged copy is still kept for `Save again`. */
  keptCopies(): TransferView[] {
    return [...this.incoming.values()].filter((t) => t.view.canSave).map((t) => t.view);
  }

  /** Cancels every unfinished incoming transfer (the senders are told) and deletes its bytes. */
  clearUnfinished(): number {
    const unfinished = [...this.incoming.values()].filter((t) => !isFinal(t.view.state));
    for (const t of unfinished) t.cancel();
    return unfinished.length;
  }

  /** Deletes the staged copies kept for `Save again` now rather than later. */
  async releaseCopies(): Promise<void> {
    await Promise.all([...this.incoming.values()].map((t) => t.release()));
  }

  /** Resolves when pending record writes have landed (the Storage view then reads the truth). */
  settled(): Promise<void> {
    return this.ready.then(() => this.book.settled());
  }

  /** A transfer control message from a peer (validated by the router). */
  private handleControl(peerId: string, message: TransferControlMessage): void {
    switch (message.type) {
      case 'transfer-offer':
        return this.offerPart(peerId, message);
      case 'transfer-answer': {
        const t = this.outgoing.get(message.id);
        if (t && t.peerId === peerId) t.answered(message.accept, message.reason, message.have ?? [], message.message);
        return;
      }
      case 'transfer-resume': {
        // The id is the bearer secret: whoever holds it is the receiver, whatever its peer id now.
        const t = this.outgoing.get(message.id);
        if (!t || isFinal(t.view.state)) {
          this.answer(peerId, { type: 'transfer-cancel', id: message.id, reason: 'gone' });
          return;
        }
        t.resume(peerId, message.have);
        return;
      }
      case 'transfer-cancel': {
        if (this.offers.has(message.id) && this.offers.get(message.id)!.peerId === peerId) {
          this.offers.delete(message.id);
          this.emit('offer-gone', message.id);
        }
        const out = this.outgoing.get(message.id);
        if (out && out.peerId === peerId) out.cancelledByPeer(message.reason, message.message);
        const inc = this.incoming.get(message.id);
        if (inc && inc.peerId === peerId) inc.cancelledByPeer(message.reason, message.message);
      }
    }
  }

  /** A data channel the peer opened; ours only if it names a transfer we receive from that peer. */
  channelArrived(peerId: string, channel: RTCDataChannel): void {
    if (!channel.label.startsWith(FILE_CHANNEL_PREFIX)) return;
    const t = this.incoming.get(channel.label.slice(FILE_CHANNEL_PREFIX.length));
    if (!t || t.peerId !== peerId || isFinal(t.view.state)) {
      channel.close();
      return;
    }
    void t.attach(channel);
  }

  /** A peer said hello: remember its device, and continue what we were receiving from it. */
  peerHello(peerId: string, device: string | undefined): void {
    if (!device) return;
    this.devices.set(peerId, device);
    void this.ready.then(() => {
      for (const record of this.book.fromDevice(device)) {
        const t = this.incoming.get(record.id);
        if (t?.view.state === 'paused') void t.resumeWith(peerId);
      }
    });
  }

  /**
   * The peer's connection was rebuilt while it stays in the room: its channels are gone, so what
   * was moving pauses; it continues from the verified bytes once the peer says hello on the new
   * connection (peerHello), the same way as after it left and came back. Offers wait on.
   */
  linkLost(peerId: string): void {
    this.assemblers.delete(peerId);
    for (const t of this.outgoing.values()) if (t.peerId === peerId) t.linkLost();
    for (const t of this.incoming.values()) if (t.peerId === peerId) t.pause(true);
  }

  /** The peer's connection is gone (it left, or its page was closed or reloaded). */
  peerGone(peerId: string): void {
    this.devices.delete(peerId);
    this.assemblers.delete(peerId);
    for (const [id, offer] of this.offers) {
      if (offer.peerId === peerId) {
        this.offers.delete(id);
        this.emit('offer-gone', id);
      }
    }
    for (const t of this.outgoing.values()) if (t.peerId === peerId) t.peerGone();
    for (const t of this.incoming.values()) if (t.peerId === peerId) t.pause();
  }

  private offerPart(peerId: string, part: TransferOfferMessage): void {
    let assembler = this.assemblers.get(peerId);
    if (!assembler) {
      assembler = new OfferAssembler();
      this.assemblers.set(peerId, assembler);
    }
    const manifest = assembler.add(part);
    if (manifest === null) return;
    if (this.offers.has(part.id) || this.incoming.has(part.id)) return;
    if (!manifest.ok) {
      console.warn(`peerhub: offer from ${peerId} refused (${manifest.reason})`);
      this.answer(peerId, { type: 'transfer-answer', id: part.id, accept: false, reason: 'bad-manifest', message: manifest.reason });
      return;
    }
    const offer: IncomingOffer = {
      id: part.id,
      peerId,
      senderName: this.links.peerName(peerId),
      files: manifest.value.files,
      totalBytes: manifest.value.totalBytes,
    };
    const words = this.guard.judgeOffer(offer.files, offer.totalBytes);
    if (words !== null) {
      // The peer reads the protocol's English; this page says it in its own language.
      const message = this.guard.judgeOffer(offer.files, offer.totalBytes, english) ?? words;
      this.answer(peerId, { type: 'transfer-answer', id: part.id, accept: false, reason: 'policy', message });
      this.changed(refusedView(offer, withNotice(t('in.refusedPolicy', { words }), this.guard.notice)), false);
      return;
    }
    this.offers.set(offer.id, offer);
    this.emit('offer', offer);
  }

  private newIncoming(peerId: string | null, record: ReturnType<typeof newRecord>): IncomingTransfer {
    const transfer = new IncomingTransfer(peerId, record, {
      book: this.book,
      sendControl: (to, message) => this.answer(to, message),
      folder: () => this.folder,
      changed: (v, p) => this.changed(v, p),
      storageFailed: (id, error) => this.storageFailed(id, error),
      judgeHead: (entry, head) => this.guard.judgeHead(entry, head),
      policyNotice: () => this.guard.notice,
    });
    this.incoming.set(record.id, transfer);
    this.changed(transfer.view, false);
    return transfer;
  }

  private async restore(): Promise<void> {
    if (!opfsAvailable()) return;
    const result = await reconcile(this.book, this.staged, {
      now: Date.now(),
      inUse: await transfersInUse(),
      failed: (id, error) => this.storageFailed(id, error),
    });
    if (result.removedRecords.size > 0 || result.removedStaged.length > 0) {
      const why = [...result.removedRecords].map(([id, reason]) => `${id}: ${reason}`).join(', ');
      console.info(`peerhub: storage clean-up removed ${result.removedRecords.size} record(s) [${why}]`
        + ` and ${result.removedStaged.length} staged folder(s), ${result.freedBytes} bytes`);
    }
    for (const record of result.kept) this.newIncoming(null, record).showPaused();
  }

  private storageFailed(id: string, error: unknown): void {
    console.error(`peerhub: could not delete the staged bytes of transfer ${id}`, error);
    this.emit('storage-problem', `This browser's storage refused to delete the bytes of a transfer (${describe(error)}). Use Storage to try again.`);
  }

  private answer(peerId: string, message: object): void {
    this.links.send(peerId, JSON.stringify(message));
  }

  private changed(view: TransferView, progressOnly: boolean): void {
    if (progressOnly) {
      const now = performance.now();
      if (now - (this.lastProgress.get(view.id) ?? 0) < PROGRESS_EVERY_MS) return;
      this.lastProgress.set(view.id, now);
    }
    this.emit('update', view, progressOnly);
  }
}

function refusedView(offer: IncomingOffer, detail: string): TransferView {
  return {
    id: offer.id,
    direction: 'in',
    peerName: offer.senderName,
    names: offer.files.map((f) => f.path.join('/')),
    sizes: offer.files.map((f) => f.size),
    totalBytes: offer.totalBytes,
    state: 'refused',
    doneBytes: 0,
    currentFile: 0,
    detail,
    canSave: false,
  };
}

/** The files this page did not offer because the hub's policy does not allow them. */
function heldBackView(picked: PickedFile[], allowed: PickedFile[], refused: string[], notice: string | null): TransferView {
  const held = picked.filter((p) => !allowed.includes(p));
  return {
    id: newMessageId(),
    direction: 'out',
    peerName: '',
    names: held.map((p) => p.path.join('/')),
    sizes: held.map((p) => p.file.size),
    totalBytes: held.reduce((n, p) => n + p.file.size, 0),
    state: 'refused',
    doneBytes: 0,
    currentFile: 0,
    detail: withNotice(t('out.heldBack', { reasons: refused.join('; ') }), notice),
    canSave: false,
    heldBack: true,
  };
}

/** Free bytes this origin may still store, or null when the browser does not say. */
async function freeSpace(): Promise<number | null> {
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return null;
    return estimate.quota - estimate.usage;
  } catch {
    return null;
  }
}

/** Transfers another tab of this browser is receiving right now (it holds their Web Lock). */
async function transfersInUse(): Promise<Set<string>> {
  const ids = new Set<string>();
  try {
    const state = await navigator.locks?.query();
    for (const lock of state?.held ?? []) {
      if (lock.name?.startsWith(stagingLockName(''))) ids.add(lock.name.slice(stagingLockName('').length));
    }
  } catch {
    // Without Web Locks we cannot tell; a second tab is rare enough to accept the risk.
  }
  return ids;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function failureText(failure: StoreFailure): string {
  return t(failure.action === 'save' ? 'storage.refused.save' : 'storage.refused.remove', { error: describe(failure.error) });
}
