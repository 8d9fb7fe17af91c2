package io.peerhub.peer.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.peer.Transfers;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import io.peerhub.testkit.bench.BareComparison;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java→Java throughput of a whole Peerhub transfer (offer, 256 KiB chunk frames, SHA-256 on both
 * sides, writes + fsync + verification on the drop) against a bare webrtc-java data channel
 * (same factory, same 256 KiB messages, same 4 MiB watermark polled every 20 ms, nothing done
 * with the bytes), alternating in the same run. A measurement, not a test:
 * {@code mvn -pl native-peer -Pbench test -Dtest=ThroughputBenchmark}.
 */
class ThroughputBenchmark {

    static final long BYTES = BareComparison.BYTES;

    @TempDir
    Path tmp;

    @Test
    void peerhub_transfer_against_a_bare_data_channel() throws Exception {
        Path file = TestFiles.randomFile(tmp.resolve("bench.bin"), BYTES, 9);
        try (RtcRuntime rtc = new RtcRuntime(); PeerhubServer server = PeerhubServer.start(ServerConfig.loopback())) {
            bareRound(rtc); // warm-ups: JIT, page cache
            peerhubRound(rtc, server, file, 99);
            BareComparison.run(i -> bareRound(rtc), i -> peerhubRound(rtc, server, file, i))
                    .report("Java->Java", "bare data channel", "Peerhub transfer", "java-throughput.md");
        }
    }

    private double peerhubRound(RtcRuntime rtc, PeerhubServer server, Path file, int round) throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox" + round));
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            RemotePeer to = Stage.connectedPeer(sender, "Drop");
            long t0 = System.nanoTime();
            SendOutcome o = sender.sender().send(to, List.of(file)).outcome().get(10, TimeUnit.MINUTES);
            long elapsed = System.nanoTime() - t0;
            assertThat(o.ok()).isTrue();
            Files.delete(inbox.resolve(file.getFileName()));
            return BareComparison.mibPerSecond(BYTES, elapsed);
        }
    }

    /** Two connections on one factory, signalled in-process (trickle); one channel; BYTES in 256 KiB messages. */
    private double bareRound(RtcRuntime rtc) throws Exception {
        // Candidates are added on a worker of our own: addIceCandidate from webrtc's callback thread deadlocks.
        ExecutorService worker = Executors.newSingleThreadExecutor();
        RTCPeerConnection[] sender = new RTCPeerConnection[1];
        try (BareReceiver receiver = new BareReceiver(rtc.factory(), BYTES,
                c -> worker.execute(() -> sender[0].addIceCandidate(c)))) {
            sender[0] = rtc.factory().createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate c) {
                    worker.execute(() -> receiver.connection().addIceCandidate(c));
                }
            });
            RTCDataChannelInit init = new RTCDataChannelInit();
            init.ordered = true;
            RTCDataChannel ch = sender[0].createDataChannel("bench", init);
            CompletableFuture<Void> open = new CompletableFuture<>();
            ch.registerObserver(new RTCDataChannelObserver() {
                @Override
                public void onBufferedAmountChange(long l) {}

                @Override
                public void onStateChange() {
                    if (ch.getState() == RTCDataChannelState.OPEN) {
                        open.complete(null);
                    }
                }

                @Override
                public void onMessage(RTCDataChannelBuffer b) {}
            });
            worker.submit(() -> {
                RTCSessionDescription offer = RtcCalls.createOffer(sender[0]);
                RtcCalls.setLocal(sender[0], offer);
                RtcCalls.setRemote(sender[0], receiver.answer(offer));
                return null;
            }).get(20, TimeUnit.SECONDS);
            open.get(20, TimeUnit.SECONDS);
            ByteBuffer msg = ByteBuffer.allocateDirect(Transfers.MAX_FRAME_BYTES);
            long t0 = System.nanoTime();
            for (long sent = 0; sent < BYTES; sent += msg.capacity()) {
                while (ch.getBufferedAmount() + msg.capacity() > Transfers.HIGH_WATERMARK) {
                    Thread.sleep(20); // onBufferedAmountChange never fires in webrtc-java: poll
                }
                msg.clear();
                ch.send(new RTCDataChannelBuffer(msg, true));
            }
            receiver.awaitAll(Duration.ofMinutes(5));
            long elapsed = System.nanoTime() - t0;
            ch.unregisterObserver();
            ch.close();
            ch.dispose();
            return BareComparison.mibPerSecond(BYTES, elapsed);
        } finally {
            if (sender[0] != null) {
                sender[0].close();
            }
            worker.shutdown();
        }
    }
}
