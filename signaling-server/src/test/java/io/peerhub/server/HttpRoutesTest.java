package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Over HTTP")
class HttpRoutesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static PeerhubServer server;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theLandingPageIsHtmlWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).isNotEmpty();
    }

    @Test
    void newServesTheRoomPageItselfSoTheKeyIsMadeInTheBrowser() throws Exception {
        HttpResponse<String> page = get("/new");

        // No redirect: a Location would have to carry the key, and the server never sees one.
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Location")).isEmpty();
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).isEqualTo(get("/r/" + RoomKey.generate().roomId()).body());
    }

    @Test
    void aRoomLinkServesTheRoomPageWithTheSameHeaders() throws Exception {
        HttpResponse<String> page = get("/r/" + RoomKey.generate().roomId());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @ParameterizedTest(name = "/r/{0} is not a room: 404")
    @ValueSource(strings = {"bad", "short_15_chars_", "has.a.dot.in.it.here", "a%20space%20in%20the%20middle"})
    void aMalformedRoomLinkIs404(String id) throws Exception {
        HttpResponse<String> page = get("/r/" + id);

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
    }

    @Test
    void theHealthCheckSaysOk() throws Exception {
        HttpResponse<String> health = get("/healthz");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void aNodeWithoutRedisIsReadyAndPublishesPrometheusMetrics() throws Exception {
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");

        try (TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice")) {
            HttpResponse<String> metrics = get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body()).contains("peerhub_connections ", "peerhub_rooms ", "peerhub_joins_total ",
                    "peerhub_signals_relayed_total{path=\"local\"}", "peerhub_signals_relayed_total{path=\"remote\"}",
                    "peerhub_resumes_total{from=\"local\"}", "peerhub_redis_up 1.0");
        }
    }

    @Test
    void assetsAreCachedForeverWithTheirContentType() throws Exception {
        // test-fixture-0a1b2c.wasm sits in this module's test resources, beside the web client's assets
        HttpResponse<String> wasm = get("/assets/test-fixture-0a1b2c.wasm");

        assertThat(wasm.statusCode()).isEqualTo(200);
        assertThat(wasm.headers().firstValue("Content-Type")).hasValue("application/wasm");
        assertThat(wasm.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(wasm.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @ParameterizedTest(name = "/assets/{0} is 404")
    @ValueSource(strings = {"missing-123.js", "../index.html", "%2e%2e/index.html", "..%2findex.html", "", "sub/", "noextension"})
    void onlyExistingAssetsAreServed(String path) throws Exception {
        assertThat(get("/assets/" + path).statusCode()).isEqualTo(404);
    }

    @Test
    void theServiceWorkerIsAtTheRootAndAlwaysRevalidated() throws Exception {
        HttpResponse<String> worker = get("/sw.js");

        assertThat(worker.statusCode()).isEqualTo(200);
        assertThat(worker.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(worker.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(worker.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        // The build wrote the release's files in front of the worker.
        assertThat(worker.body()).startsWith("const PEERHUB_SHELL = {\"version\":").contains("\"/offline.html\"");
    }

    @Test
    void theManifestNamesTheAppItsStartAndItsIcons() throws Exception {
        HttpResponse<String> manifest = get("/manifest.webmanifest");

        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/manifest+json");
        assertThat(manifest.headers().firstValue("Cache-Control")).hasValue("no-cache");
        JsonNode json = new ObjectMapper().readTree(manifest.body());
        assertThat(json.path("name").asText()).isEqualTo("Peerhub");
        assertThat(json.path("start_url").asText()).isEqualTo("/");
        assertThat(json.path("display").asText()).isEqualTo("standalone");
        for (JsonNode icon : json.path("icons")) {
            HttpResponse<byte[]> png = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + icon.path("src").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).as(icon.path("src").asText()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            String size = icon.path("sizes").asText();
            int width = ((png.body()[16] & 0xff) << 24) | ((png.body()[17] & 0xff) << 16) | ((png.body()[18] & 0xff) << 8) | (png.body()[19] & 0xff);
            assertThat(size).as("the PNG's own width").isEqualTo(width + "x" + width);
        }
        assertThat(json.path("icons").findValuesAsText("sizes")).contains("192x192", "512x512");
    }

    @Test
    void theOfflinePageIsAPageWithThePagesHeaders() throws Exception {
        HttpResponse<String> page = get("/offline.html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.body()).contains("You are offline");
    }

    @Test
    void theShareTargetIsDeclaredAndItsChooserIsAPage() throws Exception {
        JsonNode target = new ObjectMapper().readTree(get("/manifest.webmanifest").body()).path("share_target");
        assertThat(target.path("action").asText()).isEqualTo("/share");
        assertThat(target.path("method").asText()).isEqualTo("POST");
        assertThat(target.path("enctype").asText()).isEqualTo("multipart/form-data");
        assertThat(target.path("params").path("files").get(0).path("name").asText()).isEqualTo("files");

        HttpResponse<String> page = get("/share");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
        assertThat(page.body()).contains("Send with Peerhub");
    }

    @Test
    void aSharePostThatReachesTheServerIsSentBackToTheChooserAsLost() throws Exception {
        // The service worker takes a share; one that gets here came with no worker running.
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/share"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n--x--\r\n"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue("/share?lost");
    }

    @ParameterizedTest(name = "/icons/{0} is 404")
    @ValueSource(strings = {"missing.png", "..%2fsw.js", "%2e%2e", "icon-192.svg", "a.b.png"})
    void onlyExistingIconsAreServed(String name) throws Exception {
        assertThat(get("/icons/" + name).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
