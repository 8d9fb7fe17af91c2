package io.peerhub.testkit.bench;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * webrtc-java's offer/answer callbacks as blocking calls, for the bare channels of benchmarks.
 * (native-peer's own {@code RtcCalls} are package-private there, and the kit cannot depend on the
 * peer, whose tests use the kit.) Never call these on webrtc's signaling thread: they wait for it.
 */
public final class Sdp {

    private static final long TIMEOUT_S = 10;

    private Sdp() {}

    public static RTCSessionDescription offer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), described(f));
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    public static RTCSessionDescription answer(RTCPeerConnection pc) throws Exception {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), described(f));
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    public static void setLocal(RTCPeerConnection pc, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setLocalDescription(d, done(f));
        f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    public static void setRemote(RTCPeerConnection pc, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setRemoteDescription(d, done(f));
        f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static CreateSessionDescriptionObserver described(CompletableFuture<RTCSessionDescription> f) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                f.complete(d);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    private static SetSessionDescriptionObserver done(CompletableFuture<Void> f) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }
}
