package io.peerhub.peer.chat;

import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.ChatMessage;
import io.peerhub.protocol.peer.ChatProtocol;
import io.peerhub.protocol.peer.HistoryBatch;
import io.peerhub.protocol.peer.HistoryRequest;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's chat history on a Java peer (the {@code keep} command), as the browser's
 * chat-history.ts: the bounded log, its file, and the exchange with each verified peer (a
 * {@code history-request} summary each way, {@code history} batches back). Every entry from
 * outside is checked here: its fields by the codec, then its signature in this room, its age and
 * its clock; what fails is dropped with a log line and the rest carries on.
 *
 * <p>Handlers run on each peer's link thread; the log is guarded by {@code this}. The file is
 * saved on one thread of its own, at most every 200 ms.
 */
public final class ChatHistory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatHistory.class);
    private static final PeerCodec CODEC = new PeerCodec();
    private static final long SAVE_DELAY_MS = 200;
    /** {@code {"type":"history","entries":[…],"last":false}} around the entries, rounded up. */
    private static final int BATCH_ENVELOPE_BYTES = 64;

    private final Mesh mesh;
    private final ChatFile file;
    private final Clock clock;
    private final ChatLog entries = new ChatLog(ChatHistory::jsonBytes);
    /** Requests we sent, by peer id: entries its answer has brought so far. */
    private final Map<String, int[]> asked = new ConcurrentHashMap<>();
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-chat-save");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> pendingSave;

    /** Loads {@code file} (null: keep in memory only) and takes the mesh's history messages. */
    public ChatHistory(Mesh mesh, ChatFile file, Clock clock) throws IOException {
        this.mesh = mesh;
        this.file = file;
        this.clock = clock;
        if (file != null) {
            long now = clock.millis();
            List<ChatEntry> stale = new ArrayList<>();
            for (ChatEntry e : file.load()) {
                entries.add(e, now, stale);
            }
            log.info("chat history: {} entries from {}", entries.size(), file.path());
        }
        mesh.router().on(HistoryRequest.class, this::answer);
        mesh.router().on(HistoryBatch.class, this::take);
        mesh.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void hello(RemotePeer peer) {
                ask(peer);
            }

            @Override
            public void gone(RemotePeer peer) {
                asked.remove(peer.id());
            }
        });
    }

    static int jsonBytes(ChatEntry e) {
        return CODEC.encodeEntry(e).getBytes(StandardCharsets.UTF_8).length;
    }

    public synchronized List<ChatEntry> entries() {
        return entries.all();
    }

    /** My own entry, just sent. */
    public void keepMine(ChatEntry e) {
        add(e, "me");
    }

    /**
     * A signed chat from a verified peer: the entry its signature makes of it, checked and kept.
     * False when the signature does not hold (the message is then not shown either).
     */
    public boolean keepLive(RemotePeer from, ChatMessage message) {
        ChatEntry e = message.entry(from.key());
        if (e == null || !e.signatureHolds(mesh.roomId())) {
            log.warn("chat {} from {} dropped: its signature does not hold", message.id(), from);
            return false;
        }
        add(e, from.toString());
        return true;
    }

    private void ask(RemotePeer peer) {
        List<HistoryRequest.Day> days;
        synchronized (this) {
            days = entries.days();
        }
        if (peer.send(new HistoryRequest(days))) {
            asked.put(peer.id(), new int[1]);
        }
    }

    private void answer(RemotePeer from, HistoryRequest request) {
        List<ChatEntry> missing;
        synchronized (this) {
            missing = entries.missingFrom(request.days());
        }
        if (missing.size() > ChatProtocol.MAX_HISTORY_ENTRIES) {
            missing = missing.subList(missing.size() - ChatProtocol.MAX_HISTORY_ENTRIES, missing.size());
        }
        int limit = Math.min(from.maxMessageSize(), Transfers.MAX_FRAME_BYTES);
        List<ChatEntry> batch = new ArrayList<>();
        int bytes = BATCH_ENVELOPE_BYTES;
        for (ChatEntry e : missing) {
            int n = jsonBytes(e) + 1;
            if (!batch.isEmpty() && bytes + n > limit) {
                if (!from.send(new HistoryBatch(batch, false))) {
                    return;
                }
                batch = new ArrayList<>();
                bytes = BATCH_ENVELOPE_BYTES;
            }
            batch.add(e);
            bytes += n;
        }
        from.send(new HistoryBatch(batch, true));
        log.info("chat history: {} entries sent to {}", missing.size(), from);
    }

    private void take(RemotePeer from, HistoryBatch batch) {
        int[] received = asked.get(from.id());
        if (received == null) {
            log.warn("history from {} dropped: it answers no request of ours", from);
            return;
        }
        received[0] += batch.entries().size();
        if (received[0] > ChatProtocol.MAX_HISTORY_ENTRIES) {
            log.warn("history from {} dropped: more than {} entries in one answer", from, ChatProtocol.MAX_HISTORY_ENTRIES);
            asked.remove(from.id());
            return;
        }
        if (batch.last()) {
            asked.remove(from.id());
        }
        List<String> forged = new ArrayList<>();
        for (ChatEntry e : batch.entries()) {
            if (!e.signatureHolds(mesh.roomId())) {
                forged.add(e.id());
                continue;
            }
            add(e, from.toString());
        }
        if (!forged.isEmpty()) {
            // One line per batch: a hostile peer's thousand forgeries do not flood the log.
            log.warn("{} history entries from {} dropped: their signature does not hold (forged or altered): {}{}",
                    forged.size(), from, String.join(", ", forged.subList(0, Math.min(3, forged.size()))),
                    forged.size() > 3 ? ", …" : "");
        }
    }

    private void add(ChatEntry e, String from) {
        List<ChatEntry> evicted = new ArrayList<>();
        ChatLog.Added result;
        synchronized (this) {
            result = entries.add(e, clock.millis(), evicted);
        }
        switch (result) {
            case ADDED -> scheduleSave();
            case AHEAD -> log.warn("chat entry {} from {} not kept: stamped more than 10 minutes ahead", e.id(), from);
            case TOO_OLD -> log.warn("chat entry {} from {} not kept: older than 30 days", e.id(), from);
            case DUPLICATE -> { }
        }
    }

    private synchronized void scheduleSave() {
        if (file == null || (pendingSave != null && !pendingSave.isDone())) {
            return;
        }
        pendingSave = saver.schedule(this::save, SAVE_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private void save() {
        try {
            file.save(entries());
        } catch (IOException e) {
            log.error("chat history could not be saved to {}: {}", file.path(), e.toString());
        }
    }

    /** Saves what is pending, then stops the saver. */
    @Override
    public void close() {
        ScheduledFuture<?> pending;
        synchronized (this) {
            pending = pendingSave;
        }
        saver.shutdown();
        if (pending != null && pending.cancel(false)) {
            save();
        }
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
