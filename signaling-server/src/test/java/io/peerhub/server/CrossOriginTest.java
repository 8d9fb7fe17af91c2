package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Who may open /ws")
class CrossOriginTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPageOnAnotherSiteIsRefusedBeforeTheUpgradeWith403AndCounted() throws Exception {
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback())) {
            assertThat(handshakeStatus(server, "https://evil.example")).isEqualTo(403);
            assertThat(handshakeStatus(server, "null")).isEqualTo(403); // a sandboxed frame or a file: page

            assertThat(server.connectionCount()).isZero();
            assertThat(metrics(server)).contains("peerhub_ws_origin_refused_total 2.0");
        }
    }

    @Test
    void aPageServedByTheHubItselfConnects() {
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback());
             TestClient page = connect(server, server.baseUrl())) {
            assertThat(page.join(RoomKey.generate(), "Alice")).isInstanceOf(Welcome.class);
        }
    }

    @Test
    void aNativeClientSendsNoOriginAndConnects() throws Exception {
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback());
             TestClient peer = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Drop")) {
            assertThat(peer.welcome()).isNotNull();
            assertThat(metrics(server)).contains("peerhub_ws_origin_refused_total 0.0");
        }
    }

    @Test
    void withAPublicUrlItsOriginIsTheHubsAndTheAddressReachedIsNot() {
        try (PeerhubServer server = PeerhubServer.start(ServerConfig.loopback().withPublicUrl("https://hub.example.org/"));
             TestClient page = connect(server, "https://hub.example.org")) {
            assertThat(page.join(RoomKey.generate(), "Alice")).isNotNull();
            assertThat(handshakeStatus(server, server.baseUrl())).isEqualTo(403);
            assertThat(handshakeStatus(server, "http://hub.example.org")).isEqualTo(403); // another scheme, another origin
        }
    }

    @Test
    void anAllowedOriginConnectsAndTheSameHostOnAnotherPortDoesNot() {
        ServerConfig config = ServerConfig.loopback()
                .withAccess(AccessConfig.defaults().withAllowedOrigins(List.of("https://app.example.org")));
        try (PeerhubServer server = PeerhubServer.start(config);
             TestClient page = connect(server, "https://APP.example.org:443")) {
            assertThat(page.join(RoomKey.generate(), "Alice")).isNotNull();
            assertThat(handshakeStatus(server, "https://app.example.org:8443")).isEqualTo(403);
        }
    }

    private static TestClient connect(PeerhubServer server, String origin) {
        return TestClient.connect(server.webSocketUrl(), Map.of("Origin", origin)).join();
    }

    /** The HTTP status a refused handshake got. */
    private static int handshakeStatus(PeerhubServer server, String origin) {
        Throwable refused = catchThrowable(() -> connect(server, origin).close());
        assertThat(refused).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    static String metrics(PeerhubServer server) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
