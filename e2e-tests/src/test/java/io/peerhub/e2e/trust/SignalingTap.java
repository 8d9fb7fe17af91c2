package io.peerhub.e2e.trust;

import io.javalin.Javalin;
import io.javalin.websocket.WsConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a signaling server receives and sends, seen from in front of it, for tests: pages,
 * assets and every signaling frame of every client (pages and Java peers alike) pass through it
 * unchanged and the frames are kept, so a story can show what the server was told. Clients use
 * {@link #baseUrl()} in place of the server's.
 */
public final class SignalingTap implements AutoCloseable {

    /** Frames kept at most; past it they are still passed on, only no longer kept. */
    static final int MAX_FRAMES = 50_000;

    private final URI upstreamWs;
    private final HttpPassThrough pages;
    private final Map<String, RelayedPage> bySession = new ConcurrentHashMap<>();
    private final List<String> received = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private final Javalin app;

    private SignalingTap(String upstreamBase) {
        String base = upstreamBase.replaceFirst("/+$", "");
        this.upstreamWs = URI.create(base.replaceFirst("^http", "ws") + "/ws");
        this.pages = new HttpPassThrough(base);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.ws("/ws", this::signaling);
            config.routes.get("/", pages::forward);
            config.routes.get("/*", pages::forward);
            config.routes.head("/*", pages::forward);
        });
    }

    /** A tap in front of the server at {@code upstreamBaseUrl}, on a free port of loopback. */
    public static SignalingTap start(String upstreamBaseUrl) {
        SignalingTap tap = new SignalingTap(upstreamBaseUrl);
        tap.app.start("127.0.0.1", 0);
        return tap;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The text frames the server received from every client so far, in the order they passed. */
    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    /** The text frames the server sent to every client so far. */
    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    private synchronized void keep(List<String> frames, String frame) {
        if (frames.size() < MAX_FRAMES) {
            frames.add(frame);
        }
    }

    private void signaling(WsConfig ws) {
        ws.onConnect(ctx -> {
            RelayedPage client = new RelayedPage(ctx.session);
            bySession.put(ctx.sessionId(), client);
            client.attach(new Upstream(pages.client(), upstreamWs, new Upstream.Events() {
                @Override
                public void text(String frame) {
                    keep(sent, frame);
                    client.toPage(frame);
                }

                @Override
                public void closed(int code, String reason) {
                    client.serverClosed(code, reason);
                }
            }));
        });
        ws.onMessage(ctx -> {
            RelayedPage client = bySession.get(ctx.sessionId());
            if (client != null) {
                keep(received, ctx.message());
                client.toServer(ctx.message());
            }
        });
        ws.onClose(ctx -> {
            RelayedPage client = bySession.remove(ctx.sessionId());
            if (client != null) {
                client.pageClosed(ctx.status(), ctx.reason());
            }
        });
    }

    @Override
    public void close() {
        app.stop();
        bySession.values().forEach(RelayedPage::abort);
    }
}
