package io.peerhub.peer.drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.PolicyInForce;
import io.peerhub.peer.transfer.send.PolicyRefusedException;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.protocol.policy.FileCategory;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java peers under a hub policy (docs/protocol.md, "Hub policy"), through a real server that
 * publishes one blocking video, and real webrtc-java: the drop judges each offer by its manifest
 * and each file by its first bytes before staging any, and an honest Java sender does not offer
 * what the policy refuses. Files start with the real signatures of the shared vectors.
 */
class PolicyDropTest {

    private static final String NOTICE = "Work files only.";
    private static final Path VECTORS = Path.of("..", "protocol", "vectors", "file-types.json");

    static RtcRuntime rtc;
    static PeerhubServer hub;
    static PeerhubServer open;

    @TempDir
    static Path policyDir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        rtc = new RtcRuntime();
        Path policy = Files.writeString(policyDir.resolve("policy.yaml"), "notice: " + NOTICE + "\nblockCategories: [video]\n");
        hub = PeerhubServer.start(ServerConfig.loopback().withPolicyFile(policy));
        open = PeerhubServer.start(ServerConfig.loopback());
    }

    @AfterAll
    static void stop() {
        hub.close();
        open.close();
        rtc.close();
    }

    @Test
    void a_sender_that_skips_its_own_check_has_a_video_refused_by_name_and_stopped_by_content_with_nothing_kept()
            throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path named = fileLike("holiday.mp4", tmp.resolve("out/holiday.mp4"), 3 << 20);
        Path renamed = fileLike("holiday.mp4", tmp.resolve("out/notes.txt"), 3 << 20);
        Path pdf = fileLike("manual.pdf", tmp.resolve("out/manual.pdf"), 3 << 20);
        RoomAddress room = Stage.address(hub, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode mallory = Stage.sender(rtc, room, "Mallory")) {
            RemotePeer to = Stage.connectedPeer(mallory, "Drop");
            await().atMost(Duration.ofSeconds(10)).until(() -> !drop.node.hubPolicy().equals(HubPolicy.OPEN));
            mallory.sender().policy(PolicyInForce.NONE); // a modified client: no check of its own

            SendOutcome byName = mallory.sender().send(to, List.of(named)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(byName.status()).isEqualTo(SendOutcome.Status.REFUSED);
            assertThat(byName.reason()).isEqualTo(RefusalReason.POLICY);
            assertThat(byName.message()).isEqualTo("holiday.mp4: video files are not allowed on this hub (judged by its name)");

            SendOutcome byContent = mallory.sender().send(to, List.of(renamed)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(byContent.status()).isEqualTo(SendOutcome.Status.CANCELLED);
            assertThat(byContent.message()).contains("policy",
                    "notes.txt: video files are not allowed on this hub (judged by its content)");

            SendOutcome work = mallory.sender().send(to, List.of(pdf)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(work.status()).isEqualTo(SendOutcome.Status.VERIFIED);
            assertThat(TestFiles.sha256(inbox.resolve("manual.pdf"))).isEqualTo(TestFiles.sha256(pdf));
            assertThat(filesIn(inbox)).containsExactly("manual.pdf");
            await().atMost(Duration.ofSeconds(10)).until(() -> stagedTransfers(inbox).isEmpty());
        }
    }

    @Test
    void an_honest_java_sender_offers_nothing_of_a_batch_with_a_video_and_says_which_and_why() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path renamed = fileLike("holiday.mp4", tmp.resolve("out/notes.txt"), 200_000);
        Path pdf = fileLike("manual.pdf", tmp.resolve("out/manual.pdf"), 200_000);
        RoomAddress room = Stage.address(hub, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode alice = Stage.sender(rtc, room, "Alice")) {
            RemotePeer to = Stage.connectedPeer(alice, "Drop");
            await().atMost(Duration.ofSeconds(10)).until(() -> !alice.hubPolicy().equals(HubPolicy.OPEN));

            assertThatThrownBy(() -> alice.sender().send(to, List.of(pdf, renamed)))
                    .isInstanceOfSatisfying(PolicyRefusedException.class, e -> {
                        assertThat(e.refusals()).containsExactly(
                                "notes.txt: video files are not allowed on this hub (judged by its content)");
                        assertThat(e.notice()).isEqualTo(NOTICE);
                    });
            assertThat(drop.received).isEmpty();
            assertThat(alice.sender().send(to, List.of(pdf)).outcome().get(30, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    @Test
    void a_drops_own_policy_holds_on_top_of_a_hub_without_one_small_files_and_empty_ones_included() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path zipAsData = fileLike("photos.zip", tmp.resolve("out/atlas.dat"), 40_000); // shorter than the head
        Path iso = TestFiles.randomFile(tmp.resolve("out/disk.iso"), 1000, 5);
        Path empty = TestFiles.randomFile(tmp.resolve("out/empty.txt"), 0, 6);
        Path pdf = fileLike("manual.pdf", tmp.resolve("out/manual.pdf"), 70_000);
        RoomAddress room = Stage.address(open, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            HubPolicy own = new HubPolicy("", Set.of(FileCategory.ARCHIVE), null, Set.of("iso"), null, null, null,
                    true, true, true);
            drop.node.receiver().policy(drop.node.receiver().policy().withLocal(own));
            RemotePeer to = Stage.connectedPeer(sender, "Drop");

            SendOutcome zip = sender.sender().send(to, List.of(zipAsData)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(zip.status()).isEqualTo(SendOutcome.Status.CANCELLED);
            assertThat(zip.message()).contains("atlas.dat: archive files are not allowed on this hub (judged by its content)");
            SendOutcome byExtension = sender.sender().send(to, List.of(iso)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(byExtension.reason()).isEqualTo(RefusalReason.POLICY);
            assertThat(byExtension.message()).isEqualTo("disk.iso: .iso files are not allowed on this hub");

            SendOutcome fine = sender.sender().send(to, List.of(pdf, empty)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(fine.status()).isEqualTo(SendOutcome.Status.VERIFIED);
            assertThat(filesIn(inbox)).containsExactlyInAnyOrder("manual.pdf", "empty.txt");
            assertThat(TestFiles.sha256(inbox.resolve("manual.pdf"))).isEqualTo(TestFiles.sha256(pdf));
            await().atMost(Duration.ofSeconds(10)).until(() -> stagedTransfers(inbox).isEmpty());
        }
    }

    /** The regular files the drop published (its staging under .partial left out). */
    private static List<String> filesIn(Path inbox) throws IOException {
        try (Stream<Path> walk = Files.walk(inbox)) {
            return walk.filter(Files::isRegularFile).map(inbox::relativize)
                    .filter(p -> !p.startsWith(".partial")).map(Path::toString).toList();
        }
    }

    private static List<Path> stagedTransfers(Path inbox) throws IOException {
        Path partial = inbox.resolve(".partial");
        if (!Files.isDirectory(partial)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(partial)) {
            return list.toList();
        }
    }

    /** A file of {@code size} bytes that starts as the vectors' {@code vectorFile} does, then random bytes. */
    static Path fileLike(String vectorFile, Path target, int size) throws IOException {
        byte[] head = null;
        for (JsonNode c : new ObjectMapper().readTree(VECTORS.toFile()).path("cases")) {
            if (c.path("file").asText().equals(vectorFile)) {
                head = HexFormat.of().parseHex(c.path("hex").asText());
                break;
            }
        }
        if (head == null) {
            throw new IllegalArgumentException("no vector for " + vectorFile);
        }
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy(head, 0, bytes, 0, Math.min(head.length, size));
        Files.createDirectories(target.getParent());
        return Files.write(target, bytes);
    }
}
