/**
 * Gives the sync layer a documents channel per peer: the peer whose id sorts lower opens
 * `peerhub-docs` once the control channel is open, the other receives it. Binary messages are
 * sync frames, text messages are cursor messages.
 */
import { isPolite } from '../negotiation';
import { DEFAULT_MAX_MESSAGE_SIZE, DOCS_CHANNEL_LABEL, MAX_FRAME_BYTES } from '../protocol';
import type { DocSync } from './doc-sync';

export interface ChannelOpener {
  selfId(): string | null;
  openChannel(peerId: string, label: string): RTCDataChannel | null;
  maxMessageSize(peerId: string): number | null;
}

/** What the channels feed: the sync layer (or a queue in front of it while wasm loads). */
export type SyncPort = Pick<DocSync, 'attach' | 'detach' | 'receiveFrame' | 'receiveText'>;

export class DocChannels {
  private readonly channels = new Map<string, RTCDataChannel>();

  constructor(
    private readonly sync: SyncPort,
    private readonly opener: ChannelOpener,
  ) {}

  /** The control channel to `peerId` opened: the lower id opens the documents channel. */
  controlOpened(peerId: string): void {
    const self = this.opener.selfId();
    if (!self || !isPolite(self, peerId)) return;
    const current = this.channels.get(peerId);
    if (current && (current.readyState === 'open' || current.readyState === 'connecting')) return;
    const channel = this.opener.openChannel(peerId, DOCS_CHANNEL_LABEL);
    if (channel) this.adopt(peerId, channel);
  }

  /** A channel the peer opened; anything not labelled `peerhub-docs` is someone else's. */
  channelArrived(peerId: string, channel: RTCDataChannel): void {
    if (channel.label !== DOCS_CHANNEL_LABEL) return;
    this.adopt(peerId, channel);
  }

  peerGone(peerId: string): void {
    const channel = this.channels.get(peerId);
    this.channels.delete(peerId);
    this.sync.detach(peerId);
    if (channel) {
      channel.onopen = channel.onclose = channel.onmessage = null;
      channel.close();
    }
  }

  private adopt(peerId: string, channel: RTCDataChannel): void {
    const previous = this.channels.get(peerId);
    if (previous && previous !== channel) {
      previous.onopen = previous.onclose = previous.onmessage = null;
      previous.close();
      this.sync.detach(peerId);
    }
    this.channels.set(peerId, channel);
    channel.binaryType = 'arraybuffer';
    const attach = () =>
      this.sync.attach(peerId, {
        sendBytes: (frame) => {
          if (channel.readyState !== 'open') throw new Error(`documents channel is ${channel.readyState}`);
          channel.send(frame as Uint8Array<ArrayBuffer>);
        },
        sendText: (text) => {
          if (channel.readyState === 'open') channel.send(text);
        },
        frameBytes: Math.min(this.opener.maxMessageSize(peerId) ?? DEFAULT_MAX_MESSAGE_SIZE, MAX_FRAME_BYTES),
      });
    channel.onopen = attach;
    channel.onclose = () => {
      if (this.channels.get(peerId) !== channel) return;
      this.channels.delete(peerId);
      this.sync.detach(peerId);
    };
    channel.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') this.sync.receiveText(peerId, event.data);
      else if (event.data instanceof ArrayBuffer) this.sync.receiveFrame(peerId, new Uint8Array(event.data));
    };
    if (channel.readyState === 'open') attach();
  }
}
