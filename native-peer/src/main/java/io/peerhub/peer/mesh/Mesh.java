package io.peerhub.peer.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.peer.signaling.SignalingClient;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.peer.ChatEntry;
import io.peerhub.protocol.peer.Hello;
import io.peerhub.protocol.peer.PeerProtocolException;
import io.peerhub.protocol.peer.SignalData;
import io.peerhub.protocol.trust.RoomKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Link} per other peer in the room, kept in step with the room's presence, as the
 * browser's web-client/src/mesh.ts. The mesh says {@code hello} with its proof when a control
 * channel opens, owns the peer's {@code hello} (it verifies it against this connection, records
 * the device, then tells its {@link PeerListener}s; a peer that does not prove itself within
 * {@link #HELLO_TIMEOUT} is cut off, docs/protocol.md "Verifying a peer"),
 * and hands every other control message to its {@link ControlRouter} and every channel the peer
 * opens to the {@link ChannelHandler} registered for its label. While signaling is away the links
 * stay up: peer-to-peer connections that work keep working.
 *
 * <p>It repairs connections too (docs/protocol.md "Repairing a connection"): each peer's
 * {@link LinkRepair} watches its link and has ICE restarted, or the link rebuilt as the next
 * generation. Every signal carries the generation of the link it is for: one of an older link is
 * dropped, one of a newer link means the peer rebuilt it, so ours is rebuilt to match. A rebuilt
 * link is a new {@link RemotePeer} of the same id: the peer proves itself again on it before
 * anything but hello passes, and {@link PeerListener#linkLost} tells the features first.
 */
public final class Mesh implements SignalingClient.Listener {

    /**
     * A peer said a hello that verified (on its link's worker thread), was cut off as not
     * verified, or left (on the signaling thread).
     */
    public interface PeerListener {
        default void hello(RemotePeer peer) {}

        default void notVerified(RemotePeer peer, String why) {}

        default void gone(RemotePeer peer) {}

        /**
         * The peer's connection is being rebuilt (repair): every channel of {@code old} is gone,
         * the peer stays in the room, and {@link #hello} comes again once it proved itself on the
         * new connection.
         */
        default void linkLost(RemotePeer old) {}
    }

    /** A channel the peer opened; returns true to take it, false to have the mesh dispose it. */
    @FunctionalInterface
    public interface ChannelHandler {
        boolean take(RemotePeer peer, DataChannel channel);
    }

    private record ChannelRoute(Predicate<String> label, ChannelHandler handler) {}

    private static final Logger log = LoggerFactory.getLogger(Mesh.class);
    /** How long a peer has, from its control channel opening, to prove itself. */
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-mesh-timers");
        t.setDaemon(true);
        return t;
    });
    /** Every repair's events, timers and actions, in order (a rebuild closes a link: never on its own thread). */
    private static final ScheduledExecutorService REPAIRS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-repair");
        t.setDaemon(true);
        return t;
    });
    /**
     * A peer may have us rebuild its connection at most this often. Its own repair rebuilds at
     * most every REPAIR_REBUILD_MILLIS, so this never holds back a real one; it keeps a peer that
     * raises the generation in every signal from making us build connections as fast as it sends.
     */
    private static final long MIN_PEER_REBUILD_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Link.Factory links;
    private final String name;
    private final String device;
    private final DeviceIdentity identity;
    private final String roomId;
    private final PeerVerifier verifier;
    private final Duration helloTimeout;
    private final ControlRouter router = new ControlRouter();
    private final Map<String, RemotePeer> remotes = new ConcurrentHashMap<>();
    private final Map<String, LinkRepair> repairs = new ConcurrentHashMap<>();
    /** When each peer last had us rebuild its connection (System.nanoTime). */
    private final Map<String, Long> peerRebuilds = new ConcurrentHashMap<>();
    private final LinkRepair.Timing repairTiming;
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ChannelRoute> channelRoutes = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<String, ObjectNode> signals = (to, data) -> { };
    private volatile String selfId;
    private volatile List<IceServer> iceServers = List.of();
    private volatile boolean closed;

    public Mesh(Link.Factory links, String name, DeviceIdentity identity, RoomKey room) {
        this(links, name, identity, room, HELLO_TIMEOUT);
    }

    /** With another time a peer has to prove itself (tests). */
    public Mesh(Link.Factory links, String name, DeviceIdentity identity, RoomKey room, Duration helloTimeout) {
        this(links, name, identity, room, helloTimeout, LinkRepair.Timing.DEFAULT);
    }

    /** With another repair schedule (tests). */
    Mesh(Link.Factory links, String name, DeviceIdentity identity, RoomKey room, Duration helloTimeout,
         LinkRepair.Timing repairTiming) {
        this.repairTiming = repairTiming;
        this.links = links;
        this.name = name;
        this.device = identity.deviceId();
        this.identity = identity;
        this.roomId = room.roomId();
        this.verifier = new PeerVerifier(identity, room);
        this.helloTimeout = helloTimeout;
        router.on(Hello.class, this::hello);
    }

    /** This installation's device id, as its verified hellos prove it. */
    public String device() {
        return device;
    }

    /** The room this mesh is in: what chat entries are signed for. */
    public String roomId() {
        return roomId;
    }

    /** My display name, as signaling was told it. */
    public String name() {
        return name;
    }

    /** A chat entry signed by this device for this room (docs/protocol.md "Chat history"). */
    public ChatEntry signChat(String id, long ts, String text) {
        return identity.signChat(roomId, id, ts, name, text);
    }

    /**
     * The same rule as the browser's negotiation.ts: the peer whose id sorts lower is polite. It
     * waits for the other's first offer, and it opens the channels both sides share.
     */
    public static boolean isPolite(String selfId, String peerId) {
        return selfId.compareTo(peerId) < 0;
    }

    /** Where handshake data for a peer goes (the signaling client's {@code signal}). */
    public void signalVia(BiConsumer<String, ObjectNode> signals) {
        this.signals = signals;
    }

    public ControlRouter router() {
        return router;
    }

    public void addPeerListener(PeerListener listener) {
        listeners.add(listener);
    }

    /** Channels the peers open whose label matches go to {@code handler}; the first match decides. */
    public void onChannel(Predicate<String> label, ChannelHandler handler) {
        channelRoutes.add(new ChannelRoute(label, handler));
    }

    public String selfId() {
        return selfId;
    }

    public List<RemotePeer> peers() {
        return new ArrayList<>(remotes.values());
    }

    public Optional<RemotePeer> peer(String id) {
        return Optional.ofNullable(remotes.get(id));
    }

    // ---- signaling events (signaling thread) ---------------------------------------------------

    @Override
    public synchronized void welcome(Welcome w) {
        if (closed) {
            return;
        }
        iceServers = w.iceServers();
        boolean sameSelf = w.self().id().equals(selfId);
        if (!w.resumed() || !sameSelf) {
            // A new peer id (e.g. the server restarted and forgot us): every link was made for the
            // old id, and the others will see us join fresh.
            closeAll();
            selfId = w.self().id();
        } else {
            // A resume's welcome carries fresh credentials: the links that stay up take them too.
            remotes.values().forEach(r -> r.link().useIceServers(w.iceServers()));
        }
        Set<String> present = new HashSet<>();
        for (Peer p : w.peers()) {
            present.add(p.id());
            RemotePeer r = remotes.get(p.id());
            if (r == null) {
                addLink(p);
            } else {
                r.peer(p);
            }
        }
        for (String id : new ArrayList<>(remotes.keySet())) {
            if (!present.contains(id)) {
                removeLink(id);
            }
        }
        // Repair signals sent while we were away may be lost: any repair under way starts over.
        repairs.values().forEach(LinkRepair::retry);
    }

    @Override
    public synchronized void peerJoined(Peer peer) {
        if (closed || peer.id().equals(selfId)) {
            return;
        }
        RemotePeer existing = remotes.get(peer.id());
        if (existing == null) {
            addLink(peer);
        } else {
            existing.peer(peer);
        }
    }

    @Override
    public synchronized void peerLeft(String id) {
        removeLink(id);
    }

    @Override
    public void peerUpdated(Peer peer) {
        RemotePeer r = remotes.get(peer.id());
        if (r != null) {
            r.peer(peer);
        }
    }

    /** Renewed credentials: for every link made from now on, and every live one. */
    @Override
    public synchronized void iceServers(List<IceServer> servers) {
        if (closed) {
            return;
        }
        iceServers = servers;
        remotes.values().forEach(r -> r.link().useIceServers(servers));
    }

    @Override
    public void signal(String from, ObjectNode data) {
        SignalData signal;
        try {
            signal = SignalData.parse(data);
        } catch (PeerProtocolException e) {
            log.debug("signal from {} dropped: {}", from, e.getMessage());
            return;
        }
        RemotePeer r = remotes.get(from);
        if (r == null) {
            log.debug("signal from unknown peer {} dropped", from);
            return;
        }
        if (signal.gen() < r.gen()) {
            log.debug("signal from {} for connection {} dropped (now {})", r, signal.gen(), r.gen());
            return;
        }
        if (signal.gen() > r.gen()) {
            r = rebuiltByPeer(from, signal.gen());
            if (r == null) {
                return;
            }
        }
        r.link().handleSignal(signal);
    }

    // ---- repair --------------------------------------------------------------------------------

    /** The peer rebuilt our connection: ours follows to {@code gen}; null when that is refused. */
    private synchronized RemotePeer rebuiltByPeer(String id, long gen) {
        RemotePeer r = remotes.get(id);
        if (closed || r == null) {
            return null;
        }
        if (gen <= r.gen()) {
            return gen == r.gen() ? r : null; // someone got here first
        }
        if (r.trust() == RemotePeer.Trust.NOT_VERIFIED) {
            return null; // cut off: not rebuilt until it joins again
        }
        long now = System.nanoTime();
        Long last = peerRebuilds.get(id);
        if (last != null && now - last < MIN_PEER_REBUILD_INTERVAL_NANOS) {
            log.warn("{} asks for connection {} too soon after the last; dropped", r, gen);
            return null;
        }
        peerRebuilds.put(id, now);
        RemotePeer fresh = relink(r, gen, false);
        LinkRepair repair = repairs.get(id);
        if (repair != null) {
            repair.replaced();
        }
        return fresh;
    }

    /** Our repair rebuilds: the next generation, whose first offer tells the peer. */
    private synchronized void rebuild(String id) {
        RemotePeer r = remotes.get(id);
        if (!closed && r != null && r.trust() != RemotePeer.Trust.NOT_VERIFIED) {
            relink(r, Math.min(r.gen() + 1, io.peerhub.protocol.Protocol.MAX_SAFE_INTEGER), true);
        }
    }

    /** Replaces {@code r}'s link with a new one of generation {@code gen}; the features hear linkLost first. */
    private RemotePeer relink(RemotePeer r, long gen, boolean ours) {
        log.info("rebuilding the connection to {} (generation {})", r, gen);
        for (PeerListener l : listeners) {
            try {
                l.linkLost(r);
            } catch (RuntimeException e) {
                log.warn("handling the lost connection to {} failed", r, e);
            }
        }
        r.link().close();
        return addLink(r.peer(), gen, ours);
    }

    private LinkRepair repairOf(String id) {
        return repairs.computeIfAbsent(id, key -> new LinkRepair(key, new LinkRepair.Actions() {
            @Override
            public boolean restartIce() {
                RemotePeer r = remotes.get(key);
                if (r == null) {
                    return false;
                }
                log.info("restarting ICE toward {} (connection {})", r, r.gen());
                return r.link().restartIce();
            }

            @Override
            public void rebuild() {
                Mesh.this.rebuild(key);
            }
        }, !isPolite(selfId, key), repairTiming, REPAIRS));
    }

    // ---- link events (link worker threads) -----------------------------------------------------

    private void hello(RemotePeer peer, Hello hello) {
        if (peer.trust() != RemotePeer.Trust.VERIFYING) {
            return; // once judged, a connection stays judged: a second hello proves nothing new
        }
        Link link = peer.link();
        if (!verifier.verifies(hello, selfId, peer.id(), link.localFingerprint(), link.remoteFingerprint())) {
            cutOff(peer, hello.hasProof() ? "its hello does not prove this connection" : "its hello carries no proof");
            return;
        }
        if (!peer.verified(hello.device(), hello.key())) {
            return; // its deadline passed while the hello was being checked: it stays cut off
        }
        log.info("{} is verified: device {}", peer, hello.device());
        for (PeerListener l : listeners) {
            try {
                l.hello(peer);
            } catch (RuntimeException e) {
                log.warn("handling hello from {} failed", peer, e);
            }
        }
    }

    private final class LinkEvents implements Link.Sink {
        private final String peerId;
        private final long gen;
        /** Set as soon as the link exists: a link may report before its factory has returned it. */
        private final CompletableFuture<RemotePeer> peer = new CompletableFuture<>();

        LinkEvents(String peerId, long gen) {
            this.peerId = peerId;
            this.gen = gen;
        }

        @Override
        public void signal(SignalData data) {
            RemotePeer r = peer.join();
            if (remotes.get(peerId) == r) {
                signals.accept(peerId, data.withGen(gen).toJson());
            }
        }

        @Override
        public void controlOpen(Link link) {
            RemotePeer r = current(link);
            if (r == null) {
                return;
            }
            String local = link.localFingerprint();
            String remote = link.remoteFingerprint();
            if (local == null || remote == null) {
                cutOff(r, "its connection shows no DTLS fingerprint");
                return;
            }
            r.send(verifier.hello(name, selfId, r.id(), local, remote));
            TIMERS.schedule(() -> {
                if (r.trust() == RemotePeer.Trust.VERIFYING && remotes.get(r.id()) == r) {
                    cutOff(r, "no valid hello within " + helloTimeout.toMillis() + " ms");
                }
            }, helloTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void controlMessage(Link link, byte[] utf8) {
            RemotePeer r = current(link);
            if (r != null) {
                router.route(r, utf8, link.maxMessageSize());
            }
        }

        @Override
        public void state(Link link, Link.State state) {
            log.debug("link to {} is {}", link.peerId(), state);
            RemotePeer r = current(link);
            LinkRepair repair = repairs.get(peerId);
            if (r != null && repair != null) {
                repair.linkState(state);
            }
        }

        @Override
        public void remoteChannel(Link link, DataChannel channel) {
            RemotePeer r = current(link);
            if (r != null && r.verified()) {
                for (ChannelRoute route : channelRoutes) {
                    if (route.label().test(channel.label())) {
                        if (route.handler().take(r, channel)) {
                            return;
                        }
                        break;
                    }
                }
            }
            channel.dispose();
        }

        /** The peer, while this link is still its link (a replaced link's late events are dropped). */
        private RemotePeer current(Link link) {
            RemotePeer r = peer.join();
            return r.link() == link && remotes.get(r.id()) == r ? r : null;
        }
    }

    /**
     * The peer did not prove itself: its connection is closed and not rebuilt until it joins
     * again, so a man in the middle gets the hello and nothing after it.
     */
    private void cutOff(RemotePeer peer, String why) {
        if (!peer.notVerified()) {
            return; // verified or cut off a moment ago: judged once
        }
        log.warn("{} is not verified ({}): this connection may be intercepted; closing it", peer, why);
        for (PeerListener l : listeners) {
            try {
                l.notVerified(peer, why);
            } catch (RuntimeException e) {
                log.warn("handling the cut-off of {} failed", peer, e);
            }
        }
        // Not rebuilt: a relay would only be handed another try.
        LinkRepair repair = repairs.get(peer.id());
        if (repair != null && remotes.get(peer.id()) == peer) {
            repair.stop();
        }
        // Not on the link's own thread: closing waits for it.
        TIMERS.execute(() -> peer.link().close());
    }

    private void addLink(Peer p) {
        addLink(p, 0, false);
    }

    /** @param offering our own rebuild: the new link offers at once, since only its offer tells the peer */
    private RemotePeer addLink(Peer p, long gen, boolean offering) {
        repairOf(p.id());
        LinkEvents events = new LinkEvents(p.id(), gen);
        Link link = offering ? links.openOffering(selfId, p.id(), iceServers, events) : links.open(selfId, p.id(), iceServers, events);
        RemotePeer r = new RemotePeer(p, link, isPolite(selfId, p.id()), gen);
        remotes.put(p.id(), r);
        events.peer.complete(r);
        return r;
    }

    private void removeLink(String id) {
        RemotePeer r = remotes.remove(id);
        LinkRepair repair = repairs.remove(id);
        peerRebuilds.remove(id);
        if (repair != null) {
            repair.stop();
        }
        if (r != null) {
            for (PeerListener l : listeners) {
                try {
                    l.gone(r);
                } catch (RuntimeException e) {
                    log.warn("handling the departure of {} failed", r, e);
                }
            }
            r.link().close();
        }
    }

    private void closeAll() {
        for (String id : new ArrayList<>(remotes.keySet())) {
            removeLink(id);
        }
    }

    /** Closes every link (channels first, then connections). The factory is the caller's to dispose after. */
    public synchronized void close() {
        closed = true;
        closeAll();
    }
}
