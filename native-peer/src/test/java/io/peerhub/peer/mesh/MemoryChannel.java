package io.peerhub.peer.mesh;

import io.peerhub.protocol.peer.Transfers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of an in-memory data channel pair, keeping {@link DataChannel}'s promises without
 * webrtc. Each end delivers on a thread of its own, in order. A message counts in the sender's
 * {@link #bufferedAmount()} until the far end's thread takes it, so a handler that blocks (a slow
 * disk) holds the sender back as SCTP does. Between the two, each direction has a wire thread of
 * its own where the gate holds messages: a held message must never keep the far end's thread
 * from attaching its handler (the first messages of a channel often arrive before it has one). Like webrtc, a message above the max message size is
 * not sent, and a send queue past 16 MiB closes the channel: a sender that ignores the watermark
 * fails here as it would for real. Binary messages pass the network's {@link MemoryGate}, which a
 * test may close to hold a transfer mid-file.
 *
 * <p>The handler and the early messages are touched only on this end's thread, so they need no lock.
 */
public final class MemoryChannel implements DataChannel {

    /** webrtc closes a channel whose send queue passes this (ENGINEERING.md). */
    static final long SEND_QUEUE_LIMIT = 16L * 1024 * 1024;

    private record Message(byte[] bytes, boolean binary) {}

    private final String label;
    private final int maxMessageSize;
    private final MemoryGate gate;
    private final ExecutorService thread;
    /** Carries what this end sends, in order, through the gate to the far end's thread. */
    private final ExecutorService wire;
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicBoolean disposed = new AtomicBoolean();
    private volatile MemoryChannel far;
    private volatile boolean open = true;

    // This end's thread only.
    private Handler handler;
    private final List<Message> early = new ArrayList<>();

    private MemoryChannel(String label, int maxMessageSize, MemoryGate gate) {
        this.label = label;
        this.maxMessageSize = maxMessageSize;
        this.gate = gate;
        this.thread = daemon("memory-channel-" + label);
        this.wire = daemon("memory-wire-" + label);
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Two connected ends, both open: {@code [0]} for the side that opened it, {@code [1]} for the other. */
    static MemoryChannel[] pair(String label, MemoryGate gate) {
        int maxMessageSize = Transfers.MAX_FRAME_BYTES; // what MemoryLink says two peers agreed on
        MemoryChannel opener = new MemoryChannel(label, maxMessageSize, gate);
        MemoryChannel taker = new MemoryChannel(label, maxMessageSize, gate);
        opener.far = taker;
        taker.far = opener;
        return new MemoryChannel[] {opener, taker};
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void handler(Handler h) {
        run(() -> {
            if (disposed.get()) {
                return;
            }
            handler = h;
            if (h == null) {
                return;
            }
            early.forEach(m -> deliver(h, m));
            early.clear();
            if (open) {
                h.open();
            } else {
                h.closed(); // closed before anyone listened; closedUnderneath told nobody
            }
        });
    }

    @Override
    public boolean isOpen() {
        return open && !disposed.get();
    }

    @Override
    public long bufferedAmount() {
        return buffered.get();
    }

    @Override
    public boolean sendText(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    @Override
    public boolean sendBinary(ByteBuffer frame) {
        byte[] copy = new byte[frame.remaining()];
        frame.duplicate().get(copy); // the caller may reuse the buffer at once
        return send(copy, true);
    }

    private boolean send(byte[] bytes, boolean binary) {
        MemoryChannel to = far;
        if (!isOpen() || bytes.length > maxMessageSize) {
            return false;
        }
        if (buffered.addAndGet(bytes.length) > SEND_QUEUE_LIMIT) {
            breakBoth();
            return false;
        }
        onWire(() -> {
            // Held bytes stay in our send queue; bytes nobody will take any more are not counted.
            if (binary && !gate.pass(bytes.length, () -> !to.isOpen())) {
                buffered.addAndGet(-bytes.length);
                return;
            }
            to.run(() -> {
                buffered.addAndGet(-bytes.length);
                to.arrived(new Message(bytes, binary));
            });
        });
        return true;
    }

    private void arrived(Message m) {
        if (disposed.get() || !open) {
            return;
        }
        if (handler == null) {
            early.add(m);
        } else {
            deliver(handler, m);
        }
    }

    private static void deliver(Handler h, Message m) {
        if (m.binary) {
            h.binary(m.bytes);
        } else {
            h.text(m.bytes);
        }
    }

    /** The far end is gone (disposed, or the connection broke): the handler hears it once. */
    private void closedUnderneath() {
        if (!open) {
            return;
        }
        open = false;
        if (!disposed.get() && handler != null) {
            handler.closed();
        }
    }

    /** The connection under the channel broke: both ends close, each handler is told. */
    void breakBoth() {
        for (MemoryChannel end : new MemoryChannel[] {this, far}) {
            end.run(end::closedUnderneath);
        }
    }

    @Override
    public void dispose() {
        if (!disposed.compareAndSet(false, true)) {
            return;
        }
        open = false;
        run(() -> {
            handler = null;
            early.clear();
        });
        thread.shutdown();
        gate.wake(); // a delivery held at the gate for this end is abandoned
        MemoryChannel to = far;
        onWire(() -> to.run(to::closedUnderneath)); // after the messages already sent, as SCTP closes in order
        wire.shutdown();
    }

    private void run(Runnable task) {
        execute(thread, task);
    }

    private void onWire(Runnable task) {
        execute(wire, task);
    }

    private static void execute(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // this end is disposed: nothing reaches it, or leaves it, any more
        }
    }

    @Override
    public String toString() {
        return "memory channel " + label;
    }
}
