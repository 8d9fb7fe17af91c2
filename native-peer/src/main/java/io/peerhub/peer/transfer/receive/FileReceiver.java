package io.peerhub.peer.transfer.receive;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.drop.StagingArea;
import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.transfer.PolicyInForce;
import io.peerhub.peer.transfer.Sizes;
import io.peerhub.protocol.peer.FileEntry;
import io.peerhub.protocol.peer.Have;
import io.peerhub.protocol.peer.InvalidManifestException;
import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.OfferAssembly;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.protocol.peer.TransferAnswer;
import io.peerhub.protocol.peer.TransferCancel;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.peer.TransferOffer;
import io.peerhub.protocol.peer.TransferResume;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import io.peerhub.protocol.peer.CancelReason;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of file transfer (docs/protocol.md, "File transfer") for an unattended
 * drop: answers offers on its own (who may send, the hub's and its own policy, the manifests it may hold ({@link ManifestBudget}),
 * size limit, quota, free space), takes the transfer channels, and offers to resume staged
 * transfers when their sender's device says hello again.
 * Its accepted transfers reach it only through their {@link ReceiveContext}.
 */
public final class FileReceiver implements AutoCloseable {

    /** What happened; called on internal threads. */
    public interface Events {
        default void received(ReceivedFile file) {}

        default void refused(RemotePeer from, RefusalReason reason, String message) {}

        default void failed(String transferId, String why) {}
    }

    public record ReceivedFile(String transferId, String sender, Path path, long size, String sha256) {}

    private static final Logger log = LoggerFactory.getLogger(FileReceiver.class);

    private final InboxWriter inbox;
    private final Quota quota;
    private final Predicate<RemotePeer> allowed;
    private final Events events;
    private final Map<String, IncomingTransfer> transfers = new ConcurrentHashMap<>();
    private final Map<String, Assembly> assemblies = new ConcurrentHashMap<>();
    private final Lifetimes lifetimes;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;
    private volatile PolicyInForce policy = PolicyInForce.NONE;

    /**
     * One offer whose parts are arriving, with what they weigh so far ({@link ManifestBudget}); or,
     * with no {@code parts}, one already refused, whose later parts are dropped until its deadline.
     */
    private static final class Assembly {
        final String peerId;
        final String sender;
        final OfferAssembly parts;
        final long deadline;
        long weight;

        Assembly(String peerId, String sender, OfferAssembly parts, long deadline) {
            this.peerId = peerId;
            this.sender = sender;
            this.parts = parts;
            this.deadline = deadline;
        }

        boolean refused() {
            return parts == null;
        }
    }

    /** Offers of one peer being assembled at once. */
    static final int MAX_PENDING_OFFERS = 16;

    private final ReceiveContext context = new ReceiveContext() {
        @Override
        public InboxWriter inbox() {
            return inbox;
        }

        @Override
        public Quota quota() {
            return quota;
        }

        @Override
        public PolicyInForce policy() {
            return policy;
        }

        @Override
        public long now() {
            return clock.millis();
        }

        @Override
        public void received(ReceivedFile file) {
            events.received(file);
        }

        @Override
        public void failed(String transferId, String why) {
            events.failed(transferId, why);
        }

        @Override
        public void ended(IncomingTransfer t) {
            transfers.remove(t.id(), t);
        }
    };

    public FileReceiver(InboxWriter inbox, Quota quota, Predicate<RemotePeer> allowed, Events events) throws IOException {
        this(inbox, quota, allowed, events, Lifetimes.DEFAULT, Clock.systemUTC());
    }

