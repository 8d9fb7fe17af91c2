package io.peerhub.e2e.examples;

import static org.awaitility.Awaitility.await;

import io.peerhub.testkit.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The minimal page served as the README serves it, from the repository root:
 * {@code web-client/node_modules/.bin/vite examples/minimal-page}, here on a free loopback port.
 * Its output goes to {@code target/minimal-page-vite.log}.
 */
final class MinimalPageServer implements AutoCloseable {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    // HTTP/1.1 only: Java's default asks to upgrade to h2c, and Node hands any "Upgrade" request to
    // Vite's WebSocket, which leaves it unanswered.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Process process;
    private final String url;

    private MinimalPageServer(Process process, int port) {
        this.process = process;
        this.url = "http://127.0.0.1:" + port;
    }

    static MinimalPageServer start() {
        int port = Ports.free();
        Process process;
        try {
            process = new ProcessBuilder(REPO.resolve("web-client/node_modules/.bin/vite").toString(),
                    "examples/minimal-page", "--host", "127.0.0.1", "--port", Integer.toString(port), "--strictPort")
                    .directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "minimal-page-vite.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Vite did not start (is web-client built? mvn -pl web-client package)", e);
        }
        MinimalPageServer server = new MinimalPageServer(process, port);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(server::answers);
        } catch (RuntimeException notUp) {
            server.close();
            throw notUp;
        }
        return server;
    }

    /** Where the page comes from: the origin its signaling socket shows the server. */
    String origin() {
        return url;
    }

    /** The page, joining {@code roomLink} as {@code name}. */
    String pageFor(String roomLink, String name) {
        return url + "/?room=" + encode(roomLink) + "&name=" + encode(name);
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private boolean answers() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
