package io.peerhub.peer;

import io.peerhub.peer.mesh.DeviceIdentity;
import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.PeerhubServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Java peers on one webrtc factory, in a room of a real signaling server, for the stories of this
 * module's packages. The server is {@code PeerhubServer.start(ServerConfig.loopback())}; test files
 * come from the test kit's {@code TestFiles}.
 */
public final class Stage {

    /** A new room as {@code ID#KEY}, what {@code --room} takes with {@code --server}. */
    public static String newRoom() {
        RoomKey key = RoomKey.generate();
        return key.roomId() + "#" + key.encoded();
    }

    public static RoomAddress address(PeerhubServer server, String room) {
        return RoomAddress.parse(server.baseUrl(), room);
    }

    /** A drop as the {@code drop} command makes it, recording what it received. */
    public static final class Drop implements AutoCloseable {
        public final PeerNode node;
        public final List<FileReceiver.ReceivedFile> received = new CopyOnWriteArrayList<>();

        public Drop(RtcRuntime rtc, RoomAddress address, Path dir, String name, long maxFileSize, long quota)
                throws IOException {
            this(rtc, address, dir, name, maxFileSize, quota, p -> true);
        }

        public Drop(RtcRuntime rtc, RoomAddress address, Path dir, String name, long maxFileSize, long quota,
             java.util.function.Predicate<RemotePeer> acceptFrom) throws IOException {
            this(rtc, address, dir, name, d -> new Quota(d, maxFileSize, quota), acceptFrom);
        }

        public Drop(RtcRuntime rtc, RoomAddress address, Path dir, String name,
             java.util.function.Function<Path, Quota> quota,
             java.util.function.Predicate<RemotePeer> acceptFrom) throws IOException {
            InboxWriter inbox = new InboxWriter(dir);
            FileReceiver receiver = new FileReceiver(inbox, quota.apply(inbox.dir()), acceptFrom,
                    new FileReceiver.Events() {
                        @Override
                        public void received(FileReceiver.ReceivedFile file) {
                            received.add(file);
                        }
                    });
            // Next to its folder, as a drop's --identity would be: a restarted drop is the same device.
            DeviceIdentity device = DeviceIdentity.load(inbox.dir().resolveSibling(inbox.dir().getFileName() + ".identity"));
            node = new PeerNode(rtc, false, address, name, ClientKind.DROP, device, (p, c) -> { },
                    Duration.ofMinutes(1)).receiveWith(receiver).start();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    public static PeerNode sender(RtcRuntime rtc, RoomAddress address, String name) {
        return new PeerNode(rtc, false, address, name, ClientKind.NATIVE, DeviceIdentity.generate(), (p, c) -> { },
                Duration.ofMinutes(1)).start();
    }

    public static RemotePeer connectedPeer(PeerNode node, String name) throws InterruptedException {
        return node.awaitPeer(name, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no connected peer called " + name));
    }

    private Stage() {}
}
