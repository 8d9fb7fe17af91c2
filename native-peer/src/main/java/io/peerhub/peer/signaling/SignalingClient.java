package io.peerhub.peer.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.IceRenew;
import io.peerhub.protocol.IceServer;
import io.peerhub.protocol.IceServers;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.PeerLeft;
import io.peerhub.protocol.PeerUpdated;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.PolicyUpdate;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.ProtocolException;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.policy.HubPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling WebSocket (docs/protocol.md, section 1): joins, answers the server's {@code ping},
 * and when the socket drops reconnects forever with backoff (0.5 s doubling to 15 s, with
 * jitter), resuming with the last resume token so the room sees no leave; with several server
 * nodes, each attempt tries the next address. It renews the TURN credentials of each welcome
 * before they expire ({@link IceRenewal}). Events arrive on one thread, in order.
 */
public final class SignalingClient implements AutoCloseable {

    /** What the room tells us; called on the client's own thread, one event at a time. */
    public interface Listener {
        void welcome(Welcome welcome);

        void peerJoined(io.peerhub.protocol.Peer peer);

        void peerLeft(String id);

        void peerUpdated(io.peerhub.protocol.Peer peer);

        void signal(String from, ObjectNode data);

        /** Fresh ICE servers (renewed TURN credentials), for new connections and the live ones. */
        default void iceServers(List<IceServer> servers) {}

        default void disconnected() {}
    }

    private static final Logger log = LoggerFactory.getLogger(SignalingClient.class);
    private static final long BACKOFF_MIN_MS = 500;
    private static final long BACKOFF_MAX_MS = 15_000;
    /** Signals sent while the socket is away wait here; the server holds at most 64 per peer too. */
    private static final int MAX_PENDING_SIGNALS = 256;

