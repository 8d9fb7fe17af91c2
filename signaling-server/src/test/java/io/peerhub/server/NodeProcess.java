package io.peerhub.server;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Peerhub server node in a JVM of its own (this test JVM's class path, {@code Main}), on a free
 * loopback port, so that a test can kill it with SIGKILL or stop it with SIGTERM like an operator.
 */
public final class NodeProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int port;
    private final Process process;

    private NodeProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts node {@code name} sharing {@code redisUri} under {@code prefix}, and waits until it answers. */
    static NodeProcess start(String name, String redisUri, String prefix, Duration presenceTtl, String... more) {
        List<String> args = new ArrayList<>(List.of("--redis", redisUri, "--redis-prefix", prefix,
                "--presence-ttl", presenceTtl.toMillis() + "ms"));
        args.addAll(List.of(more));
        return start(name, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), args);
    }

    /** Starts node {@code name} with these JVM options and server options (port, bind, node id and URL are set here). */
    public static NodeProcess start(String name, List<String> jvmOptions, List<String> serverOptions) {
        int port = RedisServer.freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.peerhub.server.Main",
                "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--public-url", "http://127.0.0.1:" + port, "--node-id", name));
        command.addAll(serverOptions);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File("target/node-" + name + "-" + port + ".log")).start();
            NodeProcess node = new NodeProcess(name, port, process);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> node.status("/healthz") == 200);
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    String name() {
        return name;
    }

    public String webSocketUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    /** The HTTP status of {@code path}, or -1 when the node does not answer. */
    public int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public String body(String path) {
        try {
            return get(path).body();
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code kill -9}: no goodbye to anyone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** {@code kill} (SIGTERM): the node drains. */
    public void terminate() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
