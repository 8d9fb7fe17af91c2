package io.peerhub.server.hostile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.PeerJoined;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Honest pairs in rooms of their own, each sender signalling its partner at a steady pace (well
 * within the rate limit) while an attack goes on elsewhere: their latency, per phase, is what the
 * attack costs everyone else. Latency is one way, on one clock (both ends are in this JVM).
 */
final class Bystanders implements AutoCloseable {

    private final List<TestClient> clients = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bystanders");
        t.setDaemon(true);
        return t;
    });
    private volatile Phase phase;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    /** Signals a bystander got from anyone but its partner: a hostile client's cross-room signal got through. */
    private final AtomicInteger foreign = new AtomicInteger();

    /** The latencies of one phase (before, during, after the attack). */
    static final class Phase {
        final String name;
        private final long[] nanos;
        private final AtomicInteger count = new AtomicInteger();

        Phase(String name, int capacity) {
            this.name = name;
            this.nanos = new long[capacity];
        }

        void add(long latency) {
            int i = count.getAndIncrement();
            if (i < nanos.length) {
                nanos[i] = latency;
            }
        }

        int count() {
            return Math.min(count.get(), nanos.length);
        }

        double quantileMs(double q) {
            long[] sorted = Arrays.copyOf(nanos, count());
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-6s %6d signals, p50 %6.2f ms, p99 %7.2f ms, max %7.1f ms",
                    name, count(), quantileMs(0.50), quantileMs(0.99), quantileMs(1.0));
        }
    }

    /** {@code pairs} pairs on {@code webSocketUrl}, each sender signalling every {@code everyMillis}. */
    static Bystanders start(String webSocketUrl, int pairs, long everyMillis) throws Exception {
        Bystanders b = new Bystanders();
        b.phase = new Phase("warmup", 1 << 20);
        for (int p = 0; p < pairs; p++) {
            RoomKey room = RoomKey.generate();
            TestClient sender = TestClient.joining(webSocketUrl, room, "Ann " + p, ClientKind.BROWSER).get(10, TimeUnit.SECONDS);
            CompletableFuture<String> partner = new CompletableFuture<>();
            sender.onMessage(m -> {
                if (m instanceof PeerJoined j) {
                    partner.complete(j.peer().id());
                }
            });
            TestClient receiver = TestClient.joining(webSocketUrl, room, "Ben " + p, ClientKind.BROWSER).get(10, TimeUnit.SECONDS);
            String senderId = sender.id();
            receiver.onMessage(m -> {
                if (m instanceof SignalFrom s) {
                    if (!s.from().equals(senderId) || !s.data().has("t")) {
                        b.foreign.incrementAndGet();
                        return;
                    }
                    b.received.incrementAndGet();
                    b.phase.add(System.nanoTime() - s.data().get("t").longValue());
                }
            });
            String target = partner.get(10, TimeUnit.SECONDS);
            b.clients.add(sender);
            b.clients.add(receiver);
            b.ids.add(senderId);
            b.ids.add(receiver.id());
            b.pace.scheduleAtFixedRate(() -> {
                b.sent.incrementAndGet();
                sender.send(new SignalTo(target, JsonNodeFactory.instance.objectNode().put("t", System.nanoTime())
                        .put("candidate", "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host")));
            }, p * everyMillis / pairs, everyMillis, TimeUnit.MILLISECONDS);
        }
        return b;
    }

    /** From now on latencies count toward {@code name}; returns the phase that ended. */
    Phase phase(String name) {
        Phase ended = phase;
        phase = new Phase(name, 1 << 20);
        return ended;
    }

    List<String> ids() {
        return ids;
    }

    long sent() {
        return sent.get();
    }

    long received() {
        return received.get();
    }

    int foreign() {
        return foreign.get();
    }

    /** Stops sending; what is still on its way may arrive until {@link #close}. */
    void stop() {
        pace.shutdownNow();
    }

    @Override
    public void close() {
        pace.shutdownNow();
        clients.forEach(TestClient::close);
    }
}
