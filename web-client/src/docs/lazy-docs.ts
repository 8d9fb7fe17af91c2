/**
 * The documents engine (Automerge's JS and its 3.6 MB wasm, the editor: most of the room page's
 * code and memory) loads only when documents are needed: the person opens them, a peer opens the
 * documents channel (its documents are in use), or this browser kept documents of the room. A
 * room where nobody uses them never fetches, compiles or holds any of it. Until it has loaded,
 * calls are queued in order, and a documents channel that arrives meanwhile is held with what it
 * receives, so nothing that comes early is lost (docs/protocol.md "Documents").
 */
import { DOCS_CHANNEL_LABEL } from '../protocol';

/** What room.ts hands the documents: RoomDocs' public face. */
export interface DocsEngine {
  controlOpened(peerId: string): void;
  channelArrived(peerId: string, channel: RTCDataChannel): void;
  peerGone(peerId: string): void;
  peerRenamed(): void;
}

type Call = (engine: DocsEngine) => void;

/** After a failed load, the next try waits this long, doubling up to the last. */
export const DOCS_RETRY_MS = [2_000, 4_000, 8_000, 16_000, 30_000];

export class LazyDocs implements DocsEngine {
  private engine: DocsEngine | null = null;
  private loading: Promise<void> | null = null;
  private readonly queue: Call[] = [];
  /** Peers verified before the engine was up: once it is, it opens their documents channels. */
  private readonly verified = new Set<string>();
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly create: () => Promise<DocsEngine>) {}

  /**
   * Loads the engine (once) and hands it what was queued. A load that failed (the chunk or the
   * wasm not fetched on a flaky network, or from a node killed meanwhile) is tried again at the
   * next call, or on its own after {@link DOCS_RETRY_MS}, with the queue kept: a page alone with
   * its peers, where nothing new calls, would otherwise have no documents until reloaded.
   */
  load(): Promise<void> {
    if (this.retry !== null) {
      clearTimeout(this.retry);
      this.retry = null;
    }
    this.loading ??= this.create().then(
      (engine) => {
        this.engine = engine;
        for (const call of this.queue.splice(0)) call(engine);
        // After the channels that arrived meanwhile: a peer that opened one keeps it.
        for (const peerId of this.verified) engine.controlOpened(peerId);
        this.verified.clear();
      },
      (err: unknown) => {
        this.loading = null;
        const wait = DOCS_RETRY_MS[Math.min(this.failures++, DOCS_RETRY_MS.length - 1)] ?? 30_000;
        console.error(`peerhub: docs: the documents engine did not load; trying again in ${wait / 1000} s`, err);
        this.retry = setTimeout(() => void this.load(), wait);
      },
    );
    return this.loading;
  }

  get loaded(): boolean {
    return this.engine !== null;
  }

  controlOpened(peerId: string): void {
    if (this.engine) this.engine.controlOpened(peerId);
    else this.verified.add(peerId);
  }

  /** A peer opening the documents channel needs the engine now: it is loaded at once. */
  channelArrived(peerId: string, channel: RTCDataChannel): void {
    if (channel.label !== DOCS_CHANNEL_LABEL) return;
    if (this.engine) {
      this.engine.channelArrived(peerId, channel);
      return;
    }
    const held = hold(channel);
    this.queue.push((e) => {
      e.channelArrived(peerId, channel);
      held.replay();
    });
    void this.load();
  }

  peerGone(peerId: string): void {
    this.verified.delete(peerId);
    this.call((e) => e.peerGone(peerId));
  }

  peerRenamed(): void {
    this.call((e) => e.peerRenamed());
  }

  private call(fn: Call): void {
    if (this.engine) fn(this.engine);
    else this.queue.push(fn);
  }
}

/**
 * Keeps a channel's events until its owner has set its own handlers, then gives them to those
 * in the order they came: open, messages, close. A message with no handler is gone for good.
 */
function hold(channel: RTCDataChannel): { replay(): void } {
  // Before any message: a Blob would have to be read back asynchronously, out of order.
  channel.binaryType = 'arraybuffer';
  const events: Event[] = [];
  channel.onopen = channel.onmessage = channel.onclose = (event: Event) => events.push(event);
  return {
    replay() {
      for (const event of events) {
        if (event.type === 'open') channel.onopen?.call(channel, event);
        else if (event.type === 'message') channel.onmessage?.call(channel, event as MessageEvent);
        else channel.onclose?.call(channel, event);
      }
    },
  };
}
