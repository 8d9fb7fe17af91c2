package io.peerhub.server.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Join;
import io.peerhub.protocol.MessageCodec;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signaling load on loopback, against server nodes in their own processes and a private Redis.
 * Not a test: a measurement with a bounded amount of work that stops by itself.
 *
 * <pre>
 * mvn -B -q -pl signaling-server -am install -DskipTests
 * mvn -B -q -pl signaling-server exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-cp %classpath io.peerhub.server.bench.SignalingBenchmark relay joins idle"
 * </pre>
 * System properties (put them before -cp): bench.pairs (8), bench.messages (4000 per pair),
 * bench.window (32 in flight per pair), bench.joins (2000), bench.idle (50000).
 */
public final class SignalingBenchmark {

    private static final MessageCodec CODEC = new MessageCodec();
    private static final int PAIRS = Integer.getInteger("bench.pairs", 8);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 4000);
    private static final int WINDOW = Integer.getInteger("bench.window", 32);
    private static final int JOINS = Integer.getInteger("bench.joins", 2000);
    private static final int IDLE = Integer.getInteger("bench.idle", 50_000);
    /**
     * The default rate limit (50/s) and per-address limits (32 connections, 60 joins a minute) are
     * the point of production; here, with every client on a few loopback addresses, they would
     * measure themselves.
     */
    private static final List<String> UNLIMITED = List.of("--rate-limit", "1000000", "--rate-burst", "1000000",
            "--max-connections-per-address", "0", "--max-joins-per-minute", "0");

    public static void main(String[] args) throws Exception {
        List<String> modes = args.length == 0 ? List.of("relay", "joins", "idle") : Arrays.asList(args);
        for (String mode : modes) {
            switch (mode) {
                case "relay" -> relay();
                case "joins" -> joins();
                case "idle" -> idle();
                default -> throw new IllegalArgumentException("modes: relay, joins, idle");
            }
        }
        System.exit(0);
    }

    private static List<String> clusterOptions(RedisServer redis, String prefix) {
        List<String> o = new ArrayList<>(UNLIMITED);
        o.addAll(List.of("--redis", redis.uri(), "--redis-prefix", prefix));
        return o;
    }

    // ---- relay ------------------------------------------------------------------------------

    private static void relay() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ServerProcess a = ServerProcess.fromClassPath("a", List.of("-Xmx512m"), clusterOptions(redis, "bench-relay:"));
             ServerProcess b = ServerProcess.fromClassPath("b", List.of("-Xmx512m"), clusterOptions(redis, "bench-relay:"))) {
            relayRun(a, a, PAIRS, MESSAGES / 4, WINDOW); // warm-up of both JVMs
            relayRun(a, b, PAIRS, MESSAGES / 4, WINDOW);
            // One message at a time: the latency of the path itself.
            Result localOne = relayRun(a, a, 1, MESSAGES / 2, 1);
            Result remoteOne = relayRun(a, b, 1, MESSAGES / 2, 1);
            // Many in flight: what the nodes can carry.
            Result local = relayRun(a, a, PAIRS, MESSAGES, WINDOW);
            Result remote = relayRun(a, b, PAIRS, MESSAGES, WINDOW);
            System.out.printf("relay  unloaded  one node : %s%n", localOne);
            System.out.printf("relay  unloaded  two nodes: %s%n", remoteOne);
            System.out.printf("relay  saturated one node : %s%n", local);
            System.out.printf("relay  saturated two nodes: %s%n", remote);
            System.out.printf("relay  ratio two/one: unloaded p50 %.2f p99 %.2f; saturated throughput %.2f p50 %.2f p99 %.2f%n",
                    remoteOne.p50 / localOne.p50, remoteOne.p99 / localOne.p99,
                    remote.perSecond / local.perSecond, remote.p50 / local.p50, remote.p99 / local.p99);
        }
    }

    record Result(int messages, double seconds, double perSecond, double p50, double p99, double max) {
        @Override
        public String toString() {
            return String.format("%d msgs in %.2f s = %.0f msgs/s, latency p50 %.2f ms p99 %.2f ms max %.1f ms",
                    messages, seconds, perSecond, p50, p99, max);
        }
    }

    /** PAIRS senders on {@code from}, each with a receiver on {@code to}, in rooms of two; WINDOW in flight each. */
    private static Result relayRun(ServerProcess from, ServerProcess to, int pairs, int perPair, int inFlight)
            throws Exception {
        long[] latencies = new long[pairs * perPair];
        AtomicInteger received = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        List<TestClient> clients = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            RoomKey room = RoomKey.generate();
            TestClient sender = TestClient.joining(from.webSocketUrl(), room, "S" + p, ClientKind.NATIVE)
                    .get(10, TimeUnit.SECONDS);
            CompletableFuture<String> joined = new CompletableFuture<>();
            sender.onMessage(m -> {
                if (m instanceof io.peerhub.protocol.PeerJoined j) {
                    joined.complete(j.peer().id());
                }
            });
            TestClient receiver = TestClient.joining(to.webSocketUrl(), room, "R" + p, ClientKind.NATIVE)
                    .get(10, TimeUnit.SECONDS);
            clients.add(sender);
            clients.add(receiver);
            Semaphore window = new Semaphore(inFlight);
            receiver.onMessage(m -> {
                if (m instanceof SignalFrom s) {
                    latencies[received.getAndIncrement()] = System.nanoTime() - s.data().get("t").longValue();
                    window.release();
                }
            });
            String target = receiver.id();
            // The receiver must be known on the sender's node before the first signal: wait for its join.
            if (!joined.get(10, TimeUnit.SECONDS).equals(target)) {
                throw new IllegalStateException("someone else joined");
            }
            senders.add(new Thread(() -> {
                for (int i = 0; i < perPair; i++) {
                    window.acquireUninterruptibly();
                    sender.send(new SignalTo(target, JsonNodeFactory.instance.objectNode()
                            .put("t", System.nanoTime()).put("candidate", "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host")));
                }
            }));
        }
        long start = System.nanoTime();
        senders.forEach(Thread::start);
        long deadline = start + TimeUnit.MINUTES.toNanos(2);
        while (received.get() < latencies.length && System.nanoTime() < deadline) {
            Thread.sleep(5); // a measurement's poll, not a test's wait
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.forEach(TestClient::close);
        int n = received.get();
        long[] done = Arrays.copyOf(latencies, n);
        Arrays.sort(done);
        return new Result(n, seconds, n / seconds, ms(done, 0.50), ms(done, 0.99), done[n - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    // ---- join storm -------------------------------------------------------------------------

    private static void joins() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ServerProcess a = ServerProcess.fromClassPath("a", List.of("-Xmx512m"), clusterOptions(redis, "bench-joins:"));
             ServerProcess b = ServerProcess.fromClassPath("b", List.of("-Xmx512m"), clusterOptions(redis, "bench-joins:"));
             ServerProcess alone = ServerProcess.fromClassPath("alone", List.of("-Xmx512m"), UNLIMITED)) {
            storm(List.of(alone), JOINS / 4); // warm-up
            storm(List.of(a), JOINS / 4);
            storm(List.of(a, b), JOINS / 4);
            System.out.printf("joins  one node without Redis: %s%n", storm(List.of(alone), JOINS));
            System.out.printf("joins  one node : %s%n", storm(List.of(a), JOINS));
            System.out.printf("joins  two nodes: %s%n", storm(List.of(a, b), JOINS));
        }
    }

    /** {@code count} clients join rooms of 5 at once (64 at a time), round robin over the nodes. */
    private static String storm(List<ServerProcess> nodes, int count) throws Exception {
        RoomKey[] rooms = new RoomKey[(count + 4) / 5];
        Arrays.setAll(rooms, i -> RoomKey.generate());
        long[] took = new long[count];
        List<TestClient> clients = new ArrayList<>();
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int n = i;
            inFlight.acquireUninterruptibly();
            long t0 = System.nanoTime();
            all.add(TestClient.joining(nodes.get(i % nodes.size()).webSocketUrl(), rooms[i / 5], "J" + i, ClientKind.NATIVE)
                    .thenAccept(c -> {
                        took[n] = System.nanoTime() - t0;
                        synchronized (clients) {
                            clients.add(c);
                        }
                    }).whenComplete((v, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.forEach(TestClient::close);
        Arrays.sort(took);
        return String.format("%d joins in %.2f s = %.0f joins/s, connect+join→welcome p50 %.2f ms p99 %.2f ms",
                count, seconds, count / seconds, ms(took, 0.5), ms(took, 0.99));
    }

    // ---- idle connections -------------------------------------------------------------------

    private static void idle() throws Exception {
        // Heartbeat slowed down: the connections are idle on purpose, and the test client never answers.
        try (ServerProcess node = ServerProcess.fromClassPath("idle", List.of("-Xmx1g"),
                List.of("--heartbeat-interval", "5m", "--heartbeat-timeout", "20m", "--resume-window", "20m"))) {
            List<Socket> open = new ArrayList<>();
            double baseHeap = heapUsed(node);
            String stoppedBy = "reached the goal";
            long start = System.nanoTime();
            var pool = Executors.newFixedThreadPool(8);
            try {
                outer:
                while (open.size() < IDLE) {
                    List<CompletableFuture<Socket>> batch = new ArrayList<>();
                    for (int i = 0; i < 500 && open.size() + batch.size() < IDLE; i++) {
                        int k = open.size() + batch.size();
                        // Several source addresses: one has ~28,000 ephemeral ports toward one server port.
                        String source = "127.0.0." + (2 + k / 20_000);
                        String join = CODEC.encode(Join.fresh(roomFor(k), "I" + k, ClientKind.NATIVE));
                        batch.add(CompletableFuture.supplyAsync(() -> {
                            try {
                                return RawIdleSocket.open(source, node.port(), join);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }, pool));
                    }
                    for (CompletableFuture<Socket> f : batch) {
                        try {
                            open.add(f.join());
                        } catch (RuntimeException e) {
                            stoppedBy = String.valueOf(e.getCause() != null ? e.getCause() : e);
                            batch.forEach(g -> g.thenAccept(open::add));
                            break outer;
                        }
                    }
                }
            } finally {
                pool.shutdown();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!stoppedBy.equals("reached the goal")) {
                // This process is out of descriptors too: free a few to be able to ask the server.
                for (int i = 0; i < 200 && !open.isEmpty(); i++) {
                    open.remove(open.size() - 1).close();
                }
            }
            int held = waitForServerCount(node, open.size());
            System.out.printf("idle   opened %d in %.1f s; the server counts %d connections; stopped: %s%n",
                    open.size(), seconds, held, stoppedBy);
            System.out.printf("idle   server %s; heap used %.0f MiB (before: %.0f MiB) = %.1f KiB per connection; "
                            + "server fds %d, fd limit of this process %s%n",
                    rss(node.pid()), heapUsed(node) / 1048576, baseHeap / 1048576,
                    (heapUsed(node) - baseHeap) / 1024 / Math.max(1, held), fds(node.pid()), fdLimit());
            for (Socket c : open) {
                c.close();
            }
        }
    }

    /** Ten idle clients per room: the room of client {@code k}, the same key for the same ten. */
    private static RoomKey roomFor(int k) {
        return IDLE_ROOMS.computeIfAbsent(k / 10, i -> RoomKey.generate());
    }

    private static final java.util.Map<Integer, RoomKey> IDLE_ROOMS = new java.util.concurrent.ConcurrentHashMap<>();

    private static int waitForServerCount(ServerProcess node, int expected) throws InterruptedException {
        int seen = 0;
        for (int i = 0; i < 300 && seen < expected; i++) {
            String metrics = node.body("/metrics");
            seen = metrics.lines().filter(l -> l.startsWith("peerhub_connections ")).findFirst()
                    .map(l -> (int) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).orElse(0);
            Thread.sleep(100); // a measurement's poll
        }
        return seen;
    }

    /** Heap in use as the server's own /metrics reports it (garbage included). */
    private static double heapUsed(ServerProcess node) {
        return node.body("/metrics").lines().filter(l -> l.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long fds(long pid) {
        String[] list = new java.io.File("/proc/" + pid + "/fd").list();
        return list == null ? -1 : list.length;
    }

    private static String fdLimit() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .findFirst().orElse("?").replaceAll("\\s+", " ");
    }

    private static String rss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("?").replaceAll("\\s+", " ");
    }

    private SignalingBenchmark() {}
}
