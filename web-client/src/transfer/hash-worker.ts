/**
 * The sender's SHA-256, off the UI thread. Chunks are transferred here after they were framed
 * and sent (no copy); on a resume the prefix the receiver holds is hashed from the File itself.
 * Web Crypto cannot hash a stream, hence hash-wasm.
 */
import { createSHA256, type IHasher } from 'hash-wasm';
import type { HashReply, HashRequest } from './hash-messages';

const PREFIX_BLOCK = 4 * 1024 * 1024;
let hasher: IHasher | null = null;

async function handle(req: HashRequest): Promise<void> {
  switch (req.op) {
    case 'start':
      hasher = await createSHA256();
      hasher.init();
      if (req.prefixOf) {
        for (let at = 0; at < req.prefixBytes; at += PREFIX_BLOCK) {
          const end = Math.min(req.prefixBytes, at + PREFIX_BLOCK);
          hasher.update(new Uint8Array(await req.prefixOf.slice(at, end).arrayBuffer()));
        }
      }
      return;
    case 'update':
      hasher!.update(new Uint8Array(req.data));
      return;
    case 'digest':
      postMessage({ op: 'digest', seq: req.seq, sha256: hasher!.digest('hex') } satisfies HashReply);
      hasher = null;
  }
}

let queue: Promise<void> = Promise.resolve();
onmessage = (event: MessageEvent<HashRequest>) => {
  const req = event.data;
  queue = queue.then(() => handle(req)).catch((err: unknown) => {
    postMessage({ op: 'error', seq: req.op === 'digest' ? req.seq : -1, message: String(err) } satisfies HashReply);
  });
};
