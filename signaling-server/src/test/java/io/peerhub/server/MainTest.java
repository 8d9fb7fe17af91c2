package io.peerhub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerhub.protocol.IceServer;
import io.peerhub.server.cli.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

@DisplayName("The command line")
class MainTest {

    private static ServerConfig parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Test
    void withoutOptionsGivesTheDocumentedDefaults() {
        // (the test environment sets no PEERHUB_* variables)
        // (except the node id, random per process)
        assertThat(parse()).usingRecursiveComparison().ignoringFields("cluster.nodeId").isEqualTo(ServerConfig.defaults());
        assertThat(parse().cluster().redisUri()).isNull();
    }

    @Test
    void everyOptionReachesTheConfiguration() {
        ServerConfig config = parse("--port", "0", "--bind", "127.0.0.1", "--public-url", "https://hub.example.org/",
                "--max-peers-per-room", "8", "--heartbeat-interval", "500ms", "--heartbeat-timeout", "2s",
                "--resume-window", "1m", "--rate-limit", "10", "--rate-burst", "20", "--send-queue-limit", "1MiB",
                "--node-id", "node-1", "--redis", "redis://r.example.org:6379/0", "--redis-prefix", "ph:",
                "--presence-ttl", "6s", "--peer-node-url", "wss://b.example.org/ws",
                "--peer-node-url", "wss://c.example.org/ws", "--allowed-origin", "https://app.example.org",
                "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", "::1", "--max-connections-per-address", "5",
                "--max-joins-per-minute", "7", "--max-away-per-address", "3", "--max-held-bytes", "2MiB",
                "--max-send-queues", "1MiB", "--policy", "policy.yaml");

        assertThat(config).isEqualTo(new ServerConfig("127.0.0.1", 0, "https://hub.example.org", List.of(), 8,
                Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(1), 10, 20, 1 << 20,
                new ClusterConfig("node-1", "redis://r.example.org:6379/0", false, "ph:", Duration.ofSeconds(6),
                        List.of("wss://b.example.org/ws", "wss://c.example.org/ws")),
                new AccessConfig(List.of("https://app.example.org"), List.of("10.0.0.0/8", "::1"), 5, 7, 3, 2L << 20, 1L << 20), null,
                Path.of("policy.yaml")));
    }

    @Test
    void iceServersComeAsUrlListsWithTurnCredentialsOrAsJson() {
        ServerConfig config = parse(
                "--ice-server", "stun:stun.example.org:3478",
                "--ice-server", "turn:turn.example.org:3478,turns:turn.example.org:5349",
                "--turn-username", "u", "--turn-credential", "p",
                "--ice-servers-json", "[{\"urls\":\"turn:other.example.org\",\"username\":\"u2\",\"credential\":\"p2\"}]");

        assertThat(config.iceServers()).containsExactly(
                IceServer.of("stun:stun.example.org:3478"),
                new IceServer(List.of("turn:turn.example.org:3478", "turns:turn.example.org:5349"), "u", "p"),
                new IceServer(List.of("turn:other.example.org"), "u2", "p2"));
    }

