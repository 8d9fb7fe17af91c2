package io.peerhub.peer.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import io.peerhub.peer.PeerNode;
import io.peerhub.peer.Stage;
import io.peerhub.peer.drop.Quota;
import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.signaling.RoomAddress;
import io.peerhub.peer.transfer.send.SendOutcome;
import io.peerhub.protocol.peer.Transfers;
import io.peerhub.server.PeerhubServer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    static final long BYTES = Long.getLong("bench.mib", 200) << 20;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @TempDir
    Path tmp;

    @Test
    void peerhub_transfer_against_a_bare_data_channel() throws Exception {
        List<Double> bare = new ArrayList<>();
        List<Double> peerhub = new ArrayList<>();
        Path file = Stage.randomFile(tmp, "bench.bin", BYTES, 9);
        try (RtcRuntime rtc = new RtcRuntime()) {
            PeerhubServer server = Stage.startServer(0);
            try {
                bareRound(rtc); // warm-ups: JIT, page cache
                peerhubRound(rtc, server, file, 99);
                for (int i = 0; i < ROUNDS; i++) {
                    bare.add(bareRound(rtc));
                    peerhub.add(peerhubRound(rtc, server, file, i));
                }
            } finally {
                server.close();
            }
        }
        double b = median(bare);
        double p = median(peerhub);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            ratios.add(peerhub.get(i) / bare.get(i));
        }
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = String.format(Locale.ROOT,
                "Java->Java, %d MiB, %d rounds: bare data channel median %.1f MiB/s %s; "
                        + "Peerhub transfer median %.1f MiB/s %s; ratio of medians %.2f; "
                        + "median of per-round ratios %.2f %s; loadavg after: %s",
                BYTES >> 20, ROUNDS, b, fmt(bare), p, fmt(peerhub), p / b, median(ratios), fmt(ratios), load);
        System.out.println("BENCHMARK " + report);
        Files.createDirectories(Path.of("target", "benchmarks"));
        Files.writeString(Path.of("target", "benchmarks", "java-throughput.md"), report + "\n");
    }

    private double peerhubRound(RtcRuntime rtc, PeerhubServer server, Path file, int round) throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("inbox" + round));
        RoomAddress room = Stage.address(server, Stage.newRoom());
        try (Stage.Drop drop = new Stage.Drop(rtc, room, inbox, "Drop", Quota.UNLIMITED, Quota.UNLIMITED);
             PeerNode sender = Stage.sender(rtc, room, "Sender")) {
            RemotePeer to = Stage.connectedPeer(sender, "Drop");
            long t0 = System.nanoTime();
            SendOutcome o = sender.sender().send(to, List.of(file)).outcome().get(10, TimeUnit.MINUTES);
            double s = (System.nanoTime() - t0) / 1e9;
            assertThat(o.ok()).isTrue();
            Files.delete(inbox.resolve(file.getFileName()));
            return (BYTES >> 20) / s;
        }
    }

    /** Two connections on one factory, signalled in-process; one channel; BYTES in 256 KiB messages. */
    private double bareRound(RtcRuntime rtc) throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        AtomicLong received = new AtomicLong();
        CompletableFuture<Void> all = new CompletableFuture<>();
        RTCPeerConnection[] pcs = new RTCPeerConnection[2];
        List<RTCDataChannel> remote = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 2; i++) {
            int other = 1 - i;
            pcs[i] = rtc.factory().createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
                @Override
                public void onIceCandidate(RTCIceCandidate c) {
                    worker.execute(() -> pcs[other].addIceCandidate(c));
                }

                @Override
                public void onDataChannel(RTCDataChannel ch) {
                    remote.add(ch);
                    ch.registerObserver(new RTCDataChannelObserver() {
                        @Override
                        public void onBufferedAmountChange(long l) {}

                        @Override
                        public void onStateChange() {}

                        @Override
                        public void onMessage(RTCDataChannelBuffer b) {
                            if (received.addAndGet(b.data.remaining()) >= BYTES) {
                                all.complete(null);
                            }
                        }
                    });
                }
            });
        }
        RTCDataChannelInit init = new RTCDataChannelInit();
        init.ordered = true;
        RTCDataChannel ch = pcs[0].createDataChannel("bench", init);
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
            RTCSessionDescription offer = create(pcs[0], true);
            set(pcs[0], offer, true);
            set(pcs[1], offer, false);
            RTCSessionDescription answer = create(pcs[1], false);
            set(pcs[1], answer, true);
            set(pcs[0], answer, false);
            return null;
        }).get(20, TimeUnit.SECONDS);
        open.get(20, TimeUnit.SECONDS);
        ByteBuffer msg = ByteBuffer.allocateDirect(Transfers.MAX_FRAME_BYTES);
        long t0 = System.nanoTime();
        for (long sent = 0; sent < BYTES; sent += msg.capacity()) {
            while (ch.getBufferedAmount() + msg.capacity() > Transfers.HIGH_WATERMARK) {
                Thread.sleep(20);
            }
            msg.clear();
            ch.send(new RTCDataChannelBuffer(msg, true));
        }
        all.get(5, TimeUnit.MINUTES);
        double s = (System.nanoTime() - t0) / 1e9;
        ch.unregisterObserver();
        ch.close();
        ch.dispose();
        for (RTCDataChannel r : remote) {
            r.unregisterObserver();
            r.close();
            r.dispose();
        }
        pcs[0].close();
        pcs[1].close();
        worker.shutdown();
        return (BYTES >> 20) / s;
    }

    private static RTCSessionDescription create(RTCPeerConnection pc, boolean offer) throws Exception {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        CreateSessionDescriptionObserver o = new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                f.complete(d);
            }

            @Override
            public void onFailure(String e) {
                f.completeExceptionally(new IllegalStateException(e));
            }
        };
        if (offer) {
            pc.createOffer(new RTCOfferOptions(), o);
        } else {
            pc.createAnswer(new RTCAnswerOptions(), o);
        }
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void set(RTCPeerConnection pc, RTCSessionDescription d, boolean local) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        SetSessionDescriptionObserver o = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String e) {
                f.completeExceptionally(new IllegalStateException(e));
            }
        };
        if (local) {
            pc.setLocalDescription(d, o);
        } else {
            pc.setRemoteDescription(d, o);
        }
        f.get(10, TimeUnit.SECONDS);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format(Locale.ROOT, x < 10 ? "%.2f" : "%.1f", x)).toList().toString();
    }
}
