/**
 * A SHA-256 off the UI thread. The sender's file is read here (`read`): each slice is hashed as
 * it arrives and its bytes are transferred to the page to be framed, so the page neither copies
 * a slice for the hash nor allocates the buffer it is read into. The receiver's memory staging
 * hands its chunks over (`update`). On a resume the prefix the receiver holds is hashed from the
 * File itself. Web Crypto cannot hash a stream, hence hash-wasm.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import type { HashReply, HashRequest } from './hash-messages';

const PREFIX_BLOCK = 4 * 1024 * 1024;
let hasher: IHasher | null = null;
/** The file being read and hashed; set as its start arrives, so its reads can begin at once. */
let source: Blob | null = null;
/** A read that failed leaves a hash of a file with a hole in it: no digest until the next start. */
let failed: string | null = null;

async function handle(req: HashRequest, read: Promise<ArrayBuffer> | null): Promise<void> {
  switch (req.op) {
    case 'start':
      failed = null;
      hasher = await createSHA256();
      hasher.init();
      if (req.file) {
        for (let at = 0; at < req.prefixBytes; at += PREFIX_BLOCK) {
          const end = Math.min(req.prefixBytes, at + PREFIX_BLOCK);
          hasher.update(new Uint8Array(await req.file.slice(at, end).arrayBuffer()));
        }
      }
      return;
    case 'update':
      hasher!.update(new Uint8Array(req.data));
      return;
    case 'read': {
      let data: ArrayBuffer;
      try {
        data = await read!;
      } catch (err) {
        failed = `a slice of the file could not be read: ${String(err)}`;
        throw err;
      }
      hasher!.update(new Uint8Array(data));
      postMessage({ op: 'read', seq: req.seq, data } satisfies HashReply, { transfer: [data] });
      return;
    }
    case 'digest':
      if (failed) throw new Error(failed);
      postMessage({ op: 'digest', seq: req.seq, sha256: hasher!.digest('hex') } satisfies HashReply);
      hasher = null;
  }
}

function readSlice(offset: number, end: number): Promise<ArrayBuffer> {
  if (!source) return Promise.reject(new Error('read before a file was given'));
  return source.slice(offset, end).arrayBuffer();
}

let queue: Promise<void> = Promise.resolve();
onmessage = (event: MessageEvent<HashRequest>) => {
  const req = event.data;
  if (req.op === 'start') source = req.file ?? null;
  // Reads start at once, several at a time; they are hashed (and answered) in the order asked.
  // Slicing here too: a Blob slice costs the page's main thread a few milliseconds in Chromium.
  const read = req.op === 'read' ? readSlice(req.offset, req.end) : null;
  read?.catch(() => undefined); // its failure is handled in turn, in the queue
  queue = queue.then(() => handle(req, read)).catch((err: unknown) => {
    const seq = req.op === 'digest' || req.op === 'read' ? req.seq : -1;
    postMessage({ op: 'error', seq, message: String(err) } satisfies HashReply);
  });
};
