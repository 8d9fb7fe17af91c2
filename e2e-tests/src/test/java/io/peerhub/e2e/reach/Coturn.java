package io.peerhub.e2e.reach;

import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.IceServer;
import io.peerhub.server.turn.TurnCredentials;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's coturn ({@code turnserver}) in the foreground, as this test's own relay: on a free
 * port of one address ({@link TestHosts#hubAddress()}, or 127.0.0.1 where there are no test
 * hosts), with REST-API credentials ({@code use-auth-secret}) under a secret made for the run,
 * TCP/UDP only (no TLS, no DTLS: no certificates to make), no CLI, its log in a file of the
 * test's. {@link #stop()} and {@link #start()} restart it on the same ports, as an operator
 * restarting the relay would (allocations do not survive that); {@link #close()} kills it.
 *
 * <p>Ready means it answers a STUN Binding request on its port: coturn prints nothing reliable
 * when its listeners are open.
 */
public final class Coturn implements AutoCloseable {

    public static final String REALM = "peerhub.test";
    /** Relay ports per run: a story has a handful of allocations; 64 keeps parallel runs apart. */
    private static final int RELAY_PORTS = 64;
    private static final int RELAY_RANGE_FROM = 20_000;
    private static final int RELAY_RANGE_TO = 32_000;
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final int STUN_BINDING_REQUEST = 0x0001;
    private static final int STUN_BINDING_SUCCESS = 0x0101;
    private static final int STUN_MAGIC_COOKIE = 0x2112A442;

    private final Path executable;
    private final String address;
    private final int port;
    private final int minRelayPort;
    private final String secret;
    private final boolean loopbackPeers;
    private final Path dir;
    private int starts;
    private Process process;

    private Coturn(Path executable, String address, int port, int minRelayPort, String secret, boolean loopbackPeers,
                   Path dir) {
        this.executable = executable;
        this.address = address;
        this.port = port;
        this.minRelayPort = minRelayPort;
        this.secret = secret;
        this.loopbackPeers = loopbackPeers;
        this.dir = dir;
    }

    /**
     * Starts coturn on {@code address}, its log, pid file and (empty) user database in {@code dir}.
     * {@code loopbackPeers}: let relays send to 127.0.0.1, needed only when the peers are on the
     * loopback address (the no-namespaces mode); coturn refuses that by default, rightly.
     */
    public static Coturn start(String address, Path dir, boolean loopbackPeers) {
        Path executable = executable();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freeUdpAndTcpPort(address);
        Coturn coturn = new Coturn(executable, address, port, freeRelayRange(address), newSecret(), loopbackPeers, dir);
        coturn.start();
        return coturn;
    }

    /** Debian's turnserver; {@code .ci/run} installs the coturn package when it is missing. */
    public static Path executable() {
        for (String candidate : List.of("/usr/bin/turnserver", "/usr/sbin/turnserver")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("turnserver not found: install coturn with "
                + "`apt-get install -y coturn` (.ci/run does this)");
    }

    /** (Re)starts the relay on the same address and ports, and waits until it answers STUN. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("coturn is running already");
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-n",
                "--listening-ip=" + address, "--listening-port=" + port, "--relay-ip=" + address,
                "--min-port=" + minRelayPort, "--max-port=" + (minRelayPort + RELAY_PORTS - 1),
                "--use-auth-secret", "--static-auth-secret=" + secret, "--realm=" + REALM,
                "--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout", "--simple-log",
                // Verbose: a line per allocation and refusal, with the username (not per packet).
                "--verbose",
                // Its own files in the test's folder, never /var/run or /var/lib/turn.
                "--pidfile=" + dir.resolve("turnserver.pid"), "--userdb=" + dir.resolve("turndb")));
        if (loopbackPeers) {
            command.add("--allow-loopback-peers");
        }
        File log = dir.resolve("turnserver-" + (++starts) + ".log").toFile();
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        try {
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || answersStun(Duration.ofMillis(200)));
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("coturn did not answer STUN on " + address + ":" + port + "; its log: "
                    + log(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("coturn exited with " + process.exitValue() + "; its log: " + log());
        }
    }

    /** Stops the relay (SIGTERM, then SIGKILL after 5 s) and waits until it is gone: every allocation with it. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Freezes the relay (SIGSTOP): it answers nothing but keeps its allocations, as a relay behind
     * a network that drops everything for a while does. {@link #resume()} lets it go on.
     */
    public synchronized void pause() {
        signal("-STOP");
    }

    public synchronized void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("coturn is not running");
        }
        Command.of("kill", signal, Long.toString(process.pid())).check();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The TURN URL a client is given: UDP to the relay, the transport that ICE prefers. */
    public String url() {
        return "turn:" + address + ":" + port + "?transport=udp";
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The secret coturn checks credentials with, as {@code --turn-secret} will be given it. */
    public String secret() {
        return secret;
    }

    /** Credentials for {@code peer}, good for {@code ttl} from now, signed with this relay's secret. */
    public IceServer credentialsFor(String peer, Duration ttl) {
        return mint(secret, peer, Clock.systemUTC(), ttl);
    }

    /** Credentials whose expiry passed {@code ago} ago; coturn refuses them (401). */
    public IceServer expiredCredentialsFor(String peer, Duration ago) {
        Duration ttl = TurnCredentials.DEFAULT_TTL;
        Clock past = Clock.fixed(Instant.now().minus(ttl).minus(ago), ZoneOffset.UTC);
        return mint(secret, peer, past, ttl);
    }

    /** Credentials signed with a secret that is not this relay's; coturn refuses them (401). */
    public IceServer credentialsSignedWithAnotherSecret(String peer) {
        return mint(newSecret(), peer, Clock.systemUTC(), TurnCredentials.DEFAULT_TTL);
    }

    private IceServer mint(String withSecret, String peer, Clock clock, Duration ttl) {
        return new TurnCredentials(withSecret, List.of(url()), ttl, clock).mint(peer).server();
    }

    /** Whether coturn allocated a relay for {@code username} since its last start (its verbose log says so). */
    public boolean allocatedFor(String username) {
        return log().contains("user <" + username + ">: incoming packet ALLOCATE processed, success");
    }

    /**
     * Whether coturn answered {@code username} with 401 since its last start. Every client's
     * first request goes without credentials and gets a 401 to learn the realm and nonce; that
     * one is logged for user {@code <>}, so a 401 for the username itself is a refusal.
     */
    public boolean refused(String username) {
        return log().lines().anyMatch(line -> line.contains("user <" + username + ">: ")
                && line.contains("error 401: Unauthorized"));
    }

    /** Everything coturn wrote since its last start. */
    public String log() {
        try {
            return Files.readString(dir.resolve("turnserver-" + starts + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends a STUN Binding request (RFC 5389) and tells whether a success response came back. */
    boolean answersStun(Duration wait) {
        byte[] transaction = new byte[12];
        new SecureRandom().nextBytes(transaction);
        ByteBuffer request = ByteBuffer.allocate(20).putShort((short) STUN_BINDING_REQUEST).putShort((short) 0)
                .putInt(STUN_MAGIC_COOKIE).put(transaction);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.send(new DatagramPacket(request.array(), 20, new InetSocketAddress(address, port)));
            byte[] answer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(answer, answer.length);
            socket.receive(packet);
            ByteBuffer in = ByteBuffer.wrap(answer, 0, packet.getLength());
            if (packet.getLength() < 20 || (in.getShort() & 0xffff) != STUN_BINDING_SUCCESS) {
                return false;
            }
            in.getShort(); // length
            if (in.getInt() != STUN_MAGIC_COOKIE) {
                return false;
            }
            byte[] echoed = new byte[12];
            in.get(echoed);
            return Arrays.equals(echoed, transaction);
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false; // ICMP port unreachable before coturn binds shows up as an exception
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A port free for both UDP and TCP on {@code address}: coturn listens on both. */
    private static int freeUdpAndTcpPort(String address) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
                int port = udp.getLocalPort();
                try (java.net.ServerSocket tcp = new java.net.ServerSocket()) {
                    tcp.bind(new InetSocketAddress(address, port));
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + address);
    }

    /**
     * The start of {@value #RELAY_PORTS} consecutive UDP ports free on {@code address} a moment
     * ago, from a random place below Linux's ephemeral range (32768 up): there the kernel never
     * hands one of them to another socket between this check and coturn's bind.
     */
    private static int freeRelayRange(String address) {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; attempt < 20; attempt++) {
            int start = RELAY_RANGE_FROM + random.nextInt(RELAY_RANGE_TO - RELAY_RANGE_FROM - RELAY_PORTS);
            if (allFree(address, start)) {
                return start;
            }
        }
        throw new IllegalStateException("no " + RELAY_PORTS + " free UDP ports in a row on " + address);
    }

    private static boolean allFree(String address, int start) {
        for (int p = start; p < start + RELAY_PORTS; p++) {
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, p))) {
                // free
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly(); // SIGKILL ends a paused process too
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "coturn on " + address + ":" + port + " (relay ports " + minRelayPort + "-"
                + (minRelayPort + RELAY_PORTS - 1) + ")";
    }
}
