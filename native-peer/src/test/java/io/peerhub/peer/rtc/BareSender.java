package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import io.peerhub.protocol.peer.Transfers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The sending end of a benchmark's bare data channel, for a page that offers and counts: a
 * webrtc-java connection that answers (non-trickle) and sends bytes on the channel the page
 * opened, with the Java sender's own flow control (FileStreamer: 256 KiB messages, under the
 * high watermark, polled every 20 ms) and nothing else. Beside {@link BareReceiver} in this
 * module's test jar, for e2e-tests' Java→page benchmark.
 *
 * <p>Threading: webrtc's signaling thread hands over the channel; the benchmark's thread answers
 * and sends.
 */
public final class BareSender implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final CompletableFuture<RTCDataChannel> open = new CompletableFuture<>();
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final List<RTCDataChannel> channels = Collections.synchronizedList(new ArrayList<>());
    private final RTCPeerConnection pc;

    public BareSender(PeerConnectionFactory factory) {
        this.pc = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // non-trickle: the candidates go in the answer (gatheredAnswer)
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
                channel.registerObserver(new RTCDataChannelObserver() {
                    @Override
                    public void onBufferedAmountChange(long previousAmount) {}

                    @Override
                    public void onStateChange() {
                        if (channel.getState() == RTCDataChannelState.OPEN) {
                            open.complete(channel);
                        }
                    }

                    @Override
                    public void onMessage(RTCDataChannelBuffer buffer) {}
                });
                // It may have opened before the observer was there.
                if (channel.getState() == RTCDataChannelState.OPEN) {
                    open.complete(channel);
                }
            }
        });
    }

    /** Takes the page's offer, answers, and returns the answer with every candidate in it. */
    public String gatheredAnswer(RTCSessionDescription offer) throws Exception {
        RtcCalls.setRemote(pc, offer);
        RTCSessionDescription answer = RtcCalls.createAnswer(pc);
        RtcCalls.setLocal(pc, answer);
        gathered.get(10, TimeUnit.SECONDS);
        return pc.getLocalDescription().sdp;
    }

    /** Sends {@code bytes} on the page's channel once it is open; returns when the last message is queued. */
    public void send(long bytes, Duration patience) throws Exception {
        RTCDataChannel channel = open.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + patience.toNanos();
        ByteBuffer message = ByteBuffer.allocateDirect(Transfers.MAX_FRAME_BYTES);
        for (long sent = 0; sent < bytes; sent += message.capacity()) {
            while (channel.getBufferedAmount() + message.capacity() > Transfers.HIGH_WATERMARK) {
                if (channel.getState() != RTCDataChannelState.OPEN || System.nanoTime() > deadline) {
                    throw new IOException("the bare channel closed or stalled after " + sent + " bytes");
                }
                Thread.sleep(POLL_MILLIS);
            }
            message.clear();
            channel.send(new RTCDataChannelBuffer(message, true));
        }
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
}
