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
 */
import * as A from '@automerge/automerge';
import { Emitter } from '../emitter';
import { INDEX_DOC_ID, isDocId } from '../protocol';
import type { DocStore } from './doc-store';
import { frameSyncMessage, Reassembler } from './framing';

/** The little a sync layer needs from a data channel (a real one, or a pipe in tests). */
export interface DocChannel {
  sendBytes(frame: Uint8Array): void;
  sendText(text: string): void;
  /** Largest message the channel takes (the SCTP max message size). */
  readonly frameBytes: number;
}

interface PeerSync {
  channel: DocChannel;
  states: Map<string, A.SyncState>;
  reassembler: Reassembler;
}

export type DocSyncEvents = {
  /** A text frame on the documents channel (cursor messages): the sync layer does not read them. */
  text: [peerId: string, text: string];
  dropped: [peerId: string, reason: string];
  attached: [peerId: string];
};

export class DocSync extends Emitter<DocSyncEvents> {
  private readonly peers = new Map<string, PeerSync>();

  constructor(private readonly store: DocStore) {
    super();
    store.on('change', (docId) => {
      if (docId === INDEX_DOC_ID) for (const id of store.ensureListed()) this.syncToAll(id);
      this.syncToAll(docId);
    });
  }

  get peerIds(): string[] {
    return [...this.peers.keys()];
  }

  /** A documents channel to `peerId` is open: start syncing every document over it. */
  attach(peerId: string, channel: DocChannel): void {
    this.peers.set(peerId, { channel, states: new Map(), reassembler: new Reassembler() });
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
    let merged: A.Doc<unknown>;
    let nextState: A.SyncState;
    try {
      const before = A.getHeads(doc);
      [merged, nextState] = A.receiveSyncMessage(doc, state, message);
      peer.states.set(docId, nextState);
      const changed = !A.equals(before, A.getHeads(merged));
      this.store.replace(docId, merged, 'remote', changed);
      // When it changed, the store's listener sends the news to every peer, this one included.
      if (changed) return;
    } catch (err) {
      // Automerge refuses the whole message before applying any of it: the document is as it
      // was. A fresh sync state makes both sides start over rather than wait on each other.
      peer.states.set(docId, A.initSyncState());
      this.drop(peerId, `sync message for ${docId} refused: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.syncTo(peerId, docId);
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
    if (!message) return;
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
