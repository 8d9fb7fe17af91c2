package io.peerhub.e2e.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.websocket.WsConfig;
import io.peerhub.peer.rtc.RtcRuntime;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hostile signaling operator's man in the middle (issue 9, "Show"), for tests only. It sits
 * between the pages and the real server: pages, assets and every signaling message pass through
 * unchanged, except the peers' handshake ({@code signal}). That never reaches the server: for
 * each pair of pages the relay makes a {@link SplicedConnection}, terminating each page's peer
 * connection with a webrtc-java one of its own, and reads ({@link #wiretap()}) and forwards
 * everything the pages send each other.
 *
 * <p>The relay's signaling sockets carry no {@code Origin} (native clients), so the real server
 * needs no configuration for it. Loopback only: it listens on 127.0.0.1 and uses no ICE servers.
 *
 * <pre>{@code
 * try (MitmRelay relay = MitmRelay.start(server.baseUrl())) {
 *     String link = RoomKey.generate().link(relay.baseUrl());  // pages open this
 * }
 * }</pre>
 */
public final class MitmRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MitmRelay.class);

    private final String upstreamBase;
    private final URI upstreamWs;
    private final HttpPassThrough pages;
    private final ObjectMapper json = new ObjectMapper();
    private final Wiretap tap = new Wiretap();
    private final RtcRuntime rtc = new RtcRuntime();
    /** Closing a splice waits for webrtc: never on a socket's thread. */
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mitm-closer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, RelayedPage> bySession = new ConcurrentHashMap<>();
    private final Map<String, RelayedPage> byPeerId = new ConcurrentHashMap<>();
    /** By the two peer ids, lower first. Guarded by {@code this}. */
    private final Map<String, SplicedConnection> splices = new HashMap<>();
    private final Javalin app;

    private MitmRelay(String upstreamBase) {
        this.upstreamBase = upstreamBase.replaceFirst("/+$", "");
        this.upstreamWs = URI.create(this.upstreamBase.replaceFirst("^http", "ws") + "/ws");
        this.pages = new HttpPassThrough(this.upstreamBase);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.ws("/ws", this::signaling);
            config.routes.get("/", pages::forward);
            config.routes.get("/*", pages::forward);
            config.routes.head("/*", pages::forward);
        });
    }

    /** A relay in front of the server at {@code upstreamBaseUrl} ({@code http://127.0.0.1:PORT}), on a free port. */
    public static MitmRelay start(String upstreamBaseUrl) {
        MitmRelay relay = new MitmRelay(upstreamBaseUrl);
        relay.app.start("127.0.0.1", 0);
        return relay;
    }

    /** Where the pages go instead of the server, e.g. {@code http://127.0.0.1:41235}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    public Wiretap wiretap() {
        return tap;
    }

    /** Pairs of pages whose connection the relay holds in the middle right now. */
    public synchronized int splicedPairs() {
        return splices.size();
    }

    // ---- Signaling: passed through, except the handshake ------------------------------------

    private void signaling(WsConfig ws) {
        ws.onConnect(ctx -> {
            RelayedPage page = new RelayedPage(ctx.session);
            bySession.put(ctx.sessionId(), page);
            page.attach(new Upstream(pages.client(), upstreamWs, new Upstream.Events() {
                @Override
                public void text(String frame) {
                    fromServer(page, frame);
                }

                @Override
                public void closed(int code, String reason) {
                    page.serverClosed(code, reason);
                }
            }));
        });
        ws.onMessage(ctx -> {
            RelayedPage page = bySession.get(ctx.sessionId());
            if (page != null) {
                fromPage(page, ctx.message());
            }
        });
        ws.onClose(ctx -> {
            RelayedPage page = bySession.remove(ctx.sessionId());
            if (page != null) {
                page.pageClosed(ctx.status(), ctx.reason());
                gone(page);
            }
        });
    }

    private void fromPage(RelayedPage page, String frame) {
        JsonNode message = parse(frame);
        if (message != null && "signal".equals(message.path("type").asText()) && message.get("data") instanceof ObjectNode data) {
            String self = page.peerId();
            SplicedConnection splice = self == null ? null : splice(self, message.path("to").asText(""));
            if (splice != null) {
                splice.fromPage(self, data);
            } else {
                log.debug("signal to a peer the relay does not hold dropped");
            }
            return;
        }
        page.toServer(frame);
    }

    private void fromServer(RelayedPage page, String frame) {
        JsonNode message = parse(frame);
        String type = message == null ? "" : message.path("type").asText();
        if (type.equals("signal")) {
            return; // none should come: no page's handshake ever reached the server
        }
        if (type.equals("welcome")) {
            // Known before the page can answer its welcome with an offer.
            String self = message.path("self").path("id").asText();
            page.peerId(self);
            byPeerId.put(self, page);
        }
        page.toPage(frame);
        switch (type) {
            case "welcome" -> message.path("peers").forEach(peer -> splice(page.peerId(), peer.path("id").asText()));
            case "peer-joined" -> splice(page.peerId(), message.path("peer").path("id").asText());
            case "peer-left" -> unsplice(page.peerId(), message.path("id").asText());
            default -> { }
        }
    }

    /**
     * The splice between two pages, made the first time either is told of the other (or signals
     * it, whichever the relay sees first); null unless both are the relay's pages.
     */
    private synchronized SplicedConnection splice(String a, String b) {
        if (a == null || a.equals(b) || !byPeerId.containsKey(a) || !byPeerId.containsKey(b)) {
            return null;
        }
        return splices.computeIfAbsent(pairKey(a, b), key ->
                new SplicedConnection(rtc, a, b, tap, this::signalToPage));
    }

    private void signalToPage(String pageId, String from, ObjectNode data) {
        RelayedPage page = byPeerId.get(pageId);
        if (page == null) {
            return;
        }
        ObjectNode signal = json.createObjectNode().put("type", "signal").put("from", from);
        signal.set("data", data);
        page.toPage(signal.toString());
    }

    private synchronized void unsplice(String a, String b) {
        if (a == null || b == null) {
            return;
        }
        SplicedConnection splice = splices.remove(pairKey(a, b));
        if (splice != null) {
            closeLater(splice);
        }
    }

    private synchronized void gone(RelayedPage page) {
        String self = page.peerId();
        if (self == null) {
            return;
        }
        byPeerId.remove(self, page);
        splices.values().removeIf(splice -> {
            if (splice.involves(self)) {
                closeLater(splice);
                return true;
            }
            return false;
        });
    }

    private void closeLater(SplicedConnection splice) {
        try {
            closer.execute(splice::close);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            splice.close();
        }
    }

    private static String pairKey(String a, String b) {
        return a.compareTo(b) < 0 ? a + " " + b : b + " " + a;
    }

    private JsonNode parse(String frame) {
        try {
            return json.readTree(frame);
        } catch (Exception e) {
            return null; // not ours to judge: the server answers it
        }
    }

    /**
     * Stops taking pages, closes every peer connection (their channels first), and only then the
     * webrtc factory: disposing it under live connections crashes the JVM (ENGINEERING.md).
     */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            List<SplicedConnection> left;
            synchronized (this) {
                left = new ArrayList<>(splices.values());
                splices.clear();
            }
            left.forEach(SplicedConnection::close);
            closer.shutdown();
            try {
                if (!closer.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("splices still closing after 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bySession.values().forEach(RelayedPage::abort);
            byPeerId.values().forEach(RelayedPage::abort);
            rtc.close();
        }
    }
}
