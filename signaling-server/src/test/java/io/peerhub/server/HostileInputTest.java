package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerhub.protocol.ErrorMessage;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a hostile client's frames cost the server: no inflation work for compressed frames, and a
 * short log line at most for a frame that breaks the protocol, within a node-wide budget. Figures
 * are printed, and written down in docs/reliability.md.
 */
@DisplayName("Hostile frames")
class HostileInputTest {

    /** The production pattern (src/main/resources/logback.xml): what an operator's log holds per line. */
    private static final String PRODUCTION_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";

    private PeerhubServer server;
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        // Every client is 127.0.0.1: no per-address limit, so that the limits under test are the only ones.
        server = PeerhubServer.start(ServerConfig.loopback().withAccess(AccessConfig.defaults().withLimits(0, 0)));
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stop() {
        root.detachAppender(captured);
        server.close();
    }

    /** Frames that break the protocol in the ways that once cost the most per byte. */
    private static List<String> hostileFrames(String peerId) {
        return List.of(
                "{\"type\":\"ping\",\"n\":1E+2147483648}", // 33 bytes: once internal and a 6,775-byte stack trace
                "{\"type\":\"signal\",\"to\":\"" + peerId + "\",\"data\":{\"n\":0.1E-2147483647}}",
                "{\"type\":\"ping\",\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}",
                "{\"type\":\"ping\",\"n\":1" + "0".repeat(Protocol.MAX_NUMBER_CHARS) + "}",
                "{\"type\":\"ping\",\"n\":1e999999999}",
                "{type: ping");
    }

    @Test
    void aBadFrameIsAnsweredBadJsonAndLogsOneShortLineWithoutAStackTrace() {
        try (TestClient bob = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Bob");
             TestClient eve = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Eve")) {
            List<String> frames = hostileFrames(bob.id());
            int sent = 0;
            captured.list.clear();
            for (int round = 0; round < 16; round++) {
                for (String frame : frames) {
                    eve.send(frame);
                    assertThat(eve.awaitError()).as(frame.substring(0, Math.min(60, frame.length()))).isEqualTo("bad-json");
                    sent++;
                }
            }
            List<ILoggingEvent> lines = List.copyOf(captured.list);
            long bytes = logBytes(lines);
            System.out.printf(Locale.ROOT, "hostile frames: %d sent, %d log lines, %d bytes logged, %.0f bytes per frame%n",
                    sent, lines.size(), bytes, (double) bytes / sent);
            assertThat(lines).allMatch(e -> e.getThrowableProxy() == null);
            assertThat(lines).noneMatch(e -> e.getFormattedMessage().contains("internal"));
            assertThat((double) bytes / sent).isLessThan(200);
            assertThat(eve.isClosed()).isFalse();
        }
    }

    @Test
    void aFloodOfBadFramesFromManyConnectionsLogsWithinTheNodesBudget() {
        int connections = 10;
        int perConnection = 150; // within each connection's rate burst (200): every frame is parsed and answered
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                clients.add(TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Eve " + i));
            }
            captured.list.clear();
            long started = System.nanoTime();
            List<String> frames = hostileFrames(clients.get(0).id());
            for (TestClient eve : clients) {
                for (int i = 0; i < perConnection; i++) {
                    eve.send(frames.get(i % frames.size()));
                }
            }
            for (TestClient eve : clients) {
                for (int i = 0; i < perConnection; i++) {
                    assertThat(eve.await(ErrorMessage.class).code().wire()).isEqualTo("bad-json");
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            List<ILoggingEvent> lines = List.copyOf(captured.list);
            int sent = connections * perConnection;
            long bytes = logBytes(lines);
            System.out.printf(Locale.ROOT, "bad-frame flood: %d frames in %.1f s, %d log lines, %.1f bytes per frame%n",
                    sent, seconds, lines.size(), (double) bytes / sent);
            // The budget: 200 lines at once, then 50 a second (and the line that says how many were left out).
            assertThat(lines.size()).isLessThanOrEqualTo(200 + (int) Math.ceil(50 * seconds) + 2);
            assertThat((double) bytes / sent).isLessThan(200);
        } finally {
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void theSocketNegotiatesNoCompressionAndACompressedFrameIsRefusedBeforeItIsInflated() throws IOException {
        byte[] bomb = deflated(("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        int framesPerConnection = 16;
        int connections = 20;
        List<Integer> closes = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            closes.add(bombOnce(bomb, framesPerConnection));
        }
        // 1002: the frame breaks the protocol (RSV1 without the extension), so the server closes on
        // the frame's header, before any of it is inflated: inflated, the frame would be read and
        // answered (too-large), with the connection kept. -1: dropped at once, as good. (What inflating
        // costs, 41 s of CPU for 16 MiB sent, is in docs/reliability.md; a CPU time here measured load.)
        assertThat(closes).allMatch(code -> code == 1002 || code == -1);
        try (TestClient bystander = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Bystander")) {
            assertThat(bystander.welcome()).isNotNull();
        }
    }

    /**
     * Javalin asks for an HTTP session on every upgrade; kept, each connection (refused or not) cost
     * the node a session for 30 minutes. None is kept, so none is offered to the client either.
     */
    @Test
    void anUpgradeLeavesNoHttpSessionBehind() throws IOException {
        try (RawWebSocket ws = RawWebSocket.offeringDeflate(server.port())) {
            assertThat(ws.responseHeaders()).startsWith("HTTP/1.1 101");
            assertThat(ws.responseHeaders().toLowerCase(Locale.ROOT)).doesNotContain("set-cookie").doesNotContain("jsessionid");
        }
        try (TestClient alice = TestClient.joined(server.webSocketUrl(), RoomKey.generate(), "Alice")) {
            assertThat(alice.welcome()).isNotNull();
        }
    }

    /** One connection offering permessage-deflate and sending {@code frames} compressed frames; its close code. */
    private int bombOnce(byte[] bomb, int frames) throws IOException {
        try (RawWebSocket ws = RawWebSocket.offeringDeflate(server.port())) {
            assertThat(ws.responseHeaders()).startsWith("HTTP/1.1 101");
            assertThat(ws.responseHeaders().toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");
            try {
                for (int i = 0; i < frames; i++) {
                    ws.sendText(bomb, true);
                }
            } catch (IOException resetAlready) {
                // the server closed on the first frame: the rest never got there
            }
            return ws.awaitClose();
        }
    }

    /** A permessage-deflate payload (RFC 7692: raw deflate, without the final empty block's 4 bytes). */
    private static byte[] deflated(byte[] message) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
            if (n < buffer.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOf(all, all.length - 4);
    }

    private static long logBytes(List<ILoggingEvent> events) {
        PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern(PRODUCTION_PATTERN);
        layout.start();
        long bytes = 0;
        for (ILoggingEvent e : events) {
            bytes += layout.doLayout(e).getBytes(StandardCharsets.UTF_8).length;
            if (e.getThrowableProxy() != null) {
                bytes += 5_000; // a stack trace: never cheap, and what the assertions above refuse
            }
        }
        return bytes;
    }
}
