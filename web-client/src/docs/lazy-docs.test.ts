import { describe, expect, it, vi } from 'vitest';
import { DOCS_CHANNEL_LABEL } from '../protocol';
import { DOCS_RETRY_MS, LazyDocs, type DocsEngine } from './lazy-docs';

/** The handler slots of an RTCDataChannel, which Node does not have; fire() is what the browser does. */
class ChannelSlots {
  binaryType = 'blob';
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: Event) => void) | null = null;
  constructor(readonly label: string) {}
  fire(type: 'open' | 'close'): void {
    (type === 'open' ? this.onopen : this.onclose)?.(new Event(type));
  }
  receive(data: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }
}

/** An engine that adopts channels as DocChannels does (its own handlers) and logs what it saw. */
class LoggingEngine implements DocsEngine {
  readonly log: string[] = [];
  controlOpened(peerId: string) {
    this.log.push(`control ${peerId}`);
  }
  channelArrived(peerId: string, channel: RTCDataChannel) {
    this.log.push(`channel ${peerId} ${channel.binaryType}`);
    channel.onopen = () => this.log.push('open');
    channel.onmessage = (e: MessageEvent) => this.log.push(`message ${String(e.data)}`);
    channel.onclose = () => this.log.push('close');
  }
  peerGone(peerId: string) {
    this.log.push(`gone ${peerId}`);
  }
  peerRenamed() {
    this.log.push('renamed');
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the documents engine, loaded when documents are needed', () => {
  it('is not loaded until asked, and loads once however often it is asked', async () => {
    let created = 0;
    const docs = new LazyDocs(async () => {
      created++;
      return new LoggingEngine();
    });
    docs.controlOpened('p1');
    expect(created).toBe(0);
    await Promise.all([docs.load(), docs.load()]);
    await docs.load();
    expect(created).toBe(1);
    expect(docs.loaded).toBe(true);
  });

  it('gives the engine every call made before it loaded, in order, then the peers still verified', async () => {
    const engine = new LoggingEngine();
    const gate = deferred<DocsEngine>();
    const docs = new LazyDocs(() => gate.promise);
    docs.controlOpened('p1');
    docs.controlOpened('p2');
    docs.peerRenamed();
    docs.peerGone('p2');
    const loading = docs.load();
    docs.controlOpened('p3');
    gate.resolve(engine);
    await loading;
    docs.peerGone('p3');
    docs.controlOpened('p4');
    expect(engine.log).toEqual(['renamed', 'gone p2', 'control p1', 'control p3', 'gone p3', 'control p4']);
  });

  it('holds a documents channel that arrives early with what it received, and loads at once', async () => {
    const engine = new LoggingEngine();
    const gate = deferred<DocsEngine>();
    let asked = false;
    const docs = new LazyDocs(() => {
      asked = true;
      return gate.promise;
    });
    docs.controlOpened('p1');
    expect(asked).toBe(false);
    const channel = new ChannelSlots(DOCS_CHANNEL_LABEL);
    docs.channelArrived('p1', channel as unknown as RTCDataChannel);
    expect(asked).toBe(true);
    expect(channel.binaryType).toBe('arraybuffer');
    channel.fire('open');
    channel.receive('first');
    channel.receive('second');
    channel.fire('close');
    gate.resolve(engine);
    await docs.load();
    // The channel p1 opened first, then p1 as verified: DocChannels keeps the one that is there.
    expect(engine.log).toEqual(['channel p1 arraybuffer', 'open', 'message first', 'message second', 'close', 'control p1']);
    channel.receive('later'); // straight to the engine's own handler now
    expect(engine.log.at(-1)).toBe('message later');
  });

  it("leaves other channels to their owners and does not load for them", () => {
    let asked = false;
    const docs = new LazyDocs(async () => {
      asked = true;
      return new LoggingEngine();
    });
    const files = new ChannelSlots('peerhub-file-abc');
    docs.channelArrived('p1', files as unknown as RTCDataChannel);
    expect(asked).toBe(false);
    expect(files.onmessage).toBeNull();
    expect(files.binaryType).toBe('blob');
  });

  it('a failed load is reported and tried again at the next call, with what was queued kept', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const engine = new LoggingEngine();
      let attempts = 0;
      const docs = new LazyDocs(async () => {
        if (++attempts === 1) throw new Error('offline');
        return engine;
      });
      docs.controlOpened('p1');
      await docs.load();
      expect(docs.loaded).toBe(false);
      expect(errors).toHaveLength(1);
      docs.peerGone('p1');
      docs.controlOpened('p2');
      await docs.load();
      expect(attempts).toBe(2);
      expect(engine.log).toEqual(['gone p1', 'control p2']);
    } finally {
      console.error = original;
    }
  });

  it('a failed load is tried again on its own, later each time, until it loads', async () => {
    vi.useFakeTimers();
    const original = console.error;
    console.error = () => {};
    try {
      const engine = new LoggingEngine();
      let attempts = 0;
      const docs = new LazyDocs(async () => {
        if (++attempts <= 2) throw new Error('the node went away');
        return engine;
      });
      docs.controlOpened('p1');
      await docs.load();
      expect(attempts).toBe(1);
      await vi.advanceTimersByTimeAsync((DOCS_RETRY_MS[0] ?? 0) - 1);
      expect(attempts).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(attempts).toBe(2);
      await vi.advanceTimersByTimeAsync((DOCS_RETRY_MS[1] ?? 0) - 1);
      expect(attempts).toBe(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(attempts).toBe(3);
      expect(docs.loaded).toBe(true);
      expect(engine.log).toEqual(['control p1']);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(attempts).toBe(3);
    } finally {
      console.error = original;
      vi.useRealTimers();
    }
  });
});
