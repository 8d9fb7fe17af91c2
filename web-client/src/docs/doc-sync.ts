/**
 * Automerge's sync protocol between this page and each connected peer: one sync state per
 * (peer, document), messages framed to the peer's channel and reassembled on the way in.
 *
 * When a peer's channel opens, every document we hold is offered to it; a document the peer
 * offers that we lack is created from the seed and filled by the sync. So a late joiner gets
 * everything from whoever is there, and edits made while apart merge when the channel comes back
 * (sync states start fresh for every channel, as Automerge advises for a new connection).
 *
 * Hostile input (a frame or message that does not parse, is too big, or that Automerge refuses)
 * is dropped with a log line; that peer's sync state for that document starts over, and nobody
 * else is affected.
 *
 * A sync message that would take a document past a size cap (doc-limits.ts) is merged into a
 * copy, measured there, and refused: the document, and what we know of the peer, stay as they
 * were. Listeners hear of it (`refused`) to say so. Then the two sides disagree on the document
 * and Automerge would have them exchange heads for ever (the peer does not send a change twice,
 * we keep needing it), so the document goes quiet with that peer: a message that brings
 * nothing new is not answered. When the peer makes new changes (perhaps to make room), we ask
 * again with RESTART_MESSAGE, which makes the peer forget what it sent us, and measure what
 * comes; our own edits still reach the peer. We ask again too when our own edit makes the room
 * the refused message lacked (an erase that would let it fit): otherwise a peer that refused
 * another's edits and then made room would never get them, as that peer sends nothing new.
 */
import * as A from '@automerge/automerge';
import { Emitter } from '../emitter';
import { INDEX_DOC_ID, isDocId } from '../protocol';
import { isHistory, type DocSize, type Refusal } from './doc-limits';
import type { DocStore } from './doc-store';
import { frameSyncMessage, Reassembler } from './framing';

/** The little a sync layer needs from a data channel (a real one, or a pipe in tests). */
export interface DocChannel {
  sendBytes(frame: Uint8Array): void;
  sendText(text: string): void;
  /** Largest message the channel takes (the SCTP max message size). */
  readonly frameBytes: number;
}

/**
 * A sync message with no heads, needs, haves or changes (Automerge's v1 encoding: type 0x42, four
 * empty lists). No heads is how Automerge says "I lost everything": the receiver forgets which
 * changes it sent us and answers with its heads, so the exchange that follows asks for what we
 * lack afresh.
 */
export const RESTART_MESSAGE = new Uint8Array([0x42, 0, 0, 0, 0]);

/**
 * A document quiet with a peer since a refusal: the peer's heads we lacked then (sorted, joined),
 * whether to answer its next message once, the refusal, and the document's and the room's text
 * then (to see when our own edits have made the room it lacked).
 */
interface Quiet {
  heads: string;
  answerNext: boolean;
  refusal: Refusal;
  text: number;
  roomText: number;
}

/** The heads in `heads` that `doc` does not have, as one string to compare. */
function unknownHeads(doc: A.Doc<unknown>, heads: A.Heads): string {
  return heads
    .filter((h) => !A.hasHeads(doc, [h]))
    .sort()
    .join(',');
}

interface PeerSync {
  channel: DocChannel;
  states: Map<string, A.SyncState>;
  reassembler: Reassembler;
  quiet: Map<string, Quiet>;
}

export type DocSyncEvents = {
  /** A text frame on the documents channel (cursor messages): the sync layer does not read them. */
  text: [peerId: string, text: string];
  dropped: [peerId: string, reason: string];
  /** A sync message from `peerId` would have taken `docId` past a cap: it was not taken. */
  refused: [peerId: string, docId: string, refusal: Refusal];
  attached: [peerId: string];
};

export class DocSync extends Emitter<DocSyncEvents> {
  private readonly peers = new Map<string, PeerSync>();

