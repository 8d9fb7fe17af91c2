package io.peerhub.server.bench;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.ClientMessage;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.ServerMessage;
import io.peerhub.protocol.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A lean signaling client for load: hands every server message but pings to a callback. */
final class BenchClient {

    static final MessageCodec CODEC = new MessageCodec();

    private final WebSocket socket;
    private final CompletableFuture<Welcome> welcome = new CompletableFuture<>();
    private volatile Consumer<ServerMessage> onMessage = m -> {};

    private BenchClient(HttpClient http, String url) {
        socket = http.newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).join();
    }

    /** Connects, joins, and completes with the welcome. */
    static CompletableFuture<BenchClient> join(HttpClient http, String url, String room, String name) {
        return CompletableFuture.supplyAsync(() -> new BenchClient(http, url)).thenCompose(c -> {
            c.send(Join.fresh(room, name, ClientKind.NATIVE));
            return c.welcome.thenApply(w -> c);
        });
    }

    String id() {
        return welcome.join().self().id();
    }

    void onMessage(Consumer<ServerMessage> handler) {
        onMessage = handler;
    }

    synchronized void send(ClientMessage message) {
        socket.sendText(CODEC.encode(message), true).join();
    }

    void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ServerMessage m = CODEC.decodeServer(partial.toString());
                partial.setLength(0);
                if (m instanceof Welcome w) {
                    welcome.complete(w);
                } else if (m instanceof Ping) {
                    CompletableFuture.runAsync(() -> send(new Pong()));
                } else {
                    onMessage.accept(m);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
