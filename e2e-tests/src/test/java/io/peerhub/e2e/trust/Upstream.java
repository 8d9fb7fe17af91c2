package io.peerhub.e2e.trust;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's own WebSocket to the real signaling server, one per page. It is a native client
 * (the JDK's, which sends no {@code Origin}), as the operator's own relay would be: the server
 * has no way to tell it from a Java peer.
 *
 * <p>The JDK allows one outstanding send per socket, so sends are chained in order; frames
 * written before the handshake finished wait for it.
 */
final class Upstream {

    private static final Logger log = LoggerFactory.getLogger(Upstream.class);

    interface Events {
        void text(String frame);

        void closed(int code, String reason);
    }

    private final CompletableFuture<WebSocket> socket;
    private CompletableFuture<?> tail;

    Upstream(HttpClient http, URI uri, Events events) {
        socket = http.newWebSocketBuilder().buildAsync(uri, new Listener(events)).whenComplete((ws, failure) -> {
            if (failure != null) {
                log.warn("upstream {} failed: {}", uri, failure.toString());
                events.closed(1011, "upstream unreachable");
            }
        });
        tail = socket;
    }

    synchronized void send(String frame) {
        tail = tail.thenCompose(ignored -> socket.join().sendText(frame, true))
                .exceptionally(failure -> {
                    log.debug("upstream send failed: {}", failure.toString());
                    return null;
                });
    }

    synchronized void close(int code, String reason) {
        // The JDK sends only 1000 and 3000-4999; a page's 1001 (tab closed) means the same leave.
        int closeCode = code >= 3000 && code <= 4999 ? code : 1000;
        tail = tail.thenCompose(ignored -> socket.join().sendClose(closeCode, reason == null ? "" : reason))
                .exceptionally(failure -> null);
    }

    void abort() {
        socket.thenAccept(WebSocket::abort);
    }

    private static final class Listener implements WebSocket.Listener {
        private final Events events;
        private final StringBuilder partial = new StringBuilder();

        Listener(Events events) {
            this.events = events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                events.text(frame);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            events.closed(code, reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            log.debug("upstream error: {}", error.toString());
            events.closed(1011, "upstream error");
        }
    }
}