  constructor(private readonly store: DocStore) {
    super();
    store.on('change', (docId, origin) => {
      if (docId === INDEX_DOC_ID) for (const id of store.ensureListed()) this.syncToAll(id);
      this.syncToAll(docId);
      if (origin === 'local') this.askWhereRoomMade();
    });
  }

  get peerIds(): string[] {
    return [...this.peers.keys()];
  }

  /** A documents channel to `peerId` is open: start syncing every document over it. */
  attach(peerId: string, channel: DocChannel): void {
    this.peers.set(peerId, { channel, states: new Map(), reassembler: new Reassembler(), quiet: new Map() });
    // The index first: it tells the peer which documents exist.
    for (const docId of [INDEX_DOC_ID, ...this.store.ids.filter((id) => id !== INDEX_DOC_ID)]) {
      this.syncTo(peerId, docId);
    }
    this.emit('attached', peerId);
  }

  detach(peerId: string): void {
    this.peers.delete(peerId);
  }

  /** Sends text (a cursor message) to every attached peer. */
  broadcastText(text: string): void {
    for (const { channel } of this.peers.values()) channel.sendText(text);
  }

  /** A binary frame from `peerId`'s documents channel. */
  receiveFrame(peerId: string, frame: Uint8Array): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    const result = peer.reassembler.push(frame);
    if (result.kind === 'partial') return;
    if (result.kind === 'dropped') {
      this.drop(peerId, result.reason);
      return;
    }
    this.receiveMessage(peerId, peer, result.docId, result.message);
  }

  receiveText(peerId: string, text: string): void {
    if (this.peers.has(peerId)) this.emit('text', peerId, text);
  }

  private receiveMessage(peerId: string, peer: PeerSync, docId: string, message: Uint8Array): void {
    const doc = this.store.ensure(docId);
    if (!doc) {
      this.drop(peerId, `document ${docId} refused (bad id or too many documents)`);
      return;
    }
    const state = peer.states.get(docId) ?? A.initSyncState();
    let changed: boolean;
    let theirHeads: A.Heads;
    try {
      const decoded = A.decodeSyncMessage(message);
      const added = decoded.changes.reduce((n, c) => n + c.length, 0);
      theirHeads = decoded.heads;
      const before = A.getHeads(doc);
      // A message with changes goes into a copy, measured before it replaces the document (a
      // copy is cheap: 0.5 ms for a million characters). Sync states are values: a refused
      // message leaves `state` as it was.
      const target = added > 0 ? A.clone(doc, { actor: A.getActorId(doc) }) : doc;
      const [merged, nextState] = A.receiveSyncMessage(target, state, message);
      changed = !A.equals(before, A.getHeads(merged));
      // Changes count even when they wait for their dependencies: Automerge holds them.
      const size = changed || added > 0 ? this.measure(docId, merged, added) : this.store.sizeOf(docId);
      if ('kind' in size) {
        console.warn(
          `peerhub: docs: sync message from ${peerId} for ${docId} refused: ${size.kind} would be ${size.size} bytes, past ${size.cap}`,
        );
        peer.quiet.set(docId, {
          heads: unknownHeads(doc, theirHeads),
          answerNext: false,
          refusal: size,
          text: this.store.sizeOf(docId).text,
          roomText: this.store.roomSize().text,
        });
        this.emit('refused', peerId, docId, size);
        return;
      }
      peer.states.set(docId, nextState);
      this.store.replace(docId, merged, 'remote', changed, size);
    } catch (err) {
      // Automerge refuses the whole message before applying any of it: the document is as it
      // was. A fresh sync state makes both sides start over rather than wait on each other.
      peer.states.set(docId, A.initSyncState());
      this.drop(peerId, `sync message for ${docId} refused: ${err instanceof Error ? err.message : String(err)}`);
      this.syncTo(peerId, docId);
      return;
    }
    const quiet = peer.quiet.get(docId);
    if (changed) {
      // The store's listener sends the news to every peer, this one included.
      peer.quiet.delete(docId);
    } else if (!quiet || theirHeads.length === 0) {
      // Normal sync; or the peer asks afresh (its restart). Answering a restart does not answer
      // ours: when both sides ask afresh at once, each still awaits the other's heads.
      this.syncTo(peerId, docId);
    } else if (quiet.answerNext) {
      // The answer our restart awaits.
      quiet.answerNext = false;
      this.syncTo(peerId, docId);
    } else {
      // Heads of the peer's we lack, other than the ones we refused: it made new changes (which
      // wait here for the refused ones, which it will not send twice unless asked afresh). Our
      // own changes coming back in its heads are nothing new.
      const unknown = unknownHeads(this.store.get(docId)!, theirHeads);
      if (unknown !== quiet.heads) this.restart(peerId, peer, docId, quiet, unknown);
    }
    // Else nothing new since the refusal: no answer, or the two would trade heads for ever.
  }

  /**
   * After a local edit: asks again every peer whose refused message would now fit, by the text
   * our edits freed since (a history cap is never freed: history only grows). The measure on
   * arrival decides; a message that still does not fit goes quiet again, from the new figures.
   */
  private askWhereRoomMade(): void {
    const roomText = this.store.roomSize().text;
    for (const [peerId, peer] of this.peers) {
      for (const [docId, quiet] of peer.quiet) {
        if (quiet.answerNext || isHistory(quiet.refusal)) continue;
        const freed =
          quiet.refusal.kind === 'document text' ? quiet.text - this.store.sizeOf(docId).text : quiet.roomText - roomText;
        if (quiet.refusal.size - freed <= quiet.refusal.cap) this.restart(peerId, peer, docId, quiet, quiet.heads);
      }
    }
  }

  /** Asks a peer that made new changes since a refusal for what we lack, afresh. */
  private restart(peerId: string, peer: PeerSync, docId: string, quiet: Quiet, unknown: string): void {
    quiet.heads = unknown;
    quiet.answerNext = true;
    peer.states.set(docId, A.initSyncState());
    this.send(peerId, peer, docId, RESTART_MESSAGE);
  }

  /**
   * The sizes `docId` would have as `merged`, or the cap that passes. The saved size is an
   * estimate until measured: only when the estimate passes a cap is `merged` saved to know.
   */
  private measure(docId: string, merged: A.Doc<unknown>, added: number): DocSize | Refusal {
    let size = this.store.sizeAfter(docId, merged, added);
    let refused = this.store.refusal(docId, size);
    if (refused && isHistory(refused)) {
      size = { text: size.text, saved: A.save(merged).length };
      refused = this.store.refusal(docId, size);
    }
    return refused ?? size;
  }

  private syncToAll(docId: string): void {
    for (const peerId of this.peers.keys()) this.syncTo(peerId, docId);
  }

  private syncTo(peerId: string, docId: string): void {
    const peer = this.peers.get(peerId);
    const doc = this.store.get(docId);
    if (!peer || !doc || !isDocId(docId)) return;
    const [state, message] = A.generateSyncMessage(doc, peer.states.get(docId) ?? A.initSyncState());
    peer.states.set(docId, state);
    if (message) this.send(peerId, peer, docId, message);
  }

  private send(peerId: string, peer: PeerSync, docId: string, message: Uint8Array): void {
    try {
      for (const frame of frameSyncMessage(docId, message, peer.channel.frameBytes)) peer.channel.sendBytes(frame);
    } catch (err) {
      // The channel refused a frame (closing, or its send queue full): the peer did not get the
      // message, so forget what the sync state thinks was sent; the next exchange starts over.
      peer.states.set(docId, A.initSyncState());
      console.warn(`peerhub: docs: sync to ${peerId} failed`, err);
    }
  }

  private drop(peerId: string, reason: string): void {
    console.warn(`peerhub: docs: input from ${peerId} dropped (${reason})`);
    this.emit('dropped', peerId, reason);
  }
}
