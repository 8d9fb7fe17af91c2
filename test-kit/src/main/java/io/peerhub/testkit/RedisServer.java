package io.peerhub.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * A private {@code redis-server} on a free loopback port, without persistence, that a test can stop
 * and start again on the same port (a Redis restart loses every key, as a real one without
 * persistence would). Its log goes to {@code target/redis-PORT.log}.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    public static RedisServer start() {
        return start(Ports.free());
    }

    public static RedisServer start(int port) {
        RedisServer redis = new RedisServer(port);
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts Redis (again, after {@link #stop}) on the same port, empty, and waits until it answers. */
    public void startAgain() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no")
                    .redirectErrorStream(true).redirectOutput(new File("target/redis-" + port + ".log")).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not start (is it installed?)", e);
        }
        await().atMost(PATIENCE).pollInterval(POLL).until(this::answers);
    }

    /** Stops Redis as a crash would, and waits until the port is closed. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> !answers());
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes());
            return s.getInputStream().read() == '+';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
