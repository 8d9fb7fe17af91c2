package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Ping;
import io.peerhub.protocol.Pong;
import io.peerhub.protocol.SignalFrom;
import io.peerhub.protocol.SignalTo;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The held-signal attack of issue 19, on a node with a 256 MiB heap: one client makes hundreds of
 * away peers in rooms of its own and sends each as much as it may hold. Per-address limits are
 * off (as if the attacker had many addresses), so only the per-peer bound and the node's budget
 * stand between it and the heap. Before these bounds, 125 such peers ran a 512 MiB node out of
 * memory; here the node holds at most its 64 MiB, refuses the rest with away-full, and keeps
 * answering /healthz and new joins.
 */
@DisplayName("A flood of away peers")
class HeldSignalFloodTest {

    private static final int ROOMS = 30;
    private static final int AWAY_PER_ROOM = 10;
    private static final int SIGNALS_EACH = 6;
    private static final String SDP = "x".repeat(48 * 1024);

    @Test
    void theNodeHoldsWithinItsBudgetAndKeepsAnsweringHealthAndJoins() throws IOException {
        try (ServerProcess node = ServerProcess.fromClassPath("held-flood", List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                List.of("--max-connections-per-address", "0", "--max-joins-per-minute", "0", "--max-away-per-address", "0",
                        "--resume-window", "5m", "--rate-limit", "100000", "--rate-burst", "100000"))) {
            Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
            AtomicInteger pongs = new AtomicInteger();
            List<TestClient> senders = new ArrayList<>();
            List<List<String>> awayIds = new ArrayList<>();
            try {
                for (int r = 0; r < ROOMS; r++) {
                    RoomKey room = RoomKey.generate();
                    TestClient sender = TestClient.joined(node.webSocketUrl(), room, "Sender " + r);
                    sender.onMessage(m -> {
                        if (m instanceof ErrorMessage e) {
                            errors.computeIfAbsent(e.code().wire(), c -> new AtomicInteger()).incrementAndGet();
                        } else if (m instanceof Pong) {
                            pongs.incrementAndGet();
                        }
                    });
                    senders.add(sender);
                    List<String> ids = new ArrayList<>();
                    for (int p = 0; p < AWAY_PER_ROOM; p++) {
                        TestClient peer = TestClient.joined(node.webSocketUrl(), room, "Away " + p);
                        ids.add(peer.id());
                        peer.drop(); // 1006: away, resumable for five minutes
                    }
                    awayIds.add(ids);
                }
                long started = System.nanoTime();
                int sent = 0;
                ObjectNode data = JsonNodeFactory.instance.objectNode().put("sdp", SDP);
                for (int r = 0; r < ROOMS; r++) {
                    for (String id : awayIds.get(r)) {
                        for (int i = 0; i < SIGNALS_EACH; i++) {
                            senders.get(r).send(new SignalTo(id, data));
                            sent++;
                        }
                    }
                    senders.get(r).send(new Ping());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> pongs.get() == ROOMS);
                double seconds = (System.nanoTime() - started) / 1e9;

                long healthStarted = System.nanoTime();
                assertThat(node.status("/healthz")).isEqualTo(200);
                double healthMs = (System.nanoTime() - healthStarted) / 1e6;
                long joinStarted = System.nanoTime();
                RoomKey fresh = RoomKey.generate();
                try (TestClient carol = TestClient.joined(node.webSocketUrl(), fresh, "Carol");
                     TestClient dave = TestClient.joined(node.webSocketUrl(), fresh, "Dave")) {
                    double joinMs = (System.nanoTime() - joinStarted) / 1e6;
                    carol.send(new SignalTo(dave.id(), JsonNodeFactory.instance.objectNode().put("sdp", "v=0")));
                    assertThat(dave.await(SignalFrom.class).from()).isEqualTo(carol.id());

                    String metrics = node.body("/metrics");
                    double held = gauge(metrics, "peerhub_held_bytes");
                    double heap = heapUsed(metrics);
                    int awayFull = errors.getOrDefault("away-full", new AtomicInteger()).get();
                    System.out.printf(Locale.ROOT, "held-signal flood: %d away peers, %d signals of %d KiB (%d MiB) in %.1f s; "
                                    + "held %.1f MiB, heap used %.0f MiB of 256, %d away-full; /healthz %.0f ms, two joins %.0f ms%n",
                            ROOMS * AWAY_PER_ROOM, sent, SDP.length() / 1024, (long) sent * SDP.length() >> 20, seconds,
                            held / (1 << 20), heap / (1 << 20), awayFull, healthMs, joinMs);
                    assertThat(held).isLessThanOrEqualTo(AccessConfig.DEFAULT_MAX_HELD_BYTES);
                    // each peer takes 5 (the 6th passes 256 KiB); the node's budget refuses some of the 5s too
                    assertThat(awayFull).isGreaterThan(ROOMS * AWAY_PER_ROOM);
                    assertThat(errors.keySet()).containsExactly("away-full");
                }
            } finally {
                senders.forEach(TestClient::close);
            }
            assertThat(logOf(node)).doesNotContain("OutOfMemoryError");
        }
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static double heapUsed(String metrics) {
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} ([0-9.eE+]+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static String logOf(ServerProcess node) throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            Path log = files.filter(p -> p.getFileName().toString().equals("node-held-flood-" + node.port() + ".log"))
                    .findFirst().orElseThrow();
            return Files.readString(log);
        }
    }
}
