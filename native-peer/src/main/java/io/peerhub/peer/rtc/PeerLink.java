package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import io.peerhub.peer.mesh.ConnectionPath;
import io.peerhub.peer.mesh.DataChannel;
import io.peerhub.peer.mesh.Link;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.peer.SignalData;
import io.peerhub.protocol.peer.Transfers;
import io.peerhub.protocol.trust.HelloBinding;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webrtc-java peer connection to one remote peer, negotiated exactly like the browser's
 * PeerLink (web-client/src/peer-link.ts): perfect negotiation ({@link LinkNegotiator}), and the
 * pre-negotiated control channel {@code peerhub} (id 0). This class is the webrtc-java glue: the
 * observer, the channels, the link's state and its worker thread.
 *
 * <p>webrtc runs every observer callback on its signaling thread, and every call on the peer
 * connection waits for that thread: calling into webrtc from a callback while holding a lock the
 * callback path needs deadlocks. So each link has its own worker thread; callbacks only copy
 * their arguments and hand off to it, and it alone drives negotiation, in order.
 */
final class PeerLink implements Link {

    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
    /**
     * How long the polite side waits for the other's first offer before offering itself: creating
     * the channel on both sides at once makes every first contact an offer collision (see the
     * browser's POLITE_OFFER_GRACE_MS, which this must equal).
     */
    static final long POLITE_OFFER_GRACE_MS = 1_500;

    private final String peerId;
    private final boolean polite;
    private final Sink sink;
    private final ExecutorService worker;
    private final RTCPeerConnection pc;
    private final LinkNegotiator negotiator;
    private final Set<ChannelPort> channels = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> graceTimer;

    // Worker-thread state.
    private ChannelPort control;
    private State state = State.CONNECTING;
    private volatile boolean closed;

