/**
 * Gives the sync layer a documents channel per peer. Documents load only where they are used
 * (lazy-docs.ts), so a page whose documents are up opens `peerhub-docs` to every verified peer
 * that has not opened one to it: that is how a peer learns that documents are in use, and loads
 * its own. When both open at once, the channel opened by the peer whose id sorts lower is kept by
 * both sides, and the other is closed (the same rule as the Java peer's DocsChannels). Binary
 * messages are sync frames, text messages are cursor messages.
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
  /** The channels this side opened, to settle which one stays when both sides opened one. */
  private readonly ours = new WeakSet<RTCDataChannel>();

  constructor(
    private readonly sync: SyncPort,
    private readonly opener: ChannelOpener,
  ) {}

  /** `peerId` is verified (or was, before our documents were up): open ours unless one is there. */
  controlOpened(peerId: string): void {
    if (live(this.channels.get(peerId))) return;
    const channel = this.opener.openChannel(peerId, DOCS_CHANNEL_LABEL);
    if (!channel) return;
    this.ours.add(channel);
    this.adopt(peerId, channel);
  }

  /** A channel the peer opened; anything not labelled `peerhub-docs` is someone else's. */
  channelArrived(peerId: string, channel: RTCDataChannel): void {
    if (channel.label !== DOCS_CHANNEL_LABEL) return;
    const current = this.channels.get(peerId);
    const self = this.opener.selfId();
    // Both opened at once: the lower id's channel wins on both sides, so ours stays.
    if (current && this.ours.has(current) && live(current) && self !== null && isPolite(self, peerId)) {
      channel.close();
      return;
    }
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

function live(channel: RTCDataChannel | undefined): channel is RTCDataChannel {
  return channel !== undefined && (channel.readyState === 'open' || channel.readyState === 'connecting');
}
