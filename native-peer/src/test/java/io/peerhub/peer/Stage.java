package io.peerhub.peer;

import io.peerhub.peer.drop.InboxWriter;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.DeviceId;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.rtc.RtcRuntime;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.receive.FileReceiver;
import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.peer.TransferIds;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real signaling server and Java peers on one webrtc factory, for the stories of this module's packages. */
public final class Stage {

    public static PeerhubServer startServer(int port) {
        return PeerhubServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(port));
    }

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
            String device = DeviceId.stored(inbox.dir().resolve(".partial").resolve("device-id"));
            node = new PeerNode(rtc, false, address, name, ClientKind.DROP, device, (p, c) -> { },
                    Duration.ofMinutes(1)).receiveWith(receiver).start();
        }

        @Override
        public void close() {
            node.close();
        }
    }

    public static PeerNode sender(RtcRuntime rtc, RoomAddress address, String name) {
        return new PeerNode(rtc, false, address, name, ClientKind.NATIVE, TransferIds.newId(), (p, c) -> { },
                Duration.ofMinutes(1)).start();
    }

    public static RemotePeer connectedPeer(PeerNode node, String name) throws InterruptedException {
        return node.awaitPeer(name, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no connected peer called " + name));
    }

    public static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Path p = dir.resolve(name);
        Random random = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                random.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return p;
    }

    public static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private Stage() {}
}
