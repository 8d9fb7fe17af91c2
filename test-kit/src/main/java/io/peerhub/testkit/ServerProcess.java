package io.peerhub.testkit;

import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.trust.RoomKey;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Peerhub server node in a JVM of its own, on a free loopback port and advertising that address,
 * so that a test can kill it with SIGKILL or stop it with SIGTERM like an operator. It runs either
 * from the test JVM's class path (a module whose tests have the server on it) or from the built
 * server jar (what users run). Its output goes to {@code target/node-NAME-PORT.log}.
 *
 * <p>The kit does not depend on the server (the server's tests use the kit): it names the main
 * class and passes command-line options, as a user would.
 */
public final class ServerProcess implements AutoCloseable {

    /** Enough for a test node; C1 only, since a node lives seconds and several share two cores. */
    public static final List<String> SMALL_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    private static final String MAIN_CLASS = "io.peerhub.server.Main";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final int port;
    private final Process process;

    private ServerProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts node {@code name} from this JVM's class path, and waits until it answers. */
    public static ServerProcess fromClassPath(String name, List<String> jvmOptions, List<String> serverOptions) {
        return start(name, jvmOptions, List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS), serverOptions);
    }

    /** Starts node {@code name} from the built server jar, and waits until it answers. */
    public static ServerProcess fromJar(Path jar, String name, List<String> jvmOptions, List<String> serverOptions) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: mvn -pl signaling-server package first");
        }
        return start(name, jvmOptions, List.of("-jar", jar.toString()), serverOptions);
    }

    /** The server options that make a node share {@code redisUri} with the other nodes under {@code prefix}. */
    public static List<String> sharing(String redisUri, String prefix, Duration presenceTtl) {
        return List.of("--redis", redisUri, "--redis-prefix", prefix, "--presence-ttl", presenceTtl.toMillis() + "ms");
    }

    private static ServerProcess start(String name, List<String> jvmOptions, List<String> program, List<String> serverOptions) {
        int port = Ports.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(program);
        command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--public-url", "http://127.0.0.1:" + port, "--node-id", name));
        command.addAll(serverOptions);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File("target/node-" + name + "-" + port + ".log")).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ServerProcess node = new ServerProcess(name, port, process);
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> node.status("/healthz") == 200);
        } catch (RuntimeException notUp) {
            node.close();
            throw notUp;
        }
        return node;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The link a user opens for {@code roomId} on this node. */
    /** The whole link of {@code room} on this node, key included. */
    public String roomUrl(RoomKey room) {
        return room.link(baseUrl());
    }

    /** The signaling WebSocket, as this node advertises it to other nodes' clients. */
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

    /** The body of {@code path}, or "" when the node does not answer. */
    public String body(String path) {
        try {
            return get(path).body();
        } catch (IOException e) {
            return "";
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
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
