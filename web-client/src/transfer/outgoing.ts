/**
 * One offer of files to one peer, from the sender's side: offer, wait for the answer (5 minutes
 * at most), stream on a `peerhub-file:<id>` channel, follow acks and results, and resume from
 * what the receiver holds when it comes back (the File handles stay in memory meanwhile).
 */
import { t, type Key } from '../i18n';
import {
  FILE_CHANNEL_PREFIX,
  ANSWER_TIMEOUT_MILLIS,
  parseFileChannelFrame,
  type CancelReason,
  type FileBytes,
  type RefusalReason,
} from '../protocol';
import type { FileSource, SourceReader } from './file-source';
import { chunkBytesFor } from './frame';
import type { PickedFile } from './manifest';
import { ChannelSendError, ChunkSender } from './sender';
import { displayPath, isFinal, type TransferView } from './view';

/** What a transfer needs from the room: the control channel and new data channels per peer. */
export interface TransferLinks {
  send(peerId: string, text: string): boolean;
  openChannel(peerId: string, label: string): RTCDataChannel | null;
  maxMessageSize(peerId: string): number | null;
  peerName(peerId: string): string;
}

const REFUSAL_TEXT: Record<RefusalReason, Key> = {
  declined: 'out.reason.declined',
  'too-large': 'out.reason.tooLarge',
  quota: 'out.reason.quota',
  'no-space': 'out.reason.noSpace',
  'not-allowed': 'out.reason.notAllowed',
  'bad-manifest': 'out.reason.badManifest',
  busy: 'out.reason.busy',
  policy: 'out.reason.policy',
};

export class OutgoingTransfer {
  readonly view: TransferView;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private channel: RTCDataChannel | null = null;
  private sender: ChunkSender | null = null;
  private readonly acked: number[];
  private readonly ok: (boolean | null)[];
  private readonly reader: SourceReader;

  constructor(
    readonly id: string,
    public peerId: string,
    picked: PickedFile[],
    /** The offer's files, shared with the transfers of the same offer to other peers. */
    source: FileSource,
    private readonly links: TransferLinks,
    private readonly changed: (view: TransferView, progressOnly: boolean) => void,
  ) {
    this.reader = source.reader();
    this.acked = picked.map(() => 0);
    this.ok = picked.map(() => null);
    this.view = {
      id,
      direction: 'out',
      peerName: links.peerName(peerId),
      names: picked.map((p) => displayPath(p.path)),
      sizes: picked.map((p) => p.file.size),
      totalBytes: picked.reduce((n, p) => n + p.file.size, 0),
      state: 'offered',
      doneBytes: 0,
      currentFile: 0,
      detail: t('out.waiting', { name: links.peerName(peerId) }),
      canSave: false,
    };
  }

  /** Sends the offer parts; false if the peer is not reachable. */
  offer(parts: string[]): boolean {
    for (const part of parts) {
      if (!this.links.send(this.peerId, part)) {
        this.finish('failed', t('out.notConnected', { name: this.view.peerName }));
        return false;
      }
    }
    this.timer = setTimeout(() => {
      this.sendControl({ type: 'transfer-cancel', id: this.id, reason: 'timeout' });
      this.finish('refused', t('out.timeout', { name: this.view.peerName }));
    }, ANSWER_TIMEOUT_MILLIS);
    this.emit();
    return true;
  }

  /** The offer could not even be put into messages. */
  failUnsent(detail: string): void {
    this.finish('failed', detail);
  }

  answered(accept: boolean, reason: RefusalReason | undefined, have: FileBytes[], message?: string): void {
    if (this.view.state !== 'offered') return;
    this.clearTimer();
    if (!accept) {
      // Only the policy's words are shown: they are the receiver's, and meant for the sender.
      const why = t(REFUSAL_TEXT[reason ?? 'declined']);
      this.finish('refused', reason === 'policy' && message
        ? t('out.refusedWithMessage', { name: this.view.peerName, why, message })
        : t('out.refused', { name: this.view.peerName, why }));
      return;
    }
    this.start(have);
  }

  /** The receiver (perhaps with a new peer id, after a reload) asks to continue. */
  resume(peerId: string, have: FileBytes[]): void {
    if (isFinal(this.view.state)) return;
    this.peerId = peerId;
    this.view.peerName = this.links.peerName(peerId);
    this.stopData();
    this.start(have);
  }

  /** The receiver's connection went away: keep everything and wait for its `transfer-resume`. */
  peerGone(): void {
    if (this.view.state === 'offered') {
      this.clearTimer();
      this.finish('failed', t('out.leftBeforeAnswer', { name: this.view.peerName }));
      return;
    }
    if (this.view.state === 'active' || this.view.state === 'starting') this.pause();
  }

