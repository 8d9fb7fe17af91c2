package io.peerhub.server;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A private {@code redis-server} on a free loopback port, without persistence, that a test can stop
 * and start again on the same port (a Redis restart loses every key, as a real one without
 * persistence would).
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    public static RedisServer start() {
        return start(freePort());
    }

    public static RedisServer start(int port) {
        RedisServer redis = new RedisServer(port);
        redis.startAgain();
        return redis;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void startAgain() {
        try {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no")
                    .redirectErrorStream(true).redirectOutput(new File("target/redis-" + port + ".log")).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not start (is it installed?)", e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::answers);
    }

    /** Stops Redis as a crash would, and waits until the port is closed. */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !answers());
    }

    private boolean answers() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("PING\r\n".getBytes());
            return s.getInputStream().read() == '+';
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