    private final RoomAddress address;
    private final String name;
    private final ClientKind kind;
    private final Listener listener;
    private final IceRenewal renewal;
    private final MessageCodec codec = new MessageCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peerhub-signaling");
        t.setDaemon(true);
        return t;
    });
    private final Deque<String> pendingSignals = new ArrayDeque<>();
    /**
     * Where to connect: the address we started with, plus the other nodes a {@code welcome}
     * listed ({@code servers}); each reconnection attempt tries the next, round robin
     * (docs/protocol.md, "Several servers").
     */
    private final List<URI> addresses = new ArrayList<>();
    private int nextAddress;

    // Touched only on the events thread.
    private WebSocket socket;
    private boolean joined;
    private String resumeToken;
    private long backoffMs = BACKOFF_MIN_MS;
    private long lastHeard;
    private long heartbeatMs = 10_000;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> renewTimer;
    private boolean closed;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private int generation;
    /** The hub's policy as its last welcome or policy update said (docs/protocol.md, "Hub policy"). */
    private volatile HubPolicy policy = HubPolicy.OPEN;

    public SignalingClient(RoomAddress address, String name, ClientKind kind, Listener listener) {
        this(address, name, kind, listener, IceRenewal.standard());
    }

    /** With another renewal rule than the protocol's (tests). */
    public SignalingClient(RoomAddress address, String name, ClientKind kind, Listener listener, IceRenewal renewal) {
        this.renewal = renewal;
        this.address = address;
        this.addresses.add(address.webSocket());
        this.name = name;
        this.kind = kind;
        this.listener = listener;
    }

    public void start() {
        events.execute(this::connect);
    }

    /** Relays handshake data to a peer; held while the socket is away and sent after the rejoin. */
    public void signal(String to, ObjectNode data) {
        String frame = codec.encode(new SignalTo(to, data));
        events.execute(() -> {
            if (joined) {
                send(frame);
            } else {
                pendingSignals.addLast(frame);
                if (pendingSignals.size() > MAX_PENDING_SIGNALS) {
                    pendingSignals.removeFirst();
                }
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        int gen = ++generation;
        URI target = addresses.get(nextAddress++ % addresses.size());
        log.debug("connecting to {}", target);
        http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(target, new Socket(gen))
                .whenComplete((ws, err) -> events.execute(() -> {
                    if (err != null) {
                        lost(gen, "connect failed: " + rootMessage(err));
                    } else if (closed || gen != generation) {
                        ws.abort();
                    } else {
                        socket = ws;
                        lastHeard = System.currentTimeMillis();
                        ClientMessage join = resumeToken == null
                                ? Join.fresh(address.key(), name, kind)
                                : Join.resuming(address.key(), name, kind, resumeToken);
                        send(codec.encode(join));
                    }
                }));
    }

    private void lost(int gen, String why) {
        if (gen != generation || closed) {
            return;
        }
        generation++; // late events of the lost socket are ignored
        boolean wasJoined = joined;
        joined = false;
        socket = null;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        long delay = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
        backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
        log.info("signaling connection lost ({}); reconnecting in {} ms", why, delay);
        if (wasJoined) {
            listener.disconnected();
        }
        events.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void received(int gen, String frame) {
        if (gen != generation || closed) {
            return;
        }
        lastHeard = System.currentTimeMillis();
        ServerMessage message;
        try {
            message = codec.decodeServer(frame);
        } catch (ProtocolException e) {
            log.warn("unreadable frame from the server: {}", e.getMessage());
            return;
        }
        try {
            dispatch(message);
        } catch (RuntimeException e) {
            log.warn("handling {} failed", message.type(), e);
        }
    }

    private void dispatch(ServerMessage message) {
        if (message instanceof Welcome w) {
            if (w.servers().stream().anyMatch(u -> !u.startsWith("ws://") && !u.startsWith("wss://"))) {
                // Only ever ws: or wss: there; anything else is refused with the whole welcome.
                log.warn("welcome lists a server that is not a ws:/wss: URL; reconnecting");
                if (socket != null) {
                    socket.abort();
                }
                lost(generation, "bad welcome");
                return;
            }
            learnServers(w.servers());
            joined = true;
            backoffMs = BACKOFF_MIN_MS;
            resumeToken = w.resume();
            heartbeatMs = Math.max(1_000, w.heartbeatMs());
            startWatchdog();
            // Fresh credentials in every welcome, a resume's too: the next renewal counts from these.
            scheduleRenewal(w.iceTtlMs());
            hubPolicy(w.policy());
            log.info("joined room as {} ({}resumed)", w.self().id(), w.resumed() ? "" : "not ");
            listener.welcome(w);
            while (!pendingSignals.isEmpty()) {
                send(pendingSignals.removeFirst());
            }
        } else if (message instanceof PeerJoined j) {
            listener.peerJoined(j.peer());
        } else if (message instanceof PeerLeft l) {
            listener.peerLeft(l.id());
        } else if (message instanceof PeerUpdated u) {
            listener.peerUpdated(u.peer());
        } else if (message instanceof SignalFrom s) {
            listener.signal(s.from(), s.data());
        } else if (message instanceof Ping) {
            send(codec.encode(new Pong()));
        } else if (message instanceof IceServers ice) {
            log.debug("fresh ICE servers, valid for {} ms", ice.iceTtlMs());
            scheduleRenewal(ice.iceTtlMs());
            listener.iceServers(ice.iceServers());
        } else if (message instanceof PolicyUpdate u) {
            hubPolicy(u.policy());
        } else if (message instanceof ErrorMessage e) {
            log.warn("server refused {}: {} {}", e.ref(), e.code(), e.message());
        }
    }

    private void hubPolicy(HubPolicy next) {
        HubPolicy now = next == null ? HubPolicy.OPEN : next;
        if (!now.equals(policy)) {
            log.info("hub policy in force: {}", now.equals(HubPolicy.OPEN) ? "none" : now.toJson());
        }
        policy = now;
    }

    /** The policy of the hub this client is joined to; {@link HubPolicy#OPEN} when it has none, or before a welcome. */
    public HubPolicy hubPolicy() {
        return policy;
    }

    private void learnServers(List<String> servers) {
        for (String s : servers) {
            try {
                URI uri = URI.create(s);
                if (!addresses.contains(uri)) {
                    addresses.add(uri);
                }
            } catch (IllegalArgumentException e) {
                log.debug("ignoring server URL {}", s);
            }
        }
    }

    /** Replaces the renewal schedule: credentials that last {@code ttlMs} just arrived (null: they do not expire). */
    private void scheduleRenewal(Long ttlMs) {
        if (renewTimer != null) {
            renewTimer.cancel(false);
            renewTimer = null;
        }
        if (ttlMs == null) {
            return;
        }
        long delay = renewal.delayFor(Duration.ofMillis(ttlMs)).toMillis();
        renewTimer = events.schedule(this::renewIce, delay, TimeUnit.MILLISECONDS);
    }

    /** Offline nothing is sent: the welcome of the resume brings fresh credentials and a new schedule. */
    private void renewIce() {
        renewTimer = null;
        if (joined && !closed) {
            send(codec.encode(new IceRenew()));
        }
    }

    /** A socket the server has stopped answering is given up after three missed heartbeats. */
    private void startWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        int gen = generation;
        watchdog = events.scheduleAtFixedRate(() -> {
            if (gen == generation && System.currentTimeMillis() - lastHeard > 3 * heartbeatMs && socket != null) {
                socket.abort();
                lost(gen, "server silent");
            }
        }, heartbeatMs, heartbeatMs, TimeUnit.MILLISECONDS);
    }

    /** WebSocket.sendText may not overlap a previous send: chain them. */
    private void send(String frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        sending = sending.handle((r, e) -> null)
                .thenCompose(x -> ws.sendText(frame, true))
                .exceptionally(e -> {
                    log.debug("send failed: {}", rootMessage(e));
                    return null;
                });
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        events.execute(() -> {
            closed = true;
            WebSocket ws = socket;
            socket = null;
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (renewTimer != null) {
                renewTimer.cancel(false);
            }
            if (ws != null && joined) {
                sending.handle((r, e) -> null)
                        .thenCompose(x -> ws.sendText(codec.encode(new Leave()), true))
                        .thenCompose(x -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"))
                        .orTimeout(2, TimeUnit.SECONDS)
                        .whenComplete((r, e) -> {
                            ws.abort();
                            done.complete(null);
                        });
            } else {
                if (ws != null) {
                    ws.abort();
                }
                done.complete(null);
            }
        });
        try {
            done.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("leave did not complete: {}", e.toString());
        }
        events.shutdownNow();
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.toString();
    }

    private final class Socket implements WebSocket.Listener {
        private final int gen;
        private final StringBuilder partial = new StringBuilder();

        Socket(int gen) {
            this.gen = gen;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                events.execute(() -> received(gen, frame));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.execute(() -> lost(gen, "closed " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.execute(() -> lost(gen, rootMessage(error)));
        }
    }
}
