package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import io.peerhub.protocol.IceServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * webrtc-java's callback-style offer/answer calls as blocking calls, for a link's worker thread.
 * The futures are completed on webrtc's thread directly, never through the worker that waits.
 */
final class RtcCalls {

    private static final long WEBRTC_CALL_TIMEOUT_S = 20;

    private RtcCalls() {}

    static RTCSessionDescription createOffer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createOffer(new RTCOfferOptions(), described(f));
        return await(f, "createOffer");
    }

    static RTCSessionDescription createAnswer(RTCPeerConnection pc) {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        pc.createAnswer(new RTCAnswerOptions(), described(f));
        return await(f, "createAnswer");
    }

    static void setLocal(RTCPeerConnection pc, RTCSessionDescription d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setLocalDescription(d, set(f));
        await(f, "setLocalDescription");
    }

    static void setRemote(RTCPeerConnection pc, RTCSessionDescription d) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setRemoteDescription(d, set(f));
        await(f, "setRemoteDescription");
    }

    /** Completed on webrtc's thread directly (not via the worker, which is waiting for it). */
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

    private static SetSessionDescriptionObserver set(CompletableFuture<Void> f) {
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

    private static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(WEBRTC_CALL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " timed out");
        }
    }

    static RTCConfiguration configuration(List<IceServer> iceServers) {
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers.addAll(iceServers(iceServers));
        return config;
    }

    static List<RTCIceServer> iceServers(List<IceServer> servers) {
        List<RTCIceServer> out = new java.util.ArrayList<>();
        for (IceServer s : servers) {
            RTCIceServer ice = new RTCIceServer();
            ice.urls = s.urls();
            ice.username = s.username();
            ice.password = s.credential();
            out.add(ice);
        }
        return out;
    }
}
