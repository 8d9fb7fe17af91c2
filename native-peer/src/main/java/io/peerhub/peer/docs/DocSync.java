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
 * <p>Every document operation runs on one thread of its own: Automerge documents are not
 * thread-safe, and webrtc's threads must never wait on a document.
 */
public final class DocSync implements AutoCloseable {

    /** A burst of keystrokes is one save: long enough to coalesce, short enough to lose little. */
    static final long SAVE_DELAY_MS = 200;

    private static final Logger log = LoggerFactory.getLogger(DocSync.class);

    private final DocStore store;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-docs");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, PeerSync> peers = new HashMap<>();
    private ScheduledFuture<?> pendingSave;
    private volatile boolean closed;
    private volatile DropListener dropListener = (peer, reason) -> { };

    /** Told of every piece of input dropped (tests and logs). */
    public interface DropListener {
        void dropped(String peerId, String reason);
    }

    private static final class PeerSync {
        final DocChannel channel;
        final Map<String, SyncState> states = new HashMap<>();
        final Reassembler reassembler = new Reassembler();

        PeerSync(DocChannel channel) {
            this.channel = channel;
        }
    }

    public DocSync(DocStore store) {
        this.store = store;
    }

    public void onDropped(DropListener listener) {
        this.dropListener = listener;
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

    /** A local edit: {@code edit} changes the document (on the documents thread), then it syncs. */
    public void edit(String docId, java.util.function.Consumer<Document> edit) {
        run(() -> store.ensure(docId).ifPresent(doc -> {
            ChangeHash[] before = doc.getHeads();
            edit.accept(doc);
            if (!Arrays.equals(before, doc.getHeads())) {
                changed(docId);
            }
        }));
    }

    /** Reads a document on the documents thread. */
    public <T> T read(String docId, java.util.function.Function<Optional<Document>, T> reader) {
        return call(() -> reader.apply(store.get(docId)));
    }

    public List<String> ids() {
        return call(store::ids);
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
        SyncState state = peer.states.computeIfAbsent(docId, k -> new SyncState());
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
        if (Arrays.equals(before, doc.getHeads())) {
            syncTo(peerId, docId);
        } else {
            changed(docId);
        }
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
        Optional<byte[]> message = doc.get().generateSyncMessage(state);
        if (message.isEmpty()) {
            return;
        }
        for (byte[] frame : DocFrames.frame(docId, message.get(), peer.channel.frameBytes())) {
            if (!peer.channel.sendBytes(frame)) {
                // The peer did not get the message: forget what the sync state thinks was sent
                // (the exchange starts over); a closing channel's detach follows anyway.
                state.free();
                peer.states.put(docId, new SyncState());
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
