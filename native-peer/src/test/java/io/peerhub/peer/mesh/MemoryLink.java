package io.peerhub.peer.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.peer.Transfers;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One side of an in-memory connection between two meshes of one {@link MemoryNetwork}. Like
 * webrtc's link it reports on a worker thread of its own, in order; it needs no signaling: it is
 * connected as soon as the other side has made its link too.
 */
final class MemoryLink implements Link {

    private final String peerId;
    private final Sink sink;
    private final MemoryGate gate;
    private final ExecutorService worker;
    private final Set<MemoryChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile MemoryLink far;
    private volatile State state = State.CONNECTING;
    private volatile boolean controlOpen;
    private volatile boolean closed;
    private final String fingerprint;
    /** What this side sees as the far end's certificate: the far side's own, unless someone is in between. */
    private volatile String remoteFingerprint;
    /** What this side says on its control channel never arrives (a peer that stays silent). */
    volatile boolean muted;

    MemoryLink(String selfId, String peerId, Sink sink, MemoryGate gate) {
        this.fingerprint = fingerprintOf(selfId + ">" + peerId);
        this.peerId = peerId;
        this.sink = sink;
        this.gate = gate;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "memory-link-" + selfId.substring(0, 4) + ">" + peerId.substring(0, 4));
            t.setDaemon(true);
            return t;
        });
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
    public String peerId() {
        return peerId;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean controlOpen() {
        return controlOpen && !closed;
    }

    @Override
    public int maxMessageSize() {
        return Transfers.MAX_FRAME_BYTES; // what two webrtc-java peers agree on
    }

    @Override
    public boolean send(String text) {
        MemoryLink f = far;
        if (!controlOpen() || f == null || f.closed) {
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
    public void handleSignal(ObjectNode data) {
        // nothing to negotiate in memory
    }

    @Override
    public DataChannel openChannel(String label) {
        MemoryLink f = far;
        if (closed || f == null || f.closed) {
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