    /** With other lifetimes, timed by {@code clock} (tests move it on). */
    public FileReceiver(InboxWriter inbox, Quota quota, Predicate<RemotePeer> allowed, Events events,
                        Lifetimes lifetimes, Clock clock) throws IOException {
        this.inbox = inbox;
        this.quota = quota;
        this.allowed = allowed;
        this.events = events;
        this.lifetimes = lifetimes;
        this.clock = clock;
        loadStaged();
        expire();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peerhub-expiry");
            t.setDaemon(true);
            return t;
        });
        long every = lifetimes.sweepEvery().toMillis();
        sweeper.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Cancels every transfer that went without progress for its {@link Lifetimes lifetime}, giving
     * back the space it held ahead and deleting its staging; returns their ids. Runs on a timer.
     */
    public List<String> expire() {
        long now = clock.millis();
        long wall = System.currentTimeMillis();
        assemblies.values().removeIf(a -> a.deadline < wall); // the parts window is the sender's, on our wall clock
        List<String> expired = new ArrayList<>();
        for (IncomingTransfer t : new ArrayList<>(transfers.values())) {
            if (lifetimes.left(t.lastProgress(), t.heldBytes(), now) <= 0) {
                log.info("transfer {} from {} made no progress for {} ({} of {} held): removed", t.id(),
                        t.senderName(), (now - t.lastProgress()) / 1000 + " s", Sizes.format(t.heldBytes()),
                        Sizes.format(t.totalBytes()));
                t.cancel(CancelReason.TIMEOUT);
                events.failed(t.id(), "no progress for its lifetime");
                expired.add(t.id());
            }
        }
        return expired;
    }

    /**
     * Enforces {@code policy} from now on: each offer is judged by its manifest, and each file by
     * its first bytes before any of it is staged (docs/protocol.md, "Hub policy").
     */
    public FileReceiver policy(PolicyInForce policy) {
        this.policy = policy;
        return this;
    }

    public PolicyInForce policy() {
        return policy;
    }

    /** The transfers accepted and not yet over (staged on disk). */
    public int pending() {
        return transfers.size();
    }

    /** Transfers staged on disk by an earlier run wait for their sender to come back. */
    private void loadStaged() throws IOException {
        for (Path d : inbox.stagedDirs()) {
            Optional<IncomingTransfer> t = IncomingTransfer.load(context, d);
            if (t.isEmpty()) {
                continue; // unreadable, and already removed
            }
            IncomingTransfer staged = t.get();
            Optional<Quota.Refusal> over = ManifestBudget.check(senderKey(staged), staged.manifestWeight(),
                    staged.manifestWeight(), true, holdings());
            if (staged.complete()) {
                log.info("transfer {} from {} was complete before a restart; its staging is removed", staged.id(),
                        staged.senderName());
                quota.changed(-InboxWriter.deleteTree(d));
            } else if (over.isPresent()) {
                // Staged by a drop without these bounds: keeping it would cost the memory they protect.
                log.warn("transfer {} from {} staged earlier is removed: {}", staged.id(), staged.senderName(),
                        over.get().message());
                quota.changed(-InboxWriter.deleteTree(d));
            } else {
                transfers.put(staged.id(), staged);
                log.info("transfer {} from {} staged earlier; waiting for its sender to resume", staged.id(),
                        staged.senderName());
            }
        }
    }

    /** Starts answering {@code mesh}'s peers: their offers, cancels, hellos and transfer channels. */
    public void attach(Mesh mesh) {
        mesh.router()
                .on(TransferOffer.class, this::offerPart)
                .on(TransferCancel.class, this::cancelled);
        mesh.addPeerListener(new Mesh.PeerListener() {
            @Override
            public void hello(RemotePeer peer) {
                helloFrom(peer);
            }

            /**
             * Its connection is rebuilt: nothing more is written from the old channel, so what we
             * hold is settled when its hello on the new one asks the sender to resume from there.
             */
            @Override
            public void linkLost(RemotePeer old) {
                for (IncomingTransfer t : transfers.values()) {
                    if (t.isFrom(old)) {
                        t.detach();
                    }
                }
            }
            // Gone: staged transfers stay, as the sender may come back under a new peer id with the same device.
        });
        mesh.onChannel(label -> label.startsWith(Transfers.FILE_CHANNEL_PREFIX), this::transferChannel);
    }

    private void cancelled(RemotePeer peer, TransferCancel cancel) {
        IncomingTransfer t = transfers.get(cancel.id());
        if (t != null && t.isFrom(peer)) {
            log.info("transfer {} cancelled by {}: {}", t.id(), peer, cancel.reason());
            t.cancel(null);
        }
        assemblies.remove(cancel.id());
    }

    private void helloFrom(RemotePeer peer) {
        if (peer.device() == null) {
            return;
        }
        for (IncomingTransfer t : transfers.values()) {
            if (peer.device().equals(t.senderDevice()) && !t.attached()) {
                List<Have> have = t.rebind(peer);
                log.info("asking {} to resume transfer {} ({} of {} held)", peer, t.id(),
                        Sizes.format(t.heldBytes()), Sizes.format(t.totalBytes()));
                peer.send(new TransferResume(t.id(), have));
            }
        }
    }

    private boolean transferChannel(RemotePeer peer, DataChannel channel) {
        String label = channel.label();
        IncomingTransfer t = transfers.get(label.substring(Transfers.FILE_CHANNEL_PREFIX.length()));
        if (t == null || !t.isFrom(peer)) {
            log.warn("transfer channel {} from {} matches no accepted transfer", label, peer);
            return false;
        }
        t.attach(channel);
        return true;
    }

    /**
     * One part of an offer. Synchronized, so the manifest budget is checked and taken in one step
     * whichever peers' parts arrive at once (each peer's parts come on its own link thread).
     */
    private synchronized void offerPart(RemotePeer peer, TransferOffer offer) {
        long now = System.currentTimeMillis();
        assemblies.values().removeIf(a -> a.deadline < now);
        Assembly a = assemblies.get(offer.id());
        if (a != null && a.refused()) {
            return; // the rest of an offer already answered
        }
        boolean first = a == null;
        if (first) {
            forgetOldestIfFull(peer.id());
        } else if (!a.peerId.equals(peer.id())) {
            refuse(peer, offer.id(), RefusalReason.BAD_MANIFEST, "offer parts disagree");
            return;
        }
        String sender = senderKey(peer);
        long weight = ManifestBudget.weight(offer.files());
        Optional<Quota.Refusal> over = transfers.containsKey(offer.id()) ? Optional.empty()
                : ManifestBudget.check(sender, weight, (first ? 0 : a.weight) + weight, first, holdings());
        if (over.isPresent()) {
            refuseRest(peer, offer.id(), sender, now, over.get().reason(), over.get().message());
            return;
        }
        if (first) {
            a = new Assembly(peer.id(), sender, new OfferAssembly(offer), now + Transfers.PARTS_WINDOW_MILLIS);
            assemblies.put(offer.id(), a);
        }
        a.weight += weight;
        Optional<Manifest> manifest;
        try {
            manifest = a.parts.add(offer);
        } catch (InvalidManifestException e) {
            refuseRest(peer, offer.id(), sender, now, RefusalReason.BAD_MANIFEST, e.getMessage());
            return;
        }
        if (manifest.isPresent()) {
            decide(peer, manifest.get());
            assemblies.remove(offer.id()); // only now: until decide() made it a transfer, its weight counted here
        }
    }

    /** Refuses an offer and drops the parts of it still to come, so it is answered once. */
    private void refuseRest(RemotePeer peer, String id, String sender, long now, RefusalReason reason, String message) {
        assemblies.put(id, new Assembly(peer.id(), sender, null, now + Transfers.PARTS_WINDOW_MILLIS));
        refuse(peer, id, reason, message);
    }

    /** Who holds a manifest, for its budget: the device its hello proved (a new peer id is the same sender). */
    private static String senderKey(RemotePeer peer) {
        return peer.device() != null ? peer.device() : "peer:" + peer.id();
    }

    private static String senderKey(IncomingTransfer t) {
        return t.senderDevice() != null ? t.senderDevice() : "transfer:" + t.id();
    }

    /** What the drop holds now: each open transfer's manifest and each offer being assembled. */
    private List<ManifestBudget.Holding> holdings() {
        List<ManifestBudget.Holding> held = new ArrayList<>();
        for (IncomingTransfer t : transfers.values()) {
            held.add(new ManifestBudget.Holding(senderKey(t), t.manifestWeight()));
        }
        for (Assembly a : assemblies.values()) {
            if (!a.refused()) {
                held.add(new ManifestBudget.Holding(a.sender, a.weight));
            }
        }
        return held;
    }

    /**
     * A peer has at most {@link #MAX_PENDING_OFFERS} offers being assembled; a new one forgets its
     * oldest, as the browser does (web-client/src/transfer/manifest.ts): a flood of part 0s costs
     * the flooder, not our memory.
     */
    private void forgetOldestIfFull(String peerId) {
        List<Map.Entry<String, Assembly>> mine = assemblies.entrySet().stream()
                .filter(e -> e.getValue().peerId.equals(peerId)).toList();
        if (mine.size() >= MAX_PENDING_OFFERS) {
            mine.stream().min(java.util.Comparator.comparingLong(e -> e.getValue().deadline))
                    .ifPresent(e -> assemblies.remove(e.getKey()));
        }
    }

    private void decide(RemotePeer peer, Manifest manifest) {
        IncomingTransfer existing = transfers.get(manifest.id());
        if (existing != null) {
            if (existing.isFrom(peer) || peer.device() != null && peer.device().equals(existing.senderDevice())) {
                peer.send(TransferAnswer.accepted(manifest.id(), existing.rebind(peer)));
            } else {
                refuse(peer, manifest.id(), RefusalReason.BAD_MANIFEST, "transfer id already in use");
            }
            return;
        }
        if (!allowed.test(peer)) {
            refuse(peer, manifest.id(), RefusalReason.NOT_ALLOWED, "this drop accepts files only from certain peers");
            return;
        }
        Optional<String> byPolicy = policy.refuseOffer(manifest);
        if (byPolicy.isPresent()) {
            refuse(peer, manifest.id(), RefusalReason.POLICY, byPolicy.get());
            return;
        }
        long largest = manifest.files().stream().mapToLong(FileEntry::size).max().orElse(0);
        // Its record is on disk from now on, so it counts against the quota from the start.
        long record = StagingArea.recordBytes(manifest, peer.device(), peer.name());
        Optional<Quota.Refusal> refusal = quota.admit(largest, manifest.totalBytes(), record);
        if (refusal.isPresent()) {
            refuse(peer, manifest.id(), refusal.get().reason(), refusal.get().message());
            return;
        }
        IncomingTransfer t;
        try {
            t = IncomingTransfer.create(context, manifest, peer);
        } catch (IOException e) {
            log.warn("cannot stage transfer {}: {}", manifest.id(), e.toString());
            refuse(peer, manifest.id(), RefusalReason.NO_SPACE, "the drop cannot write to its folder");
            return;
        }
        transfers.put(manifest.id(), t);
        log.info("accepted transfer {} from {}: {} file(s), {}", manifest.id(), peer, manifest.files().size(),
                Sizes.format(manifest.totalBytes()));
        if (!peer.send(TransferAnswer.accepted(manifest.id(), List.of()))) {
            log.warn("could not send the answer for transfer {} to {}", manifest.id(), peer);
        }
    }

    private void refuse(RemotePeer peer, String id, RefusalReason reason, String message) {
        log.info("refused an offer from {}: {} ({})", peer, reason, message);
        if (TransferIds.isValid(id)) {
            peer.send(TransferAnswer.refused(id, reason, message));
        }
        events.refused(peer, reason, message);
    }

    /** Stops writing and keeps everything staged for a resume after the next start. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        new ArrayList<>(transfers.values()).forEach(IncomingTransfer::suspend);
    }
}
