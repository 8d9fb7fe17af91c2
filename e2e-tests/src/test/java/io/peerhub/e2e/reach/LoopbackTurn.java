package io.peerhub.e2e.reach;

import static org.awaitility.Awaitility.await;

import io.peerhub.testkit.Ports;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code turnserver}, Debian's package) on a free port of 127.0.0.1, with
 * {@code use-auth-secret}: what the connection-check and forced-relay stories need on one host.
 * Kept minimal on purpose (no namespaces, no outages, no pause): the reach harness's coturn
 * does all that; this one only has to answer a check and relay between two pages on one host.
 */
final class LoopbackTurn implements AutoCloseable {

    static final String REALM = "peerhub.test";

    private final Process process;
    private final int port;
    private final String secret;
    private final Path log;

    private LoopbackTurn(Process process, int port, String secret, Path log) {
        this.process = process;
        this.port = port;
        this.secret = secret;
        this.log = log;
    }

    /** Starts coturn in {@code dir} (its log, pid file and user database stay there) and waits until it answers. */
    static LoopbackTurn start(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        int port = Ports.free();
        Path log = dir.resolve("turnserver.log");
        List<String> cmd = List.of("turnserver", "-n",
                "--listening-ip=127.0.0.1", "--listening-port=" + port, "--relay-ip=127.0.0.1",
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                "--no-tls", "--no-dtls", "--no-cli",
                // Both pages are on this host: the relay must forward to the other page's allocation on 127.0.0.1.
                "--allow-loopback-peers",
                "--log-file=stdout", "--simple-log",
                // Not the system's /var/lib/turn/turndb nor its pid file: other runs may use those.
                "--pidfile=" + dir.resolve("turnserver.pid"), "--userdb=" + dir.resolve("turndb"));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LoopbackTurn turn = new LoopbackTurn(process, port, secret, log);
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("turnserver exited: " + Files.readString(log));
                        }
                        return answersBinding(port);
                    });
        } catch (RuntimeException e) {
            turn.close();
            throw e;
        }
        return turn;
    }

    String url() {
        return "turn:127.0.0.1:" + port;
    }

    /** The {@code static-auth-secret} it checks credentials against. */
    String secret() {
        return secret;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends a STUN Binding request (RFC 8489) and waits briefly for any answer. */
    private static boolean answersBinding(int port) throws IOException {
        byte[] request = new byte[20];
        request[1] = 0x01; // Binding request; length 0
        request[4] = 0x21; // magic cookie 0x2112A442
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        System.arraycopy(transaction, 0, request, 8, transaction.length);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(200);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress("127.0.0.1", port)));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            socket.receive(answer);
            return answer.getLength() >= 20 && answer.getData()[0] == 0x01 && answer.getData()[1] == 0x01;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
