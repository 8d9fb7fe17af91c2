/**
 * The receiver's disk and hash, off the UI thread (the files are kept by StageStore). Either the
 * page hands it each frame (`write`), or, where the browser can move a data channel to a worker,
 * the page moves the transfer's channel here (`adopt`, then `receive`) and the whole data phase
 * runs in this worker: frames are checked, written, hashed and acknowledged here, and the page
 * hears only progress (a few times a second), results and the policy's questions.
 */
import type { FileEntry } from '../protocol';
import { ChunkReceiver } from './receiver';
import type { StageReply, StageRequest } from './stage-messages';
import { StageStore } from './stage-store';
import type { Staging } from './staging';

function reply(message: StageReply): void {
  postMessage(message);
}

const store = new StageStore((file, bytes) => reply({ op: 'written', file, bytes }));

async function handle(req: StageRequest): Promise<void> {
  switch (req.op) {
    case 'init':
      await store.init(req.id);
      return reply({ op: 'done', seq: req.seq });
    case 'sizes':
      return reply({ op: 'sizes', seq: req.seq, sizes: await store.sizes(req.count) });
    case 'open':
      return reply({ op: 'opened', seq: req.seq, bytes: await store.open(req.file, req.offset) });
    case 'write':
      return store.write(req.file, req.offset, new Uint8Array(req.frame, req.start));
    case 'finish':
      return reply({ op: 'finished', seq: req.seq, sha256: await store.finish(req.file) });
    case 'discard':
      await store.discard(req.file);
      return reply({ op: 'done', seq: req.seq });
    case 'destroy':
      stopReceiving();
      await store.destroy(req.id);
      return reply({ op: 'done', seq: req.seq });
    case 'receive':
      return startReceiving(req.files, req.held, req.done, req.judge);
    case 'judged':
      if (req.error === undefined) judging.get(req.id)?.resolve(req.words);
      else judging.get(req.id)?.reject(new Error(req.error));
      judging.delete(req.id);
      return;
    case 'send-text':
      if (channel?.readyState === 'open') channel.send(req.text);
      return;
    case 'stop':
      return stopReceiving();
    case 'adopt':
      return; // handled on arrival, below
  }
}

// The adopted channel and its receiver.
let channel: RTCDataChannel | null = null;
let early: unknown[] = [];
let receiver: ChunkReceiver | null = null;
const judging = new Map<number, { resolve: (words: string | null) => void; reject: (err: Error) => void }>();
let judgeIds = 0;

/** From the moment it arrives: a message event with no listener is lost. */
function adopt(adopted: RTCDataChannel): void {
  // A channel replaced after a reconnect may close later: that is not the new one closing.
  if (channel) channel.onclose = null;
  channel = adopted;
  early = [];
  channel.binaryType = 'arraybuffer';
  channel.onmessage = (event: MessageEvent) => {
    if (early.push(event.data) === 1) reply({ op: 'mark', phase: 'first-frame', file: -1 });
  };
  channel.onclose = () => reply({ op: 'channel-closed' });
}

function startReceiving(files: FileEntry[], held: number[], done: boolean[], judge: boolean): void {
  if (!channel) throw new Error('no channel adopted');
  const local: Staging = {
    onWritten: () => undefined,
    onError: () => undefined,
    held: (count) => store.sizes(count),
    open: (file, offset) => store.open(file, offset),
    write: (file, offset, frame, start) => store.write(file, offset, new Uint8Array(frame, start)),
    finish: (file) => store.finish(file),
    read: () => Promise.reject(new Error('read on the page')),
    discard: (file) => store.discard(file),
    destroy: () => Promise.reject(new Error('destroy by request')),
  };
  receiver = new ChunkReceiver(channel, early, files, local, held, done, {
    progress: (file, bytes) => reply({ op: 'progress', file, bytes }),
    verified: (file, ok, sha256) => reply({ op: 'verified', file, ok, sha256 }),
    complete: () => reply({ op: 'complete' }),
    broken: (reason) => reply({ op: 'broken', reason }),
    refused: (words) => reply({ op: 'refused', words }),
  }, judge ? askPage : null, (phase, file) => reply({ op: 'mark', phase, file }));
  early = [];
  // The receiver set itself as the store's listener through `local`: its acks go from here.
  store.onWritten = (file, bytes) => local.onWritten(file, bytes);
}

/** The hub policy's check of a file's first bytes runs on the page, which knows the policy. */
function askPage(file: number, head: Uint8Array): Promise<string | null> {
  const id = ++judgeIds;
  return new Promise((resolve, reject) => {
    judging.set(id, { resolve, reject });
    reply({ op: 'judge', id, file, head });
  });
}

function stopReceiving(): void {
  receiver?.stop();
  receiver = null;
  store.onWritten = (file, bytes) => reply({ op: 'written', file, bytes });
}

// Requests are handled strictly one after another, in arrival order: a write must never
// overtake the open before it.
let queue: Promise<void> = Promise.resolve();
onmessage = (event: MessageEvent<StageRequest>) => {
  const req = event.data;
  if (req.op === 'adopt') return adopt(req.channel);
  queue = queue.then(() => handle(req)).catch((err: unknown) => {
    reply({ op: 'error', seq: 'seq' in req ? req.seq : -1, message: String(err) });
  });
};
