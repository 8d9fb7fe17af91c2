package io.peerhub.peer.drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.send.OutgoingTransfer;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.peer.RefusalReason;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Java peers through a real signaling server and real webrtc-java: a sender and a drop. */
class DropTransferTest {

    static RtcRuntime rtc;
    static PeerhubServer server;

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
    void a_hundred_mebibytes_sent_to_the_drop_arrive_verified() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path file = TestFiles.randomFile(tmp.resolve("out/big.bin"), 100L << 20, 1);
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            RemotePeer to = Stage.connectedPeer(sender, "Drop");

            SendOutcome outcome = sender.sender().send(to, List.of(file)).outcome().get(120, TimeUnit.SECONDS);

            assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
            Path landed = inbox.resolve("big.bin");
            assertThat(TestFiles.sha256(landed)).isEqualTo(TestFiles.sha256(file));
            assertThat(drop.received).singleElement().satisfies(r -> {
                assertThat(r.sender()).isEqualTo("Sender");
                assertThat(r.size()).isEqualTo(100L << 20);
            });
            assertThat(Files.list(inbox.resolve(".partial")).filter(Files::isDirectory).toList()).isEmpty();
        }
    }

    @Test
    void a_folder_arrives_with_its_structure_inside_the_drop_folder() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path photos = Files.createDirectories(tmp.resolve("out/photos/2026/march"));
        TestFiles.randomFile(photos.resolve("a.jpg"), 300_000, 21);
        TestFiles.randomFile(photos.getParent().resolve("b.jpg"), 0, 22);
        TestFiles.randomFile(tmp.resolve("out/photos/notes.txt"), 1234, 23);
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            SendOutcome outcome = sender.sender().send(Stage.connectedPeer(sender, "Drop"),
                    List.of(tmp.resolve("out/photos"))).outcome().get(30, TimeUnit.SECONDS);

            assertThat(outcome.ok()).isTrue();
            assertThat(outcome.files()).containsExactly("photos/2026/b.jpg", "photos/2026/march/a.jpg", "photos/notes.txt");
            for (String f : outcome.files()) {
                assertThat(TestFiles.sha256(inbox.resolve(f))).isEqualTo(TestFiles.sha256(tmp.resolve("out").resolve(f)));
            }
        }
    }

    @Test
    void size_and_quota_refusals_reach_the_sender_with_their_reason() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path big = TestFiles.randomFile(out.resolve("big.bin"), 3 << 20, 2);
        Path small = TestFiles.randomFile(out.resolve("small.bin"), 1 << 20, 3);
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop limited = new Stage.Drop(rtc, room, inbox, "Limited", 2L << 20, 1536L << 10);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            RemotePeer to = Stage.connectedPeer(sender, "Limited");

            SendOutcome tooLarge = sender.sender().send(to, List.of(big)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(tooLarge.status()).isEqualTo(SendOutcome.Status.REFUSED);
            assertThat(tooLarge.reason()).isEqualTo(RefusalReason.TOO_LARGE);
            assertThat(tooLarge.message()).contains("2.0 MiB");

            SendOutcome first = sender.sender().send(to, List.of(small)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(first.ok()).isTrue();
            SendOutcome overQuota = sender.sender().send(to, List.of(small)).outcome().get(30, TimeUnit.SECONDS);
            assertThat(overQuota.status()).isEqualTo(SendOutcome.Status.REFUSED);
            assertThat(overQuota.reason()).isEqualTo(RefusalReason.QUOTA);
            assertThat(overQuota.message()).contains("quota");
            assertThat(limited.received).hasSize(1);
        }
    }

    @Test
    void peer_connections_keep_working_while_signaling_is_down_and_the_drop_rejoins_after_a_restart()
            throws Exception {
        PeerhubServer own = PeerhubServer.start(ServerConfig.loopback());
        int port = own.port();
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path out = Files.createDirectory(tmp.resolve("out"));
        RoomAddress room = Stage.address(own, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED)) {
            try (PeerNode sender = Stage.sender(rtc, room, "Before")) {
                RemotePeer to = Stage.connectedPeer(sender, "Drop");

                own.close(); // the server is gone; the peer-to-peer connection is not
                assertThat(sender.sender().send(to, List.of(TestFiles.randomFile(out.resolve("a.bin"), 100_000, 4)))
                        .outcome().get(30, TimeUnit.SECONDS).ok()).isTrue();

                own = PeerhubServer.start(ServerConfig.loopback().withPort(port)); // a new server on the same port, knowing nobody
            }
            try (PeerNode sender = Stage.sender(rtc, room, "After")) {
                RemotePeer to = Stage.connectedPeer(sender, "Drop");
                assertThat(sender.sender().send(to, List.of(TestFiles.randomFile(out.resolve("b.bin"), 100_000, 5)))
                        .outcome().get(30, TimeUnit.SECONDS).ok()).isTrue();
            }
            assertThat(inbox.resolve("a.bin")).exists();
            assertThat(inbox.resolve("b.bin")).exists();
        } finally {
            own.close();
        }
    }

    @Test
    void a_disk_that_fills_up_while_writing_aborts_the_transfer_cleanly_and_deletes_the_staged_bytes()
            throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path file = TestFiles.randomFile(tmp.resolve("out/fills.bin"), 40L << 20, 8);
        java.util.concurrent.atomic.AtomicLong free = new java.util.concurrent.atomic.AtomicLong(1L << 40);
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop",
                d -> new Quota(d, Quota.UNLIMITED, Quota.UNLIMITED, free::get), p -> true);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            OutgoingTransfer transfer = sender.sender().send(Stage.connectedPeer(sender, "Drop"), List.of(file));
            await().atMost(Duration.ofSeconds(30)).until(() -> transfer.ackedBytes() > 0);

            free.set(0); // the disk is full from now on

            SendOutcome outcome = transfer.outcome().get(30, TimeUnit.SECONDS);
            assertThat(outcome.status()).isEqualTo(SendOutcome.Status.CANCELLED);
            assertThat(outcome.message()).contains("failed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (var left = Files.list(inbox.resolve(".partial"))) {
                    assertThat(left.filter(Files::isDirectory).toList()).isEmpty();
                }
            });
            assertThat(inbox.resolve("fills.bin")).doesNotExist();
            assertThat(drop.received).isEmpty();
        }
    }

    @Test
    void a_drop_that_accepts_only_certain_peers_declines_others_with_not_allowed() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path file = TestFiles.randomFile(tmp.resolve("out/x.bin"), 1000, 7);
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED,
                p -> p.name().equals("Alice"));
             PeerNode mallory = Stage.sender(rtc, room, "Mallory");
             PeerNode alice = Stage.sender(rtc, room, "Alice")) {
            SendOutcome refused = mallory.sender().send(Stage.connectedPeer(mallory, "Drop"), List.of(file))
                    .outcome().get(30, TimeUnit.SECONDS);
            assertThat(refused.reason()).isEqualTo(RefusalReason.NOT_ALLOWED);
            assertThat(alice.sender().send(Stage.connectedPeer(alice, "Drop"), List.of(file))
                    .outcome().get(30, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(drop.received).singleElement().satisfies(r -> assertThat(r.sender()).isEqualTo("Alice"));
        }
    }

    @Test
    void a_transfer_interrupted_by_a_drop_restart_resumes_and_verifies() throws Exception {
        Path inbox = Files.createDirectory(tmp.resolve("inbox"));
        Path file = TestFiles.randomFile(tmp.resolve("out/resume.bin"), 60L << 20, 6);
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            OutgoingTransfer transfer;
            try (Stage.Drop first = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED)) {
                RemotePeer to = Stage.connectedPeer(sender, "Drop");
                transfer = sender.sender().send(to, List.of(file));
                await().atMost(Duration.ofSeconds(60)).until(() -> transfer.ackedBytes() > (10L << 20));
            }
            assertThat(transfer.outcome()).isNotDone();

            try (Stage.Drop second = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED)) {
                SendOutcome outcome = transfer.outcome().get(120, TimeUnit.SECONDS);
                assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
                assertThat(TestFiles.sha256(inbox.resolve("resume.bin"))).isEqualTo(TestFiles.sha256(file));
                assertThat(second.received).hasSize(1);
            }
        }
    }
}
