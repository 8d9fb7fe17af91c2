package io.peerhub.e2e.trust;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One page's signaling through the relay: its WebSocket to the relay ({@code down}) and the
 * relay's socket to the real server on its behalf ({@code up}). Which frames go through is the
 * relay's business; this only carries them, in order.
 */
final class RelayedPage {

    private final Session down;
    private Upstream up;
    /** The peer id the server gave the page (from its welcome); null before. */
    private volatile String peerId;

    RelayedPage(Session down) {
        this.down = down;
    }

    void attach(Upstream up) {
        this.up = up;
    }

    String peerId() {
        return peerId;
    }

    void peerId(String id) {
        peerId = id;
    }

    void toServer(String frame) {
        up.send(frame);
    }

    /** Jetty queues frames in order; the lock keeps two senders' frames from interleaving out of order. */
    synchronized void toPage(String frame) {
        if (down.isOpen()) {
            down.sendText(frame, Callback.NOOP);
        }
    }

    /** The server closed the relay's socket: the page sees the same close (a restart, a limit). */
    void serverClosed(int code, String reason) {
        // 1005, 1006 and 1015 only describe a close; they may not be sent in one.
        int sendable = code == 1005 || code == 1006 || code == 1015 ? 1011 : code;
        down.close(sendable, reason, Callback.NOOP);
    }

    /** The page closed its socket: the relay leaves as the page did. */
    void pageClosed(int code, String reason) {
        up.close(code, reason);
    }

    void abort() {
        up.abort();
    }
}
