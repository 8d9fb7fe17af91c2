package io.peerhub.server.transport;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, before the upgrade, a {@code /ws} request that a browser sends from another site's page.
 * Browsers always send {@code Origin} on a WebSocket handshake and do not apply CORS to it, so
 * without this any page could open our socket from its visitors' browsers. Accepted: no
 * {@code Origin} at all (native clients: a page cannot leave it out), the hub's own origin, the
 * other nodes' origins (a page served by one node reconnects to another) and the configured extra
 * origins. The hub's own origin is that of its public URL; with none configured, the one the
 * request itself names in {@code Host}, which is where the browser loaded the page from.
 */
public final class OriginCheck implements Handler {

    private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);
    /** Enough of a refused origin to recognise it in a log; the rest is the sender's to fill. */
    private static final int LOGGED_ORIGIN_CHARS = 100;
    /** Far more nodes than a deployment has had, few enough that a forged list cannot fill the heap. */
    private static final int MAX_NODE_ORIGINS = 1024;

    private final String ownOrigin;
    private final Set<String> allowed;
    private final Supplier<Collection<String>> nodeUrls;
    private final Set<String> nodeOrigins = ConcurrentHashMap.newKeySet();
    private final Runnable onRefused;

    /**
     * @param publicUrl      the hub's public URL, or null to take its origin from each request's {@code Host}
     * @param allowedOrigins further origins to accept
     * @param nodeUrls       the other nodes' URLs ({@code ws(s)://host:port/ws} or {@code http(s)://…}), read per request
     * @param onRefused      told of each refusal (the metric)
     */
    public OriginCheck(String publicUrl, List<String> allowedOrigins, Supplier<Collection<String>> nodeUrls,
                       Runnable onRefused) {
        this.ownOrigin = publicUrl == null ? null : parse(publicUrl);
        this.allowed = allowedOrigins.stream().map(OriginCheck::parse).collect(Collectors.toUnmodifiableSet());
        this.nodeUrls = nodeUrls;
        this.onRefused = onRefused;
    }

    @Override
    public void handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || accepts(origin, ctx.header("Host"))) {
            return;
        }
        log.info("refused websocket upgrade: origin \"{}\" is not this hub's", printable(origin));
        onRefused.run();
        throw new ForbiddenResponse("this origin may not open the signaling socket");
    }

    boolean accepts(String origin, String host) {
        String normalized = originHeader(origin);
        if (normalized == null) {
            return false; // "null" (sandboxed frames, file:), extensions, garbage
        }
        if (ownOrigin == null ? normalized.equals(originOfHost(normalized, host)) : normalized.equals(ownOrigin)) {
            return true;
        }
        return allowed.contains(normalized) || isNodeOrigin(normalized);
    }

    /**
     * A node's origin stays the hub's after the node is gone (killed, or forgotten by a restarted
     * Redis): the pages it served reconnect to the other nodes, with its origin, for as long as
     * they stay open.
     */
    private boolean isNodeOrigin(String origin) {
        if (nodeOrigins.contains(origin)) {
            return true;
        }
        for (String url : nodeUrls.get()) {
            String nodeOrigin = normalize(url);
            if (nodeOrigin != null && nodeOrigins.size() < MAX_NODE_ORIGINS) {
                nodeOrigins.add(nodeOrigin);
            }
        }
        return nodeOrigins.contains(origin);
    }

    /**
     * The origin of an {@code http(s)} or {@code ws(s)} URL as {@code scheme://host:port} (port
     * always written, ws read as http); throws {@link IllegalArgumentException} for anything else.
     */
    public static String parse(String url) {
        String origin = normalize(url);
        if (origin == null) {
            throw new IllegalArgumentException("not an http(s) origin: " + url);
        }
        return origin;
    }

    /** An {@code Origin} header's value, normalized; null unless it is exactly an http(s) origin. */
    private static String originHeader(String value) {
        try {
            URI uri = new URI(value);
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
            return bare && uri.getRawQuery() == null && uri.getRawFragment() == null ? normalize(value) : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String normalize(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            boolean secure = scheme.equals("https") || scheme.equals("wss");
            if (host == null || !(secure || scheme.equals("http") || scheme.equals("ws")) || uri.getRawUserInfo() != null) {
                return null;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
            return (secure ? "https" : "http") + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The {@code Host} header as an origin in the scheme the browser's origin has; null when unreadable. */
    private static String originOfHost(String origin, String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        return normalize(origin.substring(0, origin.indexOf(':')) + "://" + host);
    }

    /** At most {@link #LOGGED_ORIGIN_CHARS} characters, anything outside printable ASCII as {@code \\uXXXX}. */
    static String printable(String text) {
        String head = text.length() > LOGGED_ORIGIN_CHARS ? text.substring(0, LOGGED_ORIGIN_CHARS) : text;
        StringBuilder out = new StringBuilder();
        head.chars().forEach(c -> {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return text.length() > LOGGED_ORIGIN_CHARS ? out + "…(" + text.length() + " chars)" : out.toString();
    }
}
