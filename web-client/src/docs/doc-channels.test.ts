import { describe, expect, it } from 'vitest';
import { DOCS_CHANNEL_LABEL } from '../protocol';
import { DocChannels, type SyncPort } from './doc-channels';

/** Just what DocChannels touches of an RTCDataChannel, which Node does not have. */
class FakeChannel {
  binaryType = 'blob';
  readyState: RTCDataChannelState = 'connecting';
  onopen: (() => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly sent: unknown[] = [];
  constructor(
    readonly label: string,
    readonly openedBy: string,
  ) {}
  open(): void {
    this.readyState = 'open';
    this.onopen?.();
  }
  close(): void {
    this.readyState = 'closed';
  }
  send(data: unknown): void {
    this.sent.push(data);
  }
}

class LoggingSync implements SyncPort {
  readonly log: string[] = [];
  attach(peerId: string) {
    this.log.push(`attach ${peerId}`);
  }
  detach(peerId: string) {
    this.log.push(`detach ${peerId}`);
  }
  receiveFrame() {}
  receiveText() {}
}

function side(self: string) {
  const opened: FakeChannel[] = [];
  const sync = new LoggingSync();
  const channels = new DocChannels(sync, {
    selfId: () => self,
    openChannel: (_peer, label) => {
      const channel = new FakeChannel(label, self);
      opened.push(channel);
      return channel as unknown as RTCDataChannel;
    },
    maxMessageSize: () => 256 * 1024,
  });
  return { channels, opened, sync };
}

const asChannel = (c: FakeChannel) => c as unknown as RTCDataChannel;

describe('documents channels, opened by the side whose documents are up', () => {
  it('opens one to a verified peer whichever id sorts lower, and not a second while it lives', () => {
    const bob = side('b');
    bob.channels.controlOpened('a');
    bob.channels.controlOpened('a');
    expect(bob.opened).toHaveLength(1);
    expect(bob.opened[0]?.label).toBe(DOCS_CHANNEL_LABEL);
    bob.opened[0]?.close();
    bob.channels.controlOpened('a');
    expect(bob.opened).toHaveLength(2);
  });

  it('takes the channel a peer opened and opens none of its own then', () => {
    const bob = side('b');
    const theirs = new FakeChannel(DOCS_CHANNEL_LABEL, 'a');
    bob.channels.channelArrived('a', asChannel(theirs));
    bob.channels.controlOpened('a');
    expect(bob.opened).toHaveLength(0);
    theirs.open();
    expect(bob.sync.log).toEqual(['attach a']);
  });

  it('when both opened at once, both sides keep the channel the lower id opened', () => {
    const alice = side('a');
    const bob = side('b');
    alice.channels.controlOpened('b');
    bob.channels.controlOpened('a');
    const alicesAtAlice = alice.opened[0]!;
    const bobsAtBob = bob.opened[0]!;
    // Each channel's other end, as it arrives at the other side.
    const alicesAtBob = new FakeChannel(DOCS_CHANNEL_LABEL, 'a');
    const bobsAtAlice = new FakeChannel(DOCS_CHANNEL_LABEL, 'b');
    alice.channels.channelArrived('b', asChannel(bobsAtAlice));
    bob.channels.channelArrived('a', asChannel(alicesAtBob));
    expect(bobsAtAlice.readyState).toBe('closed');
    expect(bobsAtBob.readyState).toBe('closed');
    expect(alicesAtAlice.readyState).toBe('connecting');
    // Alice's channel is the one both sides read and write.
    alicesAtAlice.open();
    alicesAtBob.open();
    expect(alice.sync.log).toEqual(['attach b']);
    expect(bob.sync.log).toEqual(['detach a', 'attach a']);
  });

  it('ignores channels that are not the documents channel', () => {
    const bob = side('b');
    const files = new FakeChannel('peerhub-file-x', 'a');
    bob.channels.channelArrived('a', asChannel(files));
    expect(files.onmessage).toBeNull();
    bob.channels.controlOpened('a');
    expect(bob.opened).toHaveLength(1);
  });
});
