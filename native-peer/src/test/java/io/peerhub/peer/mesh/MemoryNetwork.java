package io.peerhub.peer.mesh;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Peer;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Meshes in one process connected without webrtc, a server or a network, in the spirit of pion's
 * {@code newPair()}: it plays the room (welcome, joined, left, as the signaling server would say
 * them) and makes the links between its members. Tests get real meshes, routers, transfers and
 * drops over it, and run in milliseconds.
 */
public final class MemoryNetwork implements Link.Factory, AutoCloseable {

    /** How long an in-memory test waits at most for something that takes microseconds. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final Map<String, Mesh> members = new LinkedHashMap<>();
    private final Map<String, Peer> peers = new HashMap<>();
    private final Map<String, MemoryLink> links = new HashMap<>();
    private final Map<String, Integer> made = new HashMap<>();
    private final MemoryGate gate = new MemoryGate();
    private final RoomKey room = RoomKey.generate();
    private volatile boolean relayed;
    /** Signals go through here, one at a time, as through a server. */
    private final java.util.concurrent.ExecutorService signaling = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-signaling");
        t.setDaemon(true);
        return t;
    });
    private volatile LinkRepair.Timing repairTiming = LinkRepair.Timing.DEFAULT;
    private final java.util.Set<String> muted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Waits of in-memory tests: poll often, as what they wait for comes within a millisecond. */
    public static ConditionFactory soon() {
        return Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    /** The room's key, which every member's mesh proves itself with. */
    public RoomKey room() {
        return room;
    }

    /** A mesh of this room for {@code device}, not joined yet (so it can register its handlers first). */
    public Mesh mesh(String name, DeviceIdentity device) {
        return new Mesh(this, name, device, room, Mesh.HELLO_TIMEOUT, repairTiming);
    }

    /** Meshes made from now on repair within milliseconds instead of seconds (the same steps, scaled down). */
    public void repairFast() {
        repairTiming = new LinkRepair.Timing(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(1_000),
                Duration.ofMillis(50), Duration.ofMillis(400), 4, 2);
    }

    /** The connection between the two breaks under both (channels close, links fail); they stay in the room. */
    public synchronized void breakConnection(Mesh a, Mesh b) {
        MemoryLink link = links.get(a.selfId() + ">" + b.selfId());
        if (link == null) {
            throw new IllegalStateException("no link between them");
        }
        link.breakConnection();
    }

    /** How many links {@code a} has made toward {@code b} so far (1 until a rebuild). */
    public synchronized int linksMade(Mesh a, Mesh b) {
        return made.getOrDefault(a.selfId() + ">" + b.selfId(), 0);
    }

    /**
     * From now on, links are made through a man in the middle: each side sees another certificate
     * than the far side has, as when a hostile signaling server terminates both connections.
     */
    public void relayInTheMiddle() {
        relayed = true;
    }

    /** Links made from now on are direct again. */
    public void directLinks() {
        relayed = false;
    }

    /** A mesh that joins the room now: it is welcomed with everyone here, and they see it join. */
    public synchronized Mesh join(String name, DeviceIdentity device) {
        Mesh mesh = mesh(name, device);
        join(mesh, name);
        return mesh;
    }

    /** Joins a mesh made by the caller (so it can register its handlers before anyone says hello). */
    public synchronized String join(Mesh mesh, String name) {
        Peer self = new Peer(Ids.newPeerId(), name, ClientKind.NATIVE);
        List<Peer> others = new ArrayList<>(peers.values());
        members.put(self.id(), mesh);
        peers.put(self.id(), self);
        mesh.signalVia((to, data) -> signaling.execute(() -> {
            Mesh m;
            synchronized (this) {
                m = members.get(to);
            }
            if (m != null) {
                m.signal(self.id(), data);
            }
        }));
        mesh.welcome(new Welcome(1, self, Ids.newResumeToken(), List.of(), others, 10_000, false));
        for (Peer p : others) {
            members.get(p.id()).peerJoined(self);
        }
        return self.id();
    }

    /** {@code mesh} leaves as a process that stops would: the others see it leave, its links close. */
    public void leave(Mesh mesh) {
        List<Mesh> others;
        synchronized (this) {
            String id = mesh.selfId();
            members.remove(id);
            peers.remove(id);
            others = new ArrayList<>(members.values());
        }
        mesh.close();
        others.forEach(m -> m.peerLeft(mesh.selfId()));
    }

    /** The room ends: every mesh still in it closes, with its links, channels and their threads. */
    @Override
    public void close() {
        List<Mesh> left;
        synchronized (this) {
            left = new ArrayList<>(members.values());
            members.clear();
            peers.clear();
        }
        left.forEach(Mesh::close);
        signaling.shutdownNow();
    }

    /** Binary data between members can be held mid-transfer. */
    public MemoryGate gate() {
        return gate;
    }

    /** Nothing {@code name}'s meshes say on their control channels arrives: links opened from now on. */
    public void mute(String name) {
        muted.add(name);
    }

    @Override
    public synchronized Link open(String selfId, String peerId, List<IceServer> iceServers, Link.Sink sink) {
        MemoryLink link = new MemoryLink(selfId, peerId, iceServers, sink, gate);
        Peer self = peers.get(selfId);
        link.muted = self != null && muted.contains(self.name());
        links.put(selfId + ">" + peerId, link);
        made.merge(selfId + ">" + peerId, 1, Integer::sum);
        MemoryLink other = links.get(peerId + ">" + selfId);
        // A link already paired is the other side's old connection: this one waits for its new one.
        if (other != null && !other.closed() && !other.paired()) {
            MemoryLink.connect(link, other, relayed);
        }
        return link;
    }
}
