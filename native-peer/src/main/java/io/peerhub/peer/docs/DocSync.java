package io.peerhub.peer.docs;

import io.peerhub.protocol.peer.DocFrames;
import io.peerhub.protocol.peer.DocsProtocol;
import io.peerhub.protocol.peer.Reassembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.automerge.ChangeHash;
import org.automerge.Document;
import org.automerge.SyncState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automerge's sync protocol between this peer and every connected peer, as the browser's
 * web-client/src/docs/doc-sync.ts runs it: one sync state per (peer, document), fresh for every
 * channel; on attach every document held is offered (the index first); a document a peer offers
 * that we lack is created empty and filled by the sync. Changed documents are saved atomically
 * shortly after they change.
 *
 * <p>Hostile input (a frame or message that does not parse, is too big, or that Automerge refuses)
 * is dropped with a log line; that peer's sync state for that document starts over, and nobody
 * else is affected.
 *
 * <p>A sync message that would take a document past a size cap ({@link DocLimits}) is measured
 * after merging and refused: the document goes back to the heads it had, the refusal is logged
 * and told to the {@link RefusalListener}. Then the two sides disagree on the document and
 * Automerge would have them exchange heads for ever (the peer does not send a change twice, we
 * keep needing it), so the document goes quiet with that peer: a message that brings nothing new
 * is not answered. When the peer makes new changes, we ask again with {@link SyncMessages#RESTART},
 * which makes the peer forget what it sent us. Local edits are held to the same caps.
 *
 * <p>Every document operation runs on one thread of its own: Automerge documents are not
 * thread-safe, and webrtc's threads must never wait on a document.
 */
public final class DocSync implements AutoCloseable {

    /** A burst of keystrokes is one save: long enough to coalesce, short enough to lose little. */
    static final long SAVE_DELAY_MS = 200;

    private static final Logger log = LoggerFactory.getLogger(DocSync.class);

    private final DocStore store;
    private final DocLimits limits;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-docs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, PeerSync> peers = new HashMap<>();
    private ScheduledFuture<?> pendingSave;
    private volatile boolean closed;
    private volatile DropListener dropListener = (peer, reason) -> { };
    private volatile RefusalListener refusalListener = (peer, docId, refusal) -> { };

    /** Told of every piece of input dropped (tests and logs). */
    public interface DropListener {
        void dropped(String peerId, String reason);
    }

    /** Told of every sync message refused for a size cap. */
    public interface RefusalListener {
        void refused(String peerId, String docId, DocLimits.Refusal refusal);
    }

    /**
     * A document quiet with a peer since a refusal: its heads we lacked then, whether to answer
     * once, the refusal, and the document's and the room's text then (to see when our own edits
     * have made the room it lacked).
     */
    private static final class Quiet {
        String heads;
        boolean answerNext;
        final DocLimits.Refusal refusal;
        final long text;
        final long roomText;

        Quiet(String heads, DocLimits.Refusal refusal, long text, long roomText) {
            this.heads = heads;
            this.refusal = refusal;
            this.text = text;
            this.roomText = roomText;
        }
    }

    private static final class PeerSync {
        final DocChannel channel;
        final Map<String, SyncState> states = new HashMap<>();
        final Map<String, Quiet> quiet = new HashMap<>();
        /** The heads the peer last announced for each document (sorted hex), once it spoke of it. */
        final Map<String, String> heads = new HashMap<>();
        final Reassembler reassembler = new Reassembler();

        PeerSync(DocChannel channel) {
            this.channel = channel;
        }
    }

    /** Syncs {@code store}'s documents within the protocol's size caps. */
    public DocSync(DocStore store) {
        this(store, DocLimits.PROTOCOL);
    }

    /** Other caps: tests, and the stories' hostile peer. */
    public DocSync(DocStore store, DocLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    public void onDropped(DropListener listener) {
        this.dropListener = listener;
    }

    public void onRefused(RefusalListener listener) {
        this.refusalListener = listener;
    }

    /** A documents channel to {@code peerId} opened: start syncing every document over it. */
    void attach(String peerId, DocChannel channel) {
        run(() -> {
            detachNow(peerId);
            peers.put(peerId, new PeerSync(channel));
            List<String> ids = new ArrayList<>(store.ids());
            ids.remove(DocsProtocol.INDEX_DOC_ID);
            ids.add(0, DocsProtocol.INDEX_DOC_ID);
            for (String id : ids) {
                syncTo(peerId, id);
            }
            log.info("documents: syncing {} document(s) with {}", ids.size(), peerId);
        });
    }

    void detach(String peerId) {
        run(() -> detachNow(peerId));
    }

    /** A binary frame from {@code peerId}'s documents channel (the bytes are ours to keep). */
    void receiveFrame(String peerId, byte[] frame) {
        run(() -> {
            PeerSync peer = peers.get(peerId);
            if (peer == null) {
                return;
            }
            Reassembler.Result result = peer.reassembler.push(frame);
            if (result instanceof Reassembler.Message m) {
                receiveMessage(peerId, peer, m.docId(), m.message());
            } else if (result instanceof Reassembler.Dropped d) {
                drop(peerId, d.reason());
            }
        });
    }

    /**
     * A local edit: {@code edit} changes the document (on the documents thread, on a fork of it),
     * then it syncs. An edit that would take the document past a cap is not kept: its refusal is
     * returned. Waits for the edit to be made.
     */
    public Optional<DocLimits.Refusal> edit(String docId, java.util.function.Consumer<Document> edit) {
        return call(() -> {
            Optional<Document> doc = store.ensure(docId);
            if (doc.isEmpty()) {
                throw new IllegalArgumentException("no document " + docId + " (bad id or too many documents)");
            }
            ChangeHash[] before = doc.get().getHeads();
            Document fork = doc.get().fork(doc.get().getActorId());
            try {
                edit.accept(fork);
            } catch (RuntimeException e) {
                fork.free();
                throw e;
            }
            if (Arrays.equals(before, fork.getHeads())) {
                fork.free();
                return Optional.<DocLimits.Refusal>empty();
            }
            DocLimits.Size size = store.sizeAfter(docId, fork, fork.encodeChangesSince(before).length);
            Optional<DocLimits.Refusal> refused = limits.refusal(store.sizeOf(docId), size, store.roomSize());
            if (refused.isPresent()) {
                fork.free();
                return refused;
            }
            store.replace(docId, fork, size);
            changed(docId);
            askWhereRoomMade();
            return Optional.<DocLimits.Refusal>empty();
        });
    }

    /** Reads a document on the documents thread. */
    public <T> T read(String docId, java.util.function.Function<Optional<Document>, T> reader) {
        return call(() -> reader.apply(store.get(docId)));
    }

    public List<String> ids() {
        return call(store::ids);
    }

    /** How many peers have a documents channel with us now. */
    public int attached() {
        return call(peers::size);
    }

    /**
     * Whether every attached peer (at least one) last announced exactly our heads for the
     * document: each has all we have and we have all it has, for now.
     */
    public boolean inSync(String docId) {
        return call(() -> {
            Optional<Document> doc = store.get(docId);
            if (peers.isEmpty() || doc.isEmpty()) {
                return false;
            }
            String ours = Heads.of(doc.get());
            return peers.values().stream().allMatch(p -> ours.equals(p.heads.get(docId)));
        });
    }

    /** Waits until everything queued so far has run (tests, shutdown). */
    public void flush() {
        call(() -> null);
    }

    private void receiveMessage(String peerId, PeerSync peer, String docId, byte[] message) {
        Optional<Document> maybe = store.ensure(docId);
        if (maybe.isEmpty()) {
            drop(peerId, "document " + docId + " refused (bad id or too many documents)");
            return;
        }
        Document doc = maybe.get();
        SyncMessages.Summary summary = SyncMessages.read(message);
        List<String> theirHeads = summary == null ? null : summary.heads();
        if (theirHeads != null) {
            peer.heads.put(docId, Heads.join(theirHeads));
        }
        // Changes count even when they wait for their dependencies: Automerge holds them.
        long added = summary == null ? message.length : summary.changeBytes();
        SyncState state = peer.states.computeIfAbsent(docId, k -> new SyncState());
        byte[] kept = state.encode();
        ChangeHash[] before = doc.getHeads();
        try {
            doc.receiveSyncMessage(state, message);
        } catch (RuntimeException e) {
            // Automerge refuses a message before applying any of it: the document is as it was.
            // A fresh sync state makes both sides start over rather than wait on each other.
            state.free();
            peer.states.put(docId, new SyncState());
            drop(peerId, "sync message for " + docId + " refused: " + e.getMessage());
            syncTo(peerId, docId);
            return;
        }
        boolean changed = !Arrays.equals(before, doc.getHeads());
        if (changed || added > 0) {
            DocLimits.Size size = store.sizeAfter(docId, doc, added);
            Optional<DocLimits.Refusal> refused = limits.refusal(store.sizeOf(docId), size, store.roomSize());
            if (refused.isPresent() && refused.get().kind().history()) {
                // The saved size was an estimate (the changes' own bytes): measure it.
                size = new DocLimits.Size(size.text(), doc.save().length);
                refused = limits.refusal(store.sizeOf(docId), size, store.roomSize());
            }
            if (refused.isPresent()) {
                // Merged in place (a fork first would cost ~100 ms a message for a full document,
                // where refusals are rare): go back to the heads before it.
                Document back = before.length == 0 ? new Document(doc.getActorId()) : doc.fork(before, doc.getActorId());
                store.replace(docId, back, store.sizeOf(docId));
                state.free();
                peer.states.put(docId, SyncState.decode(kept));
                peer.quiet.put(docId, new Quiet(Heads.unknown(docId, back, theirHeads), refused.get(),
                        store.sizeOf(docId).text(), store.roomSize().text()));
                refuse(peerId, docId, refused.get());
                return;
            }
            store.replace(docId, doc, size);
        }
        Quiet quiet = peer.quiet.get(docId);
        if (changed) {
            peer.quiet.remove(docId);
            changed(docId);
        } else if (quiet == null || (theirHeads != null && theirHeads.isEmpty())) {
            // Normal sync; or the peer asks afresh (its restart). Answering a restart does not
            // answer ours: when both sides ask afresh at once, each still awaits the other's heads.
            syncTo(peerId, docId);
        } else if (quiet.answerNext) {
            // The answer our restart awaits.
            quiet.answerNext = false;
            syncTo(peerId, docId);
        } else {
            // Heads of the peer's we lack, other than the ones we refused: it made new changes
            // (which wait here for the refused ones, which it will not send twice unless asked
            // afresh). Our own changes coming back in its heads are nothing new.
            String unknown = Heads.unknown(docId, doc, theirHeads);
            if (!unknown.equals(quiet.heads)) {
                restart(peer, docId, quiet, unknown);
            }
        }
        // Else nothing new since the refusal: no answer, or the two would trade heads for ever.
    }

    /**
     * After a local edit: asks again every peer whose refused message would now fit, by the text
     * our edits freed since (a history cap is never freed: history only grows). The measure on
     * arrival decides; a message that still does not fit goes quiet again, from the new figures.
     */
    private void askWhereRoomMade() {
        long roomText = store.roomSize().text();
        for (PeerSync peer : peers.values()) {
            for (Map.Entry<String, Quiet> e : peer.quiet.entrySet()) {
                Quiet quiet = e.getValue();
                if (quiet.answerNext || quiet.refusal.kind().history()) {
                    continue;
                }
                long freed = quiet.refusal.kind() == DocLimits.Kind.DOCUMENT_TEXT
                        ? quiet.text - store.sizeOf(e.getKey()).text()
                        : quiet.roomText - roomText;
                if (quiet.refusal.size() - freed <= quiet.refusal.cap()) {
                    restart(peer, e.getKey(), quiet, quiet.heads);
                }
            }
        }
    }

    /** Asks a peer that made new changes since a refusal for what we lack, afresh. */
    private void restart(PeerSync peer, String docId, Quiet quiet, String unknown) {
        quiet.heads = unknown;
        quiet.answerNext = true;
        SyncState old = peer.states.put(docId, new SyncState());
        if (old != null) {
            old.free();
        }
        send(peer, docId, SyncMessages.RESTART);
    }

    private void refuse(String peerId, String docId, DocLimits.Refusal refusal) {
        log.warn("documents: sync message from {} for {} refused: {} would be {} bytes, past {}",
                peerId, docId, refusal.kind(), refusal.size(), refusal.cap());
        refusalListener.refused(peerId, docId, refusal);
    }

    private void changed(String docId) {
        store.changed(docId);
        if (DocsProtocol.INDEX_DOC_ID.equals(docId)) {
            store.get(docId).ifPresent(index -> {
                for (String listed : TextDocs.titles(index).keySet()) {
                    if (store.get(listed).isEmpty() && store.ensure(listed).isPresent()) {
                        syncToAll(listed);
                    }
                }
            });
        }
        syncToAll(docId);
        if (pendingSave == null || pendingSave.isDone()) {
            pendingSave = thread.schedule(store::saveChanged, SAVE_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void syncToAll(String docId) {
        for (String peerId : List.copyOf(peers.keySet())) {
            syncTo(peerId, docId);
        }
    }

    private void syncTo(String peerId, String docId) {
        PeerSync peer = peers.get(peerId);
        Optional<Document> doc = store.get(docId);
        if (peer == null || doc.isEmpty()) {
            return;
        }
        SyncState state = peer.states.computeIfAbsent(docId, k -> new SyncState());
        doc.get().generateSyncMessage(state).ifPresent(message -> send(peer, docId, message));
    }

    private void send(PeerSync peer, String docId, byte[] message) {
        for (byte[] frame : DocFrames.frame(docId, message, peer.channel.frameBytes())) {
            if (!peer.channel.sendBytes(frame)) {
                // The peer did not get the message: forget what the sync state thinks was sent
                // (the exchange starts over); a closing channel's detach follows anyway.
                SyncState old = peer.states.put(docId, new SyncState());
                if (old != null) {
                    old.free();
                }
                return;
            }
        }
    }

    private void detachNow(String peerId) {
        PeerSync peer = peers.remove(peerId);
        if (peer != null) {
            peer.states.values().forEach(SyncState::free);
        }
    }

    private void drop(String peerId, String reason) {
        log.warn("documents: input from {} dropped ({})", peerId, reason);
        dropListener.dropped(peerId, reason);
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        thread.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("documents: task failed", e);
            }
        });
    }

    private <T> T call(java.util.concurrent.Callable<T> task) {
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Saves what changed, frees sync states and documents, stops the thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            call(() -> {
                for (String id : List.copyOf(peers.keySet())) {
                    detachNow(id);
                }
                store.close();
                return null;
            });
        } finally {
            closed = true;
            thread.shutdown();
        }
    }
}