  /** The connection was rebuilt under a running transfer: pause and wait for the receiver's `transfer-resume`. */
  linkLost(): void {
    if (this.view.state === 'active' || this.view.state === 'starting') this.pause(t('out.reconnecting', { name: this.view.peerName }));
  }

  cancelledByPeer(reason: CancelReason, message?: string): void {
    if (isFinal(this.view.state)) return;
    if (reason === 'policy') {
      this.finish('refused', message
        ? t('out.stoppedPolicyWithMessage', { name: this.view.peerName, message })
        : t('out.stoppedPolicy', { name: this.view.peerName }));
    } else if (reason === 'failed') this.finish('failed', t('out.theirSideFailed', { name: this.view.peerName }));
    else this.finish('cancelled', t('out.cancelledBy', { name: this.view.peerName }));
  }

  cancel(): void {
    if (isFinal(this.view.state)) return;
    this.sendControl({ type: 'transfer-cancel', id: this.id, reason: 'cancelled' });
    this.finish('cancelled', t('out.cancelled'));
  }

  private start(have: FileBytes[]): void {
    for (const h of have) if (h.file < this.acked.length) this.acked[h.file] = Math.min(h.bytes, this.view.sizes[h.file]!);
    this.setState('starting', t('out.connecting', { name: this.view.peerName }));
    const channel = this.links.openChannel(this.peerId, FILE_CHANNEL_PREFIX + this.id);
    if (!channel) {
      this.pause();
      return;
    }
    this.channel = channel;
    channel.binaryType = 'arraybuffer';
    channel.onopen = () => {
      this.setState('active', '');
      const chunk = chunkBytesFor(this.links.maxMessageSize(this.peerId));
      const sender = new ChunkSender(channel, this.reader, chunk, (file) => {
        this.view.currentFile = file;
      });
      this.sender = sender;
      sender.run(have).catch((err: unknown) => {
        // A stopped sender's leftovers (a read cut short by a peer's stop) are not news.
        if (this.sender !== sender || isFinal(this.view.state)) return;
        console.warn('peerhub: sending failed', err);
        if (channel.readyState !== 'open') {
          // The link broke under us: the receiver resumes (or cancels) when it can.
          this.pause();
          return;
        }
        this.sendControl({ type: 'transfer-cancel', id: this.id, reason: 'failed' });
        if (err instanceof ChannelSendError) this.finish('failed', t('out.channelRefused', { name: this.view.peerName }));
        else this.finish('failed', t('out.unreadable'));
      });
    };
    channel.onmessage = (event: MessageEvent) => this.frame(event.data);
    channel.onclose = () => {
      if (this.channel === channel && !isFinal(this.view.state)) this.pause();
    };
  }

  private frame(data: unknown): void {
    if (typeof data !== 'string') return;
    const parsed = parseFileChannelFrame(data);
    if (!parsed.ok) return;
    const frame = parsed.value;
    switch (frame.type) {
      case 'ack':
        if (frame.file < this.acked.length) {
          this.acked[frame.file] = Math.min(frame.bytes, this.view.sizes[frame.file]!);
          this.view.doneBytes = this.acked.reduce((a, b) => a + b, 0);
          this.view.currentFile = frame.file;
          this.emit(true);
        }
        return;
      case 'file-result':
        if (frame.file < this.ok.length) this.ok[frame.file] = frame.ok;
        return;
      case 'transfer-done': {
        const failed = this.ok.filter((ok) => ok === false).length;
        if (failed > 0) this.finish('failed', t('out.someFailed', { failed, total: this.ok.length }));
        else this.finish('verified', t('out.delivered', { name: this.view.peerName }));
        return;
      }
      default:
    }
  }

  private pause(detail = t('out.waitingBack', { name: this.view.peerName })): void {
    this.stopData();
    this.setState('paused', detail);
  }

  private stopData(): void {
    this.sender?.stop();
    this.sender = null;
    const channel = this.channel;
    this.channel = null;
    if (channel) {
      channel.onclose = null;
      channel.onmessage = null;
      channel.close();
    }
  }

  private finish(state: 'verified' | 'failed' | 'refused' | 'cancelled', detail: string): void {
    this.clearTimer();
    this.stopData();
    this.reader.end();
    if (state === 'verified') this.view.doneBytes = this.view.totalBytes;
    this.setState(state, detail);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private sendControl(message: object): void {
    this.links.send(this.peerId, JSON.stringify(message));
  }

  private setState(state: TransferView['state'], detail: string): void {
    this.view.state = state;
    this.view.detail = detail;
    this.emit();
  }

  private emit(progressOnly = false): void {
    this.changed(this.view, progressOnly);
  }
}
