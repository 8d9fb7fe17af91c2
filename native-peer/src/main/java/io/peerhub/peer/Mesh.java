package io.peerhub.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.peer.Hello;
import io.peerhub.protocol.peer.PeerCodec;
import io.peerhub.protocol.peer.PeerMessage;
import io.peerhub.protocol.peer.PeerProtocolException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link PeerLink} per other peer in the room, kept in step with the room's presence. The
 * mesh says {@code hello} when a control channel opens and passes every other control message
 * to its {@link ControlListener}s. While signaling is away the links stay up: peer-to-peer
 * connections that work keep working.
 */
public final class Mesh implements SignalingClient.Listener {

    /** Control-channel traffic; called on the link's worker thread. */
    public interface ControlListener {
        default void hello(RemotePeer peer) {}

        default void message(RemotePeer peer, PeerMessage message) {}

        /** A channel the peer opened; return true to take it (the first taker owns it). */
        default boolean remoteChannel(RemotePeer peer, ChannelPort channel) {
            return false;
        }

        default void gone(RemotePeer peer) {}
    }

    private static final Logger log = LoggerFactory.getLogger(Mesh.class);

    private final RtcRuntime rtc;
    private final String name;
    private final String device;
    private final PeerCodec codec = new PeerCodec();
    private final Map<String, RemotePeer> remotes = new ConcurrentHashMap<>();
    private final List<ControlListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-mesh-timers");
        t.setDaemon(true);
        return t;
    });
    private volatile SignalingClient signaling;
    private volatile String selfId;
    private volatile List<IceServer> iceServers = List.of();
    private volatile boolean closed;

    public Mesh(RtcRuntime rtc, String name, String device) {
        this.rtc = rtc;
        this.name = name;
        this.device = device;
    }

    void signaling(SignalingClient signaling) {
        this.signaling = signaling;
    }

    public void addListener(ControlListener listener) {
        listeners.add(listener);
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

    @Override
    public void signal(String from, ObjectNode data) {
        RemotePeer r = remotes.get(from);
        if (r == null) {
            log.debug("signal from unknown peer {} dropped", from);
            return;
        }
        r.link().handleSignal(data);
    }

    // ---- link events (link worker threads) -----------------------------------------------------

    private void controlOpen(PeerLink link) {
        RemotePeer r = remotes.get(link.peerId());
        if (r != null && r.link() == link) {
            r.send(Hello.of(name, device));
        }
    }

    private void controlMessage(PeerLink link, byte[] utf8) {
        RemotePeer r = remotes.get(link.peerId());
        if (r == null || r.link() != link) {
            return;
        }
        PeerMessage message;
        try {
            message = codec.decodeControl(utf8, link.maxMessageSize());
        } catch (PeerProtocolException e) {
            log.warn("control message from {} dropped: {}", r, e.getMessage());
            return;
        }
        if (message instanceof Hello h) {
            r.device(h.device());
            listeners.forEach(l -> l.hello(r));
            return;
        }
        for (ControlListener l : listeners) {
            try {
                l.message(r, message);
            } catch (RuntimeException e) {
                log.warn("handling {} from {} failed", message.type(), r, e);
            }
        }
    }

    private void state(PeerLink link, PeerLink.State state) {
        log.debug("link to {} is {}", link.peerId(), state);
    }

    private void remoteChannel(PeerLink link, ChannelPort channel) {
        RemotePeer r = remotes.get(link.peerId());
        if (r != null) {
            for (ControlListener l : listeners) {
                if (l.remoteChannel(r, channel)) {
                    return;
                }
            }
        }
        channel.dispose();
    }

    private void addLink(Peer p) {
        String peerId = p.id();
        PeerLink.Sink sink = new PeerLink.Sink() {
            @Override
            public void signal(ObjectNode data) {
                SignalingClient s = signaling;
                if (s != null) {
                    s.signal(peerId, data);
                }
            }

            @Override
            public void controlOpen(PeerLink link) {
                Mesh.this.controlOpen(link);
            }

            @Override
            public void controlMessage(PeerLink link, byte[] utf8) {
                Mesh.this.controlMessage(link, utf8);
            }

            @Override
            public void state(PeerLink link, PeerLink.State state) {
                Mesh.this.state(link, state);
            }

            @Override
            public void remoteChannel(PeerLink link, ChannelPort channel) {
                Mesh.this.remoteChannel(link, channel);
            }
        };
        PeerLink link = new PeerLink(rtc, timers, selfId, peerId, iceServers, sink);
        remotes.put(peerId, new RemotePeer(p, link));
    }

    private void removeLink(String id) {
        RemotePeer r = remotes.remove(id);
        if (r != null) {
            listeners.forEach(l -> l.gone(r));
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
        timers.shutdownNow();
    }
}
