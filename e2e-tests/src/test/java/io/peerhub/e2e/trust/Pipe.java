package io.peerhub.e2e.trust;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of one bridged channel: messages the relay took from one page, on their way to
 * the other page through the relay's own channel to it. That channel may open after the first
 * messages arrive (a page says hello as soon as its side opens), so they wait here until it does.
 *
 * <p>Everything runs on the splice's forwarding thread: webrtc's callbacks only hand messages
 * over (a channel's handler must never call into webrtc), so this class needs no lock.
 */
final class Pipe {

    private static final Logger log = LoggerFactory.getLogger(Pipe.class);
    /** Well under the 16 MiB send queue past which webrtc closes a channel silently (ENGINEERING.md). */
    private static final long HIGH_WATERMARK = 4L * 1024 * 1024;
    /** webrtc-java never reports a draining buffer, so a full outlet is asked again this often. */
    private static final long BUFFER_POLL_MS = 20;
    /** What may wait for a channel that has not opened: a few files' worth, not a flood. */
    private static final long MAX_PENDING_BYTES = 32L * 1024 * 1024;

    /** Where the messages go: the relay's channel (or control channel) to the other page. */
    interface Outlet {
        boolean send(Frame frame);

        long bufferedAmount();
    }

    record Frame(boolean binary, byte[] bytes) {}

    private final String name;
    private final ScheduledExecutorService thread;
    private final Deque<Frame> pending = new ArrayDeque<>();
    private long pendingBytes;
    private Outlet outlet;
    private boolean open;
    private boolean closed;
    private boolean pollScheduled;

    Pipe(String name, ScheduledExecutorService thread) {
        this.name = name;
        this.thread = thread;
    }

    void connect(Outlet outlet) {
        run(() -> {
            this.outlet = outlet;
            drain();
        });
    }

    void opened() {
        run(() -> {
            open = true;
            drain();
        });
    }

    void push(Frame frame) {
        run(() -> {
            if (closed) {
                return;
            }
            if (pendingBytes + frame.bytes().length > MAX_PENDING_BYTES) {
                log.warn("{}: {} bytes waiting, message dropped", name, pendingBytes);
                return;
            }
            pending.add(frame);
            pendingBytes += frame.bytes().length;
            drain();
        });
    }

    void close() {
        run(() -> {
            closed = true;
            pending.clear();
            pendingBytes = 0;
        });
    }

    private void drain() {
        while (!closed && open && outlet != null && !pending.isEmpty()) {
            if (outlet.bufferedAmount() > HIGH_WATERMARK) {
                if (!pollScheduled) {
                    pollScheduled = true;
                    thread.schedule(() -> {
                        pollScheduled = false;
                        drain();
                    }, BUFFER_POLL_MS, TimeUnit.MILLISECONDS);
                }
                return;
            }
            Frame frame = pending.poll();
            pendingBytes -= frame.bytes().length;
            if (!outlet.send(frame)) {
                log.debug("{}: send failed, message dropped", name);
            }
        }
    }

    private void run(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the splice is closing: nothing more is forwarded
        }
    }
}
