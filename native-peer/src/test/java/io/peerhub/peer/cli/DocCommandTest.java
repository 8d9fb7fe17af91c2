package io.peerhub.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.Stage;
import io.peerhub.protocol.peer.DocsProtocol;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doc command's refusals; publishing into a room a browser shows is e2e-tests' DocPublishStoryTest. */
class DocCommandTest {

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

    /** Runs the command in this process; returns its exit code and what it wrote to standard error. */
    private Result run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 6];
            System.arraycopy(new String[] {"doc", "--server", server.baseUrl(), "--room", Stage.newRoom(),
                    "--identity"}, 0, all, 0, 6);
            System.arraycopy(args, 0, all, 6, args.length);
            return new Result(Main.run(all), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    private record Result(int code, String errors) {}

    @Test
    void a_file_past_the_document_cap_or_not_utf8_is_refused_before_joining() throws Exception {
        Path identity = tmp.resolve("identity");
        Path big = Files.writeString(tmp.resolve("big.txt"), "x".repeat(DocsProtocol.MAX_DOC_TEXT_BYTES + 1));
        Result tooBig = run(identity.toString(), "--title", "Log", "--import", big.toString());
        assertThat(tooBig.code()).isEqualTo(DocCommand.LOCAL_ERROR);
        assertThat(tooBig.errors()).contains("262145 bytes; a document holds at most 262144 bytes (256 KiB) of text");

        Path latin1 = Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
        Result notUtf8 = run(identity.toString(), "--title", "Log", "--import", latin1.toString());
        assertThat(notUtf8.code()).isEqualTo(DocCommand.LOCAL_ERROR);
        assertThat(notUtf8.errors()).contains("is not UTF-8 text");
    }

    @Test
    void bad_options_exit_2() throws Exception {
        Path identity = tmp.resolve("identity");
        Path file = Files.writeString(tmp.resolve("a.txt"), "a");
        assertThat(run(identity.toString(), "--title", "Log").code()).isEqualTo(2); // neither --import nor --append
        assertThat(run(identity.toString(), "--title", "Log", "--import", file.toString(), "--append", "x").code()).isEqualTo(2);
        assertThat(run(identity.toString(), "--title", "Log", "--append", "x", "--replace").code()).isEqualTo(2);
        assertThat(run(identity.toString(), "--title", "bad\u202Etitle", "--append", "x").code()).isEqualTo(2);
    }

    @Test
    void nobody_in_the_room_is_exit_4_after_the_wait() throws Exception {
        Result alone = run(tmp.resolve("identity").toString(), "--title", "Log", "--append", "x", "--wait", "2");
        assertThat(alone.code()).isEqualTo(DocCommand.NOBODY);
        assertThat(alone.errors()).contains("nobody in the room within 2 s");
    }
}
