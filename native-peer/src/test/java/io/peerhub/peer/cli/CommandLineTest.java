package io.peerhub.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.Stage;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as separate processes. Runs {@code target/peerhub-peer.jar} when it has been
 * packaged, else the same main class from the test classpath.
 */
class CommandLineTest {

    static PeerhubServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sigterm_stops_a_running_drop_cleanly_with_exit_code_0() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("inbox"));
        Path log = tmp.resolve("drop.log");
        Process drop = start(log, "drop", "--server", server.baseUrl(), "--room", Stage.newRoom(),
                "--dir", dir.toString(), "--name", "Inbox");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("joined room"));

            long t0 = System.nanoTime();
            drop.destroy(); // SIGTERM
            boolean exited = drop.waitFor(10, TimeUnit.SECONDS);

            String output = Files.readString(log);
            assertThat(exited).as("exited within 10 s; output: %s", output).isTrue();
            assertThat(drop.exitValue()).as("output: %s", output).isEqualTo(0);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
            assertThat(output).doesNotContain("SIGSEGV", "hs_err", "fatal error").contains("stopped");
        } finally {
            drop.destroyForcibly();
        }
    }

    @Test
    void send_prints_the_path_to_a_drop_on_this_host_as_direct_and_the_drop_logs_it() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("inbox"));
        Path file = Files.writeString(tmp.resolve("note.txt"), "path check");
        String room = Stage.newRoom();
        Path dropLog = tmp.resolve("drop.log");
        Process drop = start(dropLog, "drop", "--server", server.baseUrl(), "--room", room,
                "--dir", dir.toString(), "--name", "Inbox");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(dropLog).contains("joined room"));
            Path sendLog = tmp.resolve("send.log");
            Process send = start(sendLog, "send", "--server", server.baseUrl(), "--room", room,
                    "--to", "Inbox", "--wait", "30", file.toString());
            try {
                assertThat(send.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String sent = Files.readString(sendLog);
                System.out.println(sent); // the test's output file: the first place to look when it fails
                assertThat(send.exitValue()).as("output: %s", sent).isZero();
                assertThat(sent).containsPattern("path: direct \\(host <-> host, udp, rtt (<1|\\d+) ms\\)")
                        // The hash a person can check: sha256("path check"), computed apart.
                        .contains("verified  note.txt  sha256 "
                                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest("path check".getBytes(StandardCharsets.UTF_8))));
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readString(dropLog))
                        .containsPattern("connection to \\S+ runs direct \\(host <-> host, udp"));
            } finally {
                send.destroyForcibly();
            }
        } finally {
            drop.destroy();
            drop.waitFor(10, TimeUnit.SECONDS);
            drop.destroyForcibly();
        }
    }

    @Test
    void every_command_has_help() throws Exception {
        for (String command : List.of("drop", "send", "chat")) {
            Path log = tmp.resolve(command + ".txt");
            Process p = start(log, command, "--help");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).isZero();
            assertThat(out).contains("--server", "--room", "PEERHUB_SERVER");
        }
    }

    static Process start(Path output, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jar = Path.of("target", "peerhub-peer.jar");
        if (Files.isRegularFile(jar)) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add("io.peerhub.peer.cli.Main");
        }
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        // Its default identity file goes next to its output, never into the home of whoever runs the tests.
        builder.environment().put("XDG_CONFIG_HOME", output.toAbsolutePath().getParent().resolve("config").toString());
        return builder.start();
    }
}
