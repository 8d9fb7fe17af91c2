package io.peerhub.peer.mesh;

import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.peer.SignalData;
import io.peerhub.protocol.peer.Transfers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One side of an in-memory connection between two meshes of one {@link MemoryNetwork}. Like
 * webrtc's link it reports on a worker thread of its own, in order; it needs no negotiation: it is
 * connected as soon as the other side has made its link too. Its one signal, an offer as it is
 * made, tells the other mesh which generation it is (so a rebuilt link makes the other side
 * rebuild too), and each link shows a certificate of its own, as a new peer connection does.
 */
final class MemoryLink implements Link {

    private static final AtomicLong MADE = new AtomicLong();

    private final String peerId;
    private final Sink sink;
    private final MemoryGate gate;
    private final ExecutorService worker;
    private final Set<MemoryChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile MemoryLink far;
    private volatile State state = State.CONNECTING;
    private volatile boolean controlOpen;
    private volatile boolean closed;
    /** The connection under it broke ({@link #breakConnection}): nothing passes, ICE cannot restart it. */
    private volatile boolean broken;
    private final String fingerprint;
    /** What this side sees as the far end's certificate: the far side's own, unless someone is in between. */
    private volatile String remoteFingerprint;
    /** What this side says on its control channel never arrives (a peer that stays silent). */
    volatile boolean muted;
    /** No ICE in memory: the servers are only kept, as a peer connection's configuration keeps them. */
    private volatile List<IceServer> iceServers;

    MemoryLink(String selfId, String peerId, List<IceServer> iceServers, Sink sink, MemoryGate gate) {
        this.iceServers = List.copyOf(iceServers);
        this.fingerprint = fingerprintOf(selfId + ">" + peerId + "#" + MADE.incrementAndGet());
        this.peerId = peerId;
        this.sink = sink;
        this.gate = gate;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "memory-link-" + selfId.substring(0, 4) + ">" + peerId.substring(0, 4));
            t.setDaemon(true);
            return t;
        });
        run(() -> sink.signal(SignalData.description(0, "offer", "memory")));
    }

    static void connect(MemoryLink a, MemoryLink b, boolean relayed) {
        a.far = b;
        b.far = a;
        // A relay in the middle shows each side a certificate of its own, as a hostile signaling server would.
        a.remoteFingerprint = relayed ? fingerprintOf("relay>" + a.peerId) : b.fingerprint;
        b.remoteFingerprint = relayed ? fingerprintOf("relay>" + b.peerId) : a.fingerprint;
        a.opened();
        b.opened();
    }

    boolean closed() {
        return closed;
    }

    /** Whether it is connected to a link of the other side (a rebuilt link of the other side is not yet). */
    boolean paired() {
        return far != null;
    }

    /**
     * The connection breaks under both sides, as when the path between them is gone for good:
     * every channel closes, both links say failed, and only a rebuild brings them back.
     */
    void breakConnection() {
        for (MemoryLink side : new MemoryLink[] {this, far}) {
            if (side == null) {
                continue;
            }
            side.broken = true;
            side.channels.forEach(MemoryChannel::breakBoth);
            side.run(() -> {
                side.controlOpen = false;
                side.state = State.FAILED;
                side.sink.state(side, side.state);
            });
        }
    }

    /** A made-up certificate fingerprint, as the hello binding normalises one. */
    static String fingerprintOf(String who) {
        byte[] h = io.peerhub.peer.transfer.Sha256.digest().digest(who.getBytes(StandardCharsets.UTF_8));
        StringBuilder s = new StringBuilder("sha-256 ");
        for (int i = 0; i < 32; i++) {
            s.append(i == 0 ? "" : ":").append(String.format("%02X", h[i] & 0xff));
        }
        return s.toString();
    }

    @Override
    public String localFingerprint() {
        return fingerprint;
    }

    @Override
    public String remoteFingerprint() {
        return far == null ? null : remoteFingerprint;
    }

    private void opened() {
        run(() -> {
            state = State.CONNECTED;
            controlOpen = true;
            sink.state(this, state);
            sink.controlOpen(this);
        });
    }

    /** The other side closed: as a peer connection would, this side's control channel goes. */
    private void lost() {
        run(() -> {
            controlOpen = false;
            state = State.DISCONNECTED;
            sink.state(this, state);
        });
    }

    @Override
    public void useIceServers(List<IceServer> servers) {
        iceServers = List.copyOf(servers);
    }

    @Override
    public List<IceServer> iceServers() {
        return iceServers;
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean controlOpen() {
        return controlOpen && !closed && !broken;
    }

    @Override
    public int maxMessageSize() {
        return Transfers.MAX_FRAME_BYTES; // what two webrtc-java peers agree on
    }

    @Override
    public boolean send(String text) {
        MemoryLink f = far;
        if (!controlOpen() || f == null || f.closed || f.broken) {
            return false;
        }
        if (muted) {
            return true; // said, and lost on the way
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        f.run(() -> f.sink.controlMessage(f, utf8));
        return true;
    }

    @Override
    public void handleSignal(SignalData data) {
        // nothing to negotiate in memory
    }

    /** ICE in memory never fails by itself; a broken connection cannot be restarted. */
    @Override
    public boolean restartIce() {
        return !closed && !broken;
    }

    @Override
    public DataChannel openChannel(String label) {
        MemoryLink f = far;
        if (closed || broken || f == null || f.closed) {
            throw new IllegalStateException("link closed");
        }
        MemoryChannel[] pair = MemoryChannel.pair(label, gate);
        channels.add(pair[0]);
        f.channels.add(pair[1]);
        f.run(() -> f.sink.remoteChannel(f, pair[1]));
        return pair[0];
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        controlOpen = false;
        channels.forEach(MemoryChannel::dispose);
        MemoryLink f = far;
        if (f != null) {
            f.lost();
        }
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(Runnable task) {
        try {
            worker.execute(() -> {
                if (!closed) {
                    task.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }
}
