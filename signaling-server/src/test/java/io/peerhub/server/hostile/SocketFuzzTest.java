package io.peerhub.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.testkit.ServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The socket fuzz and flood, small enough for the suite: a node with the production defaults,
 * hostile connections, a flood, hundreds of connections from one address and slow readers, while
 * bystanders signal. The figures are the benchmark's ({@link SocketFuzzBenchmark}); this holds
 * what must never happen at any size: an {@code internal}, a node that stops answering, a
 * bystander's signal lost or a hostile one delivered to it, a breach not closed, a limit not held.
 */
@DisplayName("Socket fuzz and flood")
class SocketFuzzTest {

    @Test
    void hostileConnectionsFloodsAndSlowReadersLeaveTheNodeAndItsBystandersWhole() throws Exception {
        SocketFuzz.Load load = new SocketFuzz.Load(3_000, 4, 150, 5_000, 300, 4,
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ZERO, 7);
        try (ServerProcess node = ServerProcess.fromClassPath("fuzz", ServerProcess.SMALL_JVM, List.of())) {
            SocketFuzz.Report report = new SocketFuzz(node, load).run();
            System.out.print(report.text());

            assertThat(report.fuzz().sent()).isGreaterThanOrEqualTo(3_000);
            assertThat(report.internal()).as("internal answers").isZero();
            assertThat(report.fuzz().get("close 1011")).as("server-error closes").isZero();
            // Every frame class reached the server: a harness that stopped sending some would pass for nothing.
            assertThat(report.fuzz().starting("sent ").keySet()).contains("mutated", "nested", "number", "oversized", "binary");
            assertThat(report.fuzz().starting("error ")).containsKeys("bad-json", "too-large", "unknown-type", "not-joined");
            assertThat(report.fuzz().get("http 403")).as("foreign origins refused")
                    .isEqualTo(report.fuzz().get("origin foreign")).isPositive();

            assertThat(report.healthFailures()).as("/healthz unanswered, on retry too").isZero();
            assertThat(report.healthAfter()).isEqualTo(200);
            assertThat(report.bystanderReceived()).as("bystander signals delivered").isEqualTo(report.bystanderSent());
            assertThat(report.foreign()).as("hostile signals that reached a bystander").isZero();

            assertThat(report.flood().get("error rate-limited")).as("the flood was limited").isPositive();
            assertThat(report.flood().get("close 1008")).as("and then cut off").isEqualTo(1);
            assertThat(report.flood().get("answer pong")).as("flood frames answered").isLessThan(report.flood().sent() / 2);
            assertThat(report.many()[0]).as("connections one address holds open").isEqualTo(32);
            assertThat(report.many()[1]).as("refused 4029").isEqualTo(300 - 32);
            assertThat(report.slow()[0]).as("slow readers cut off").isEqualTo(4);
        }
    }
}
