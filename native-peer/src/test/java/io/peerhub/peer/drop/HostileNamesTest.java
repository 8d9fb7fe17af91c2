package io.peerhub.peer.drop;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File names from peers are hostile: whatever they say, files land inside DIR and overwrite nothing. */
class HostileNamesTest {

    static final List<List<String>> CORPUS = List.of(
            List.of("../../escape.txt"),
            List.of("/etc/passwd"),
            List.of("C:\\Windows\\system32\\evil.dll"),
            List.of("\\\\server\\share\\unc.txt"),
            List.of("D:relative.txt"),
            List.of("nul\u0000byte.txt"),
            List.of("\u001b[31mred\u001b[0m.txt"),
            List.of("\u001b]0;title\u0007bell.txt"),
            List.of("CON"),
            List.of("con.txt"),
            List.of("NUL.tar.gz"),
            List.of("LPT1"),
            List.of("com9.log"),
            List.of("trailing dots..."),
            List.of("trailing spaces   "),
            List.of("   leading spaces.txt"),
            List.of(".hidden"),
            List.of("..."),
            List.of("x".repeat(300) + ".txt"),
            List.of("é".repeat(200) + ".txt"),
            List.of("😀".repeat(100)),
            List.of("new\nline.txt"),
            List.of("tab\there.txt"),
            List.of("bidi\u202Etxt.exe"),
            List.of("del\u007f.txt"),
            List.of("c1\u0085.txt"),
            List.of(".partial"),
            List.of(".partial", "state.json"),
            List.of(".partial", "journal"),
            List.of("a:b.txt"),
            List.of("same.txt"),
            List.of("same.txt "),
            List.of(" same.txt"),
            List.of("..evil", "x.txt"),
            List.of("sub", "../../x.txt"),
            List.of("dir/../../x", "y.txt"),
            List.of("~", ".bashrc"),
            List.of("existing.txt"),
            List.of("link", "through-symlink.txt"));

    static RtcRuntime rtc;
    static io.peerhub.server.PeerhubServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        rtc = new RtcRuntime();
        server = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterAll
    static void stop() {
        server.close();
        rtc.close();
    }

    @Test
    void a_corpus_of_hostile_names_all_land_inside_the_folder_and_none_overwrites_another() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(inbox.resolve("existing.txt"), "mine");
        Files.createSymbolicLink(inbox.resolve("link"), outside);
        Path out = Files.createDirectory(tmp.resolve("out"));
        Map<Path, List<String>> named = new LinkedHashMap<>();
        Map<String, Path> sourceBySha = new java.util.HashMap<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            Path source = TestFiles.randomFile(out.resolve("f" + i), 1000 + i, i);
            named.put(source, CORPUS.get(i));
            sourceBySha.put(TestFiles.sha256(source), source);
        }
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode sender = Stage.sender(rtc, room, "Mallory")) {
            RemotePeer to = Stage.connectedPeer(sender, "Drop");

            SendOutcome outcome = sender.sender().sendAs(to, named).outcome().get(60, TimeUnit.SECONDS);

            assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
            assertThat(drop.received).hasSize(CORPUS.size());
            Path real = inbox.toRealPath();
            Set<Path> landed = new HashSet<>();
            for (FileReceiver.ReceivedFile r : drop.received) {
                Path p = r.path();
                assertThat(p.normalize()).startsWith(real);
                assertThat(real.relativize(p).getName(0).toString()).isNotEqualTo(".partial");
                assertThat(p.toRealPath()).startsWith(real);
                assertThat(landed.add(p)).as("two files landed on %s", p).isTrue();
                assertThat(sourceBySha).containsKey(TestFiles.sha256(p));
                for (Path part : real.relativize(p)) {
                    String name = part.toString();
                    assertThat(name).doesNotContain("\u0000", "\u001b", "\n", "\t", "\\", ":", "\u202e", "\u007f");
                    assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
                    assertThat(name).doesNotStartWith(".").doesNotEndWith(".").doesNotEndWith(" ");
                }
            }
            assertThat(Files.readString(inbox.resolve("existing.txt"))).isEqualTo("mine");
            try (Stream<Path> s = Files.list(outside)) {
                assertThat(s.toList()).isEmpty();
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(inbox)) {
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> !inbox.relativize(p).startsWith(".partial"))
                        .forEach(files::add);
            }
            assertThat(files).hasSize(CORPUS.size() + 1);
            assertThat(tmp.resolve("escape.txt")).doesNotExist();
        }
    }
}