    PeerLink(PeerConnectionFactory factory, ScheduledExecutorService timers, String selfId, String peerId,
             List<IceServer> iceServers, Sink sink, boolean offerFirst) {
        this.peerId = peerId;
        this.polite = Mesh.isPolite(selfId, peerId);
        this.sink = sink;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "peerhub-link-" + peerId.substring(0, Math.min(6, peerId.length())));
            t.setDaemon(true);
            return t;
        });
        this.pc = factory.createPeerConnection(RtcCalls.configuration(iceServers), new Observer());
        this.negotiator = new LinkNegotiator(pc, peerId, polite, () -> closed, sink::signal, this::ensureControlChannel);
        if (polite && !offerFirst) {
            graceTimer = timers.schedule(() -> run(this::ensureControlChannel), POLITE_OFFER_GRACE_MS, TimeUnit.MILLISECONDS);
        } else {
            graceTimer = null;
            run(this::ensureControlChannel);
        }
    }

    /** The native connection, for tests that break it under the link (as a failed network stack would). */
    RTCPeerConnection connection() {
        return pc;
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public State state() {
        return state;
    }

    /** The largest message the remote accepts, capped at 256 KiB (the protocol's frame limit). */
    @Override
    public int maxMessageSize() {
        return negotiator.maxMessageSize();
    }

    @Override
    public boolean controlOpen() {
        ChannelPort c = control;
        return c != null && c.isOpen();
    }

    @Override
    public String localFingerprint() {
        RTCSessionDescription d = pc.getLocalDescription();
        return d == null ? null : HelloBinding.fingerprint(d.sdp);
    }

    @Override
    public String remoteFingerprint() {
        RTCSessionDescription d = pc.getRemoteDescription();
        return d == null ? null : HelloBinding.fingerprint(d.sdp);
    }

    @Override
    public long controlBufferedAmount() {
        ChannelPort c = control;
        return c == null ? 0 : c.bufferedAmount();
    }

    /** Sends on the control channel; false when it is not open. */
    @Override
    public boolean send(String text) {
        ChannelPort c = control;
        return c != null && !closed && c.sendText(text);
    }

    @Override
    public void useIceServers(List<IceServer> servers) {
        run(() -> {
            // Read back and changed in place: setConfiguration refuses a change of anything else
            // (the certificate, the bundle policy) on a connection that exists.
            RTCConfiguration config = pc.getConfiguration();
            config.iceServers = RtcCalls.iceServers(servers);
            pc.setConfiguration(config);
        });
    }

    @Override
    public List<IceServer> iceServers() {
        if (closed) {
            return List.of();
        }
        return pc.getConfiguration().iceServers.stream()
                .map(s -> new IceServer(s.urls, blankToNull(s.username), blankToNull(s.password)))
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void handleSignal(SignalData data) {
        run(() -> negotiator.applySignal(data));
    }

    /** The mesh's repair decides when; webrtc then fires negotiationneeded and we offer. */
    @Override
    public boolean restartIce() {
        if (closed || pc.getConnectionState() == RTCPeerConnectionState.CLOSED) {
            return false;
        }
        run(pc::restartIce);
        return true;
    }

    /**
     * Opens a data channel of ours (ordered, reliable, not pre-negotiated). Blocks until webrtc
     * made it; do not call from a webrtc callback.
     */
    @Override
    public DataChannel openChannel(String label) {
        if (closed) {
            throw new IllegalStateException("link closed");
        }
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true;
        ChannelPort port = new ChannelPort(pc.createDataChannel(label, init));
        channels.add(port);
        if (closed) {
            port.dispose();
            throw new IllegalStateException("link closed");
        }
        return port;
    }

    /**
     * Reads the selected candidate pair from the connection's stats. The callback comes on
     * webrtc's thread and only parses, so this may be called from any thread but webrtc's.
     */
    @Override
    public CompletableFuture<Optional<ConnectionPath>> path() {
        CompletableFuture<Optional<ConnectionPath>> path = new CompletableFuture<>();
        if (closed) {
            path.complete(Optional.empty());
            return path;
        }
        try {
            pc.getStats(report -> {
                try {
                    path.complete(PathStats.read(report));
                } catch (RuntimeException e) {
                    path.complete(Optional.empty());
                }
            });
        } catch (RuntimeException e) {
            path.complete(Optional.empty());
        }
        return path;
    }

    /** Closes every channel, then the connection. Blocks until done; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                channels.forEach(ChannelPort::dispose);
                pc.close();
            } catch (RuntimeException e) {
                log.debug("closing the link to {} failed: {}", peerId, e.toString());
            } finally {
                done.complete(null);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the link to {} did not finish: {}", peerId, e.toString());
        }
        worker.shutdownNow();
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            worker.execute(() -> {
                if (closed) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("link to {}: {}", peerId, e.toString(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Creates the pre-negotiated control channel. Before a remote offer has been applied this
     * fires negotiationneeded (we offer); after it, the offer's data section already covers it.
     */
    private void ensureControlChannel() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        if (control != null || closed) {
            return;
        }
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.negotiated = true;
        init.id = Transfers.CONTROL_CHANNEL_ID;
        init.ordered = true;
        ChannelPort port = new ChannelPort(pc.createDataChannel(Transfers.CONTROL_CHANNEL_LABEL, init));
        channels.add(port);
        control = port;
        port.handler(new DataChannel.Handler() {
            @Override
            public void open() {
                run(() -> {
                    updateState();
                    sink.controlOpen(PeerLink.this);
                });
            }

            @Override
            public void closed() {
                run(PeerLink.this::updateState);
            }

            @Override
            public void text(byte[] utf8) {
                run(() -> sink.controlMessage(PeerLink.this, utf8));
            }

            @Override
            public void binary(byte[] frame) {
                log.debug("binary message on the control channel from {} dropped", peerId);
            }
        });
    }

    private void updateState() {
        if (closed) {
            return;
        }
        RTCPeerConnectionState pcState = pc.getConnectionState();
        ChannelPort c = control;
        State next = switch (pcState) {
            case FAILED, CLOSED -> State.FAILED;
            case DISCONNECTED -> State.DISCONNECTED;
            case CONNECTED -> c != null && c.isOpen() ? State.CONNECTED : State.CONNECTING;
            default -> State.CONNECTING;
        };
        if (next != state) {
            state = next;
            sink.state(this, next);
            if (next == State.CONNECTED) {
                path().thenAccept(p -> log.info("connection to {} runs {}", peerId,
                        p.map(ConnectionPath::describe).orElse("on a path its stats do not show yet")));
            }
        }
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            SignalData data = SignalData.candidate(0, new SignalData.Candidate(candidate.sdp, candidate.sdpMid,
                    candidate.sdpMLineIndex, null));
            run(() -> sink.signal(data));
        }

        @Override
        public void onRenegotiationNeeded() {
            run(() -> negotiator.negotiate());
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState s) {
            run(PeerLink.this::updateState);
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            // Wrap at once: the observer must be registered before webrtc delivers messages.
            ChannelPort port = new ChannelPort(channel);
            channels.add(port);
            run(() -> sink.remoteChannel(PeerLink.this, port));
        }
    }
}
