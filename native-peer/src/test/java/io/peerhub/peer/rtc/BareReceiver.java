package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The receiving end of a benchmark's bare data channel: a webrtc-java connection that answers an
 * offer and only counts the bytes of every channel the other side opens, doing nothing else with
 * them. Shared with e2e-tests' browser benchmark through this module's test jar (it needs the
 * package's {@code RtcCalls}, and the test kit cannot depend on this module, whose tests use it).
 * Its ICE candidates go to {@code onCandidate} (trickle) or into its answer once gathering is
 * complete (non-trickle, see {@link #gatheredAnswer}).
 *
 * <p>Threading: webrtc's signaling thread counts and hands out candidates; the benchmark's thread
 * answers and waits.
 */
public final class BareReceiver implements AutoCloseable {

    private final long expected;
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Void> all = new CompletableFuture<>();
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final List<RTCDataChannel> channels = Collections.synchronizedList(new ArrayList<>());
    private final RTCPeerConnection pc;

    /** Waits for {@code expectedBytes}; candidates go to {@code onCandidate} as they come. */
    public BareReceiver(PeerConnectionFactory factory, long expectedBytes, Consumer<RTCIceCandidate> onCandidate) {
        this.expected = expectedBytes;
        this.pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                onCandidate.accept(candidate);
            }

            @Override
            public void onIceGatheringChange(RTCIceGatheringState state) {
                if (state == RTCIceGatheringState.COMPLETE) {
                    gathered.complete(null);
                }
            }

            @Override
            public void onDataChannel(RTCDataChannel channel) {
                channels.add(channel);
                channel.registerObserver(new Counter());
            }
        });
    }

    public RTCPeerConnection connection() {
        return pc;
    }

    /** Takes the offer and returns the answer, already set as the local description. */
    public RTCSessionDescription answer(RTCSessionDescription offer) {
        RtcCalls.setRemote(pc, offer);
        RTCSessionDescription answer = RtcCalls.createAnswer(pc);
        RtcCalls.setLocal(pc, answer);
        return answer;
    }

    /** {@link #answer}, then waits for every candidate: the SDP to hand to a non-trickle offerer. */
    public String gatheredAnswer(RTCSessionDescription offer) throws Exception {
        answer(offer);
        gathered.get(10, TimeUnit.SECONDS);
        return pc.getLocalDescription().sdp;
    }

    /** Waits until the expected bytes have arrived. */
    public void awaitAll(Duration patience) throws Exception {
        all.get(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Unregisters, closes and disposes the channels, then closes the connection (webrtc-java's order). */
    @Override
    public void close() {
        synchronized (channels) {
            for (RTCDataChannel channel : channels) {
                channel.unregisterObserver();
                channel.close();
                channel.dispose();
            }
        }
        pc.close();
    }

    private final class Counter implements RTCDataChannelObserver {
        @Override
        public void onBufferedAmountChange(long previousAmount) {}

        @Override
        public void onStateChange() {}

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            if (received.addAndGet(buffer.data.remaining()) >= expected) {
                all.complete(null);
            }
        }
    }
}