    @Test
    void environmentVariablesAreTheDefaults() {
        // picocli reads a system property of the same name first: the test's stand-in for the environment
        Map<String, String> env = Map.of(
                "PEERHUB_PORT", "9000",
                "PEERHUB_ICE_SERVERS", "stun:a.example.org turn:b.example.org,turns:b.example.org",
                "PEERHUB_TURN_USERNAME", "u",
                "PEERHUB_TURN_CREDENTIAL", "p",
                "PEERHUB_RESUME_WINDOW", "5s");
        env.forEach(System::setProperty);
        try {
            ServerConfig config = parse("--port", "9001");

            assertThat(config.port()).isEqualTo(9001); // the command line wins
            assertThat(config.resumeWindow()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.iceServers()).containsExactly(IceServer.of("stun:a.example.org"),
                    new IceServer(List.of("turn:b.example.org", "turns:b.example.org"), "u", "p"));
        } finally {
            env.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void aTurnSecretWithUrlsMintsCredentialsForTheTtlGiven() {
        ServerConfig config = parse("--ice-server", "stun:stun.example.org:3478", "--turn-secret", "a-long-random-secret-0123",
                "--turn-url", "turn:turn.example.org:3478?transport=udp", "--turn-url", "turns:turn.example.org:5349",
                "--turn-ttl", "20m");

        assertThat(config.iceServers()).containsExactly(IceServer.of("stun:stun.example.org:3478"));
        assertThat(config.turn()).isEqualTo(new TurnConfig("a-long-random-secret-0123",
                List.of("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"), Duration.ofMinutes(20)));
        assertThat(config.toString()).as("a printed configuration").doesNotContain("a-long-random-secret-0123");
        assertThat(parse("--turn-secret", "s".repeat(32), "--turn-url", "turn:t.example.org").turn().ttl())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theTurnSecretComesFromTheEnvironmentSoThatItNeedNotBeInTheProcessList() {
        Map<String, String> env = Map.of(
                "PEERHUB_TURN_SECRET", "from-the-environment-0123456789",
                "PEERHUB_TURN_URLS", "turn:a.example.org:3478,turns:a.example.org:5349",
                "PEERHUB_TURN_TTL", "30m");
        env.forEach(System::setProperty);
        try {
            assertThat(parse().turn()).isEqualTo(new TurnConfig("from-the-environment-0123456789",
                    List.of("turn:a.example.org:3478", "turns:a.example.org:5349"), Duration.ofMinutes(30)));
        } finally {
            env.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void staticTurnCredentialsAreWarnedAboutAtStartUpAndMintedOnesAreNot() {
        List<String> staticCreds = warningsAtStartUp("--ice-server", "turn:turn.example.org:3478",
                "--turn-username", "u", "--turn-credential", "p");
        assertThat(staticCreds).singleElement().asString()
                .contains("static TURN credentials").contains("open proxy").contains("--turn-secret");

        assertThat(warningsAtStartUp("--ice-servers-json",
                "[{\"urls\":[\"turns:t.example.org:5349\"],\"username\":\"u\",\"credential\":\"p\"}]"))
                .singleElement().asString().contains("static TURN credentials");

        assertThat(warningsAtStartUp("--ice-server", "stun:stun.example.org:3478", "--turn-secret", "s".repeat(32),
                "--turn-url", "turn:turn.example.org:3478")).isEmpty();
        assertThat(warningsAtStartUp("--turn-secret", "short", "--turn-url", "turn:turn.example.org:3478"))
                .singleElement().asString().contains("shorter than 16");
    }

    /** The WARN lines a server started from these options logs, as an operator reads them. */
    private static List<String> warningsAtStartUp(String... args) {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(PeerhubServer.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        List<String> all = new java.util.ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0"));
        all.addAll(List.of(args));
        try (PeerhubServer server = PeerhubServer.start(parse(all.toArray(String[]::new)))) {
            return appender.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        } finally {
            logger.detachAppender(appender);
        }
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "--ice-server http://example.org | not a stun",
        "--heartbeat-interval 30s --heartbeat-timeout 10s | heartbeatTimeout must be longer",
        "--ice-servers-json {} | JSON list",
        "--port 70000 | port",
        "--allowed-origin evil | not an http(s) origin",
        "--trusted-proxy proxy.example.org | not an IP address",
        "--trusted-proxy 10.0.0.0/33 | bad prefix length",
        "--max-joins-per-minute -1 | per-address limits",
        "--turn-url turn:t.example.org | --turn-url needs --turn-secret",
        "--turn-secret s3cr3t-s3cr3t-s3cr3t | --turn-secret needs at least one --turn-url",
        "--turn-secret s3cr3t-s3cr3t-s3cr3t --turn-url stun:t.example.org | not a turn: or turns: URL",
        "--turn-secret s3cr3t-s3cr3t-s3cr3t --turn-url turn:t.example.org --turn-ttl 30s | at least a minute"})
    void nonsenseIsRefusedWithAReason(String args, String reason) {
        assertThatThrownBy(() -> parse(args.trim().split(" ")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "\"{0}\" is {1} ms")
    @CsvSource({"500ms, 500", "10s, 10000", "2m, 120000", "1h, 3600000", "PT1.5S, 1500"})
    void durationsReadAsPeopleWriteThem(String text, long millis) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void theHelpNamesTheEnvironmentVariableOfEveryOption() {
        String help = new CommandLine(new Main()).getUsageMessage();
        for (String variable : List.of("PEERHUB_PORT", "PEERHUB_BIND", "PEERHUB_PUBLIC_URL", "PEERHUB_ICE_SERVERS",
                "PEERHUB_TURN_USERNAME", "PEERHUB_TURN_CREDENTIAL", "PEERHUB_ICE_SERVERS_JSON",
                "PEERHUB_MAX_PEERS_PER_ROOM", "PEERHUB_HEARTBEAT_INTERVAL", "PEERHUB_HEARTBEAT_TIMEOUT",
                "PEERHUB_RESUME_WINDOW", "PEERHUB_RATE_LIMIT", "PEERHUB_RATE_BURST", "PEERHUB_SEND_QUEUE_LIMIT", "PEERHUB_MAX_SEND_QUEUES",
                "PEERHUB_ALLOWED_ORIGINS", "PEERHUB_TRUSTED_PROXIES", "PEERHUB_MAX_CONNECTIONS_PER_ADDRESS",
                "PEERHUB_MAX_JOINS_PER_MINUTE", "PEERHUB_TURN_SECRET", "PEERHUB_TURN_URLS", "PEERHUB_TURN_TTL")) {
            assertThat(help).contains(variable);
        }
    }
}
