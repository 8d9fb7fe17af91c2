package io.peerhub.peer.rtc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerhub.peer.Stage;
import io.peerhub.peer.chat.Chat;
import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.mesh.Link;
import io.peerhub.peer.mesh.Mesh;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.signaling.SignalingClient;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.peer.transfer.send.FileSender;
import io.peerhub.peer.transfer.send.OutgoingTransfer;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.ClientKind;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repair with real webrtc-java and a real signaling server (docs/protocol.md "Repairing a
 * connection"): the peer connection under a running transfer is killed on one side (its native
 * connection closed under the link, as a failed network stack would) while both peers stay in the
 * room. The two sides agree on a new connection through its generation, verify each other again
 * on it, and the transfer carries on from what the drop held and arrives verified.
 */
class ConnectionRepairTest {

    static RtcRuntime rtc;
    static PeerhubServer server;

    @TempDir
    Path tmp;

    final List<AutoCloseable> open = new ArrayList<>();

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

    @AfterEach
    void closeAll() throws Exception {
        // Signaling and meshes first, then the receiver and sender: links close before what they fed.
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** One Java peer, put together as PeerNode does, whose links the test can reach. */
    final class Node {
        final List<PeerLink> links = new CopyOnWriteArrayList<>();
        final Mesh mesh;
        final SignalingClient signaling;
        final List<String> heard = new CopyOnWriteArrayList<>();
        final Chat chat;

        Node(RoomAddress room, String name, ClientKind kind, DeviceIdentity device) {
            Link.Factory watched = new Link.Factory() {
                @Override
                public Link open(String self, String peer, List<io.peerhub.protocol.IceServer> ice, Link.Sink sink) {
                    return watch(rtc.open(self, peer, ice, sink));
                }

                @Override
                public Link openOffering(String self, String peer, List<io.peerhub.protocol.IceServer> ice, Link.Sink sink) {
                    return watch(rtc.openOffering(self, peer, ice, sink));
                }

                private Link watch(Link link) {
                    links.add((PeerLink) link);
                    return link;
                }
            };
            mesh = new Mesh(watched, name, device, room.key());
            chat = new Chat(mesh, (p, m) -> heard.add(m.text()));
            signaling = new SignalingClient(room, name, kind, mesh);
            mesh.signalVia(signaling::signal);
            open.add(() -> {
                signaling.close();
                mesh.close();
            });
        }

        Node start() {
            signaling.start();
            return this;
        }

        RemotePeer verified(String name) {
            await().atMost(Duration.ofSeconds(30)).until(() -> mesh.peers().stream()
                    .anyMatch(p -> p.name().equals(name) && p.connected() && p.verified()));
            return mesh.peers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /** On the side that leads the repair (impolite) and on the one that follows: both must bring it back. */
    @ParameterizedTest(name = "killed on the side that {0}")
    @ValueSource(strings = {"leads", "follows"})
    void a_connection_killed_under_a_transfer_is_rebuilt_while_both_stay_and_the_transfer_completes_verified(String side)
            throws Exception {
        RoomAddress room = Stage.address(server, Stage.newRoom());
        Path inboxDir = Files.createDirectory(tmp.resolve("inbox"));
        Path file = TestFiles.randomFile(tmp.resolve("out/big.bin"), 48L << 20, 7);
        InboxWriter inbox = new InboxWriter(inboxDir);
        List<FileReceiver.ReceivedFile> received = new CopyOnWriteArrayList<>();
        FileReceiver receiver = new FileReceiver(inbox, new Quota(inbox.dir(), Quota.UNLIMITED, Quota.UNLIMITED), p -> true,
                new FileReceiver.Events() {
                    @Override
                    public void received(FileReceiver.ReceivedFile f) {
                        received.add(f);
                    }
                });
        open.add(receiver);
        Node drop = new Node(room, "Drop", ClientKind.DROP, DeviceIdentity.generate());
        receiver.attach(drop.mesh);
        Node sender = new Node(room, "Sender", ClientKind.NATIVE, DeviceIdentity.generate());
        FileSender files = new FileSender(sender.mesh, Duration.ofMinutes(1));
        open.add(files);
        drop.start();
        sender.start();
        RemotePeer to = sender.verified("Drop");
        sender.verified("Drop");
        drop.verified("Sender");
        String dropId = to.id();

        OutgoingTransfer transfer = files.send(to, List.of(file));
        Path part = inboxDir.resolve(".partial").resolve(transfer.id()).resolve("0.part");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(part) && Files.size(part) >= 8L << 20);
        long heldAtKill = Files.size(part);
        boolean senderLeads = !Mesh.isPolite(sender.mesh.selfId(), dropId);
        Node killed = senderLeads == side.equals("leads") ? sender : drop;
        killed.links.get(0).connection().close();

        SendOutcome outcome = transfer.outcome().get(90, TimeUnit.SECONDS);

        assertThat(outcome.status()).isEqualTo(SendOutcome.Status.VERIFIED);
        assertThat(TestFiles.sha256(inboxDir.resolve("big.bin"))).isEqualTo(TestFiles.sha256(file));
        assertThat(received).singleElement().satisfies(r -> assertThat(r.size()).isEqualTo(48L << 20));
        // Rebuilt, not rejoined: the same peer ids, one more connection on each side, both verified again.
        assertThat(sender.links).hasSizeGreaterThanOrEqualTo(2);
        assertThat(drop.links).hasSizeGreaterThanOrEqualTo(2);
        RemotePeer again = sender.verified("Drop");
        assertThat(again.id()).isEqualTo(dropId);
        assertThat(again).isNotSameAs(to);
        assertThat(heldAtKill).isGreaterThan(0);
        assertThat(sender.chat.say("still here")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> drop.heard.contains("still here"));
    }
}
