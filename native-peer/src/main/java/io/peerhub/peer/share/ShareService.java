package io.peerhub.peer.share;

import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.send.FileSender;
import io.peerhub.peer.transfer.send.OutgoingTransfer;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.ShareEntry;
import io.peerhub.protocol.peer.SharePull;
import io.peerhub.protocol.peer.ShareQuery;
import io.peerhub.protocol.peer.ShareRefused;
import io.peerhub.protocol.peer.ShareRefused.ShareRefusal;
import io.peerhub.protocol.peer.ShareResults;
import io.peerhub.protocol.peer.ShareStatus;
import io.peerhub.protocol.peer.Shares;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A library served to the room over the control channel (docs/protocol.md "Shared folders"):
 * each verified peer hears what is shared ({@code share-status}), its queries are answered from
 * the catalogue within the query budget, and its pulls are sent as transfers under the pull's id.
 * A peer {@code mayUse} refuses (a share limited to some devices) sees nothing shared, gets no
 * results and is refused its pulls. Handlers run on the asking peer's link thread and never wait
 * on disk: checking and hashing a pulled file is the library's own thread's work.
 */
public final class ShareService implements AutoCloseable {

    /** Pulls sent at once; one more is refused {@code busy} so the puller can try again later. */
    public static final int MAX_PULLS_AT_ONCE = 4;

    private static final Logger log = LoggerFactory.getLogger(ShareService.class);
    private static final PeerCodec CODEC = new PeerCodec();

    private final Mesh mesh;
    private final FileSender sender;
    private final Library library;
    private final Predicate<RemotePeer> mayUse;
    private final QueryBudget budget = new QueryBudget(System::nanoTime);
    private final AtomicInteger pulling = new AtomicInteger();
    private volatile boolean closed;

    public ShareService(Mesh mesh, FileSender sender, Library library, Predicate<RemotePeer> mayUse) {
        this.mesh = mesh;
        this.sender = sender;
        this.library = library;
        this.mayUse = mayUse;
        mesh.router()
                .on(ShareQuery.class, this::query)
                .on(SharePull.class, this::pull);
        mesh.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void hello(RemotePeer peer) {
                peer.send(statusFor(peer, library.catalogue()));
            }

            @Override
            public void gone(RemotePeer peer) {
                budget.forget(peer.id());
            }
        });
        library.onChange(this::changed);
    }

    private ShareStatus statusFor(RemotePeer peer, Catalogue c) {
        return mayUse.test(peer) ? new ShareStatus(c.count(), c.bytes()) : new ShareStatus(0, 0);
    }

    /** The library publishes at most once a second, so this is the status's own rate bound. */
    private void changed(Catalogue c) {
        if (closed) {
            return;
        }
        for (RemotePeer p : mesh.peers()) {
            if (p.verified()) {
                p.send(statusFor(p, c));
            }
        }
    }

    private void query(RemotePeer from, ShareQuery q) {
        QueryBudget.Turn turn = budget.take(from.id());
        if (!turn.answer()) {
            if (turn.droppedToReport() > 0) {
                log.warn("share: dropping queries from {}: past {} a second ({} dropped since the last line)", from,
                        Shares.QUERIES_PER_SECOND, turn.droppedToReport());
            }
            return;
        }
        if (!mayUse.test(from)) {
            from.send(new ShareResults(q.id(), q.from(), 0, List.of()));
            return;
        }
        Catalogue.Page page = library.catalogue().search(q.text(), (int) q.from(), Shares.MAX_RESULTS);
        List<ShareEntry> files = new ArrayList<>(page.files().size());
        for (SharedFile f : page.files()) {
            files.add(new ShareEntry(f.path(), f.size(), f.modifiedMillis(), f.sha256()));
        }
        from.send(fitted(q, page.total(), files));
    }

    /** The answer with as many of {@code files} as fit in one control message (long paths: fewer). */
    private static ShareResults fitted(ShareQuery q, int total, List<ShareEntry> files) {
        int n = files.size();
        while (true) {
            ShareResults r = new ShareResults(q.id(), q.from(), total, files.subList(0, n));
            if (n == 0 || CODEC.encodeUtf8(r).length <= Transfers.MAX_CONTROL_MESSAGE_BYTES) {
                return r;
            }
            n = n - Math.max(1, n / 8);
        }
    }

    private void pull(RemotePeer from, SharePull pull) {
        if (!mayUse.test(from)) {
            log.info("share: pull {} from {} refused: not a device this share is for", pull.id(), from);
            from.send(new ShareRefused(pull.id(), ShareRefusal.NOT_ALLOWED));
            return;
        }
        if (pulling.incrementAndGet() > MAX_PULLS_AT_ONCE) {
            pulling.decrementAndGet();
            from.send(new ShareRefused(pull.id(), ShareRefusal.BUSY));
            return;
        }
        // One check per distinct path: a pull naming a file twice gets it once.
        Map<List<String>, CompletableFuture<Optional<SharedFile>>> checks = new LinkedHashMap<>();
        for (List<String> path : pull.files()) {
            checks.computeIfAbsent(path, library::serve);
        }
        CompletableFuture.allOf(checks.values().toArray(CompletableFuture[]::new))
                .whenComplete((done, failed) -> offer(from, pull, checks.values()));
    }

    private void offer(RemotePeer to, SharePull pull, Iterable<CompletableFuture<Optional<SharedFile>>> checks) {
        List<Path> sources = new ArrayList<>();
        List<FileEntry> entries = new ArrayList<>();
        for (CompletableFuture<Optional<SharedFile>> c : checks) {
            Optional<SharedFile> f = c.isCompletedExceptionally() ? Optional.empty() : c.join();
            f.ifPresent(file -> {
                sources.add(file.source());
                entries.add(new FileEntry(file.path(), file.size(), "", file.sha256()));
            });
        }
        if (closed || entries.isEmpty()) {
            pulling.decrementAndGet();
            if (!closed) {
                log.info("share: pull {} from {} refused: none of its {} file(s) is shared", pull.id(), to,
                        pull.files().size());
                to.send(new ShareRefused(pull.id(), ShareRefusal.NOT_SHARED));
            }
            return;
        }
        try {
            OutgoingTransfer t = sender.sendPulled(to, pull.id(), sources, entries);
            t.outcome().whenComplete((outcome, e) -> pulling.decrementAndGet());
            log.info("share: pull {} from {}: serving {} of {} file(s)", pull.id(), to, entries.size(), pull.files().size());
        } catch (IOException | RuntimeException e) {
            pulling.decrementAndGet();
            log.warn("share: pull {} from {} not served: {}", pull.id(), to, e.getMessage());
            to.send(new ShareRefused(pull.id(), ShareRefusal.NOT_SHARED));
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
