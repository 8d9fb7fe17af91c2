package io.peerhub.peer.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import io.peerhub.peer.mesh.DataChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webrtc-java data channel, made safe to use from our threads. webrtc calls the observer on
 * its own signaling thread, and the message buffer is only valid during the call: the bytes are
 * copied there and handed to the {@link DataChannel.Handler}, which must not block on webrtc (it
 * may block briefly on its own queue, which is how a slow disk slows the sender down).
 */
final class ChannelPort implements DataChannel {

    private static final Logger log = LoggerFactory.getLogger(ChannelPort.class);

    /**
     * Set while webrtc's thread runs this channel's observer. A handler may end its transfer
     * there (a {@code transfer-done} ends the sender's transfer, which disposes the channel), and
     * disposing a channel from inside its own observer frees the native observer under the
     * running callback: the JVM aborted (exit 134) once in a full test run. Such a dispose only
     * marks the port and leaves the native release to {@link #RELEASER}.
     */
    private static final ThreadLocal<Boolean> IN_CALLBACK = ThreadLocal.withInitial(() -> false);

    private static final java.util.concurrent.ExecutorService RELEASER =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "peerhub-channel-release");
                t.setDaemon(true);
                return t;
            });

    private final RTCDataChannel channel;
    private final String label;
    private volatile Handler handler;
    /**
     * Kept from the observer: every getState() from another thread is a blocking round trip to
     * webrtc's signaling thread, which cost throughput when asked once per chunk.
     */
    private volatile RTCDataChannelState state;
    private boolean disposed;
    private volatile boolean disposedFlag;
    /** Guards the native release, which runs once, on whichever thread gets there first. */
    private final Object releaseLock = new Object();
    private boolean released;
    private final List<Early> early = new ArrayList<>();
    private boolean stateFromObserver;

    private record Early(byte[] bytes, boolean binary) {}

    private static void deliver(Handler h, byte[] bytes, boolean binary) {
        if (binary) {
            h.binary(bytes);
        } else {
            h.text(bytes);
        }
    }

    ChannelPort(RTCDataChannel channel) {
        this.channel = channel;
        this.label = channel.getLabel();
        channel.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                // never called by webrtc-java 0.14 (ENGINEERING.md): senders poll instead
            }

            @Override
            public void onStateChange() {
                IN_CALLBACK.set(true);
                try {
                    stateChanged();
                } finally {
                    IN_CALLBACK.set(false);
                }
            }

            private void stateChanged() {
                RTCDataChannelState now = channel.getState();
                synchronized (early) {
                    stateFromObserver = true;
                    state = now;
                }
                Handler h = handler;
                if (h == null) {
                    return;
                }
                RTCDataChannelState state = now;
                if (state == RTCDataChannelState.OPEN) {
                    h.open();
                } else if (state == RTCDataChannelState.CLOSED) {
                    h.closed();
                }
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                IN_CALLBACK.set(true);
                try {
                    message(buffer);
                } finally {
                    IN_CALLBACK.set(false);
                }
            }

            private void message(RTCDataChannelBuffer buffer) {
                ByteBuffer data = buffer.data;
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                Handler h;
                synchronized (early) {
                    h = handler;
                    if (h == null) {
                        // An incoming channel may deliver before its owner attached a handler.
                        if (!disposedFlag) {
                            early.add(new Early(copy, buffer.binary));
                        }
                        return;
                    }
                }
                deliver(h, copy, buffer.binary);
            }
        });
        RTCDataChannelState initial = channel.getState(); // after registering: no change slips between
        synchronized (early) {
            if (!stateFromObserver) {
                state = initial;
            }
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void handler(Handler handler) {
        // Early messages are delivered outside the lock: a handler may block (a full write queue),
        // and webrtc's thread must never wait on this lock meanwhile. Messages arriving during a
        // delivery join the list and go out in the next round, so the order holds.
        while (true) {
            List<Early> batch;
            synchronized (early) {
                if (early.isEmpty()) {
                    this.handler = handler;
                    break;
                }
                batch = new ArrayList<>(early);
                early.clear();
            }
            batch.forEach(e -> deliver(handler, e.bytes, e.binary));
        }
        // A channel may already be open when the handler is attached (an incoming one usually is),
        // or already closed (the far side refused it at once): the observer told nobody either way.
        if (handler != null && isOpen()) {
            handler.open();
        } else if (handler != null && !disposedFlag && state == RTCDataChannelState.CLOSED) {
            handler.closed();
        }
    }

    @Override
    public boolean isOpen() {
        return !disposedFlag && state == RTCDataChannelState.OPEN;
    }

    @Override
    public synchronized long bufferedAmount() {
        return disposed ? 0 : channel.getBufferedAmount();
    }

    @Override
    public boolean sendText(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // webrtc-java sends a heap buffer's whole backing array: wrap an array of exactly the bytes.
        return send(new RTCDataChannelBuffer(ByteBuffer.wrap(utf8), false));
    }

    /**
     * Sends the buffer from position to limit. webrtc-java sends a direct buffer's whole capacity
     * and a heap buffer's whole array, whatever the position and limit say: a full direct buffer
     * goes as it is (no copy), anything else is copied into an array of exactly its bytes.
     */
    @Override
    public boolean sendBinary(ByteBuffer frame) {
        if (frame.isDirect() && frame.position() == 0 && frame.limit() == frame.capacity()) {
            return send(new RTCDataChannelBuffer(frame, true));
        }
        byte[] exact = new byte[frame.remaining()];
        frame.duplicate().get(exact);
        return send(new RTCDataChannelBuffer(ByteBuffer.wrap(exact), true));
    }

    private synchronized boolean send(RTCDataChannelBuffer buffer) {
        if (disposed || state != RTCDataChannelState.OPEN) {
            log.debug("not sent on {}: channel is {}", label, disposed ? "disposed" : state);
            return false;
        }
        try {
            channel.send(buffer);
            return true;
        } catch (Exception e) {
            log.warn("send on {} failed: {}", label, e.toString());
            return false;
        }
    }

    /**
     * Unregisters, closes and disposes; idempotent. Must run before the peer connection closes:
     * called from anywhere but this channel's own observer, it releases the native channel
     * before returning (waiting for a release already under way on the releaser).
     */
    @Override
    public void dispose() {
        synchronized (this) {
            if (!disposed) {
                disposed = true;
                disposedFlag = true;
                handler = null;
                synchronized (early) {
                    early.clear();
                }
            }
        }
        if (IN_CALLBACK.get()) {
            RELEASER.execute(this::release);
        } else {
            release();
        }
    }

    private void release() {
        synchronized (releaseLock) {
            if (released) {
                return;
            }
            released = true;
            try {
                channel.unregisterObserver();
                channel.close();
                channel.dispose();
            } catch (RuntimeException e) {
                log.debug("disposing {} failed: {}", label, e.toString());
            }
        }
    }
}
