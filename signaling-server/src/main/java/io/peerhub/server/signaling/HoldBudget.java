package io.peerhub.server.signaling;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the node holds for all its away peers together, in characters of the frames held (Java keeps
 * an ASCII frame at a byte a character). Each away peer has its own bound ({@link HeldSignals}),
 * but peers are cheap to make: anyone can open rooms and drop sockets, so without this a few
 * clients could fill the heap with signals for peers that will never come back.
 *
 * <p>Threading: any thread.
 */
final class HoldBudget {

    private final long max;
    private final AtomicLong used = new AtomicLong();

    HoldBudget(long max) {
        this.max = max;
    }

    /** Takes {@code chars} from the budget; false, taking nothing, when that would pass it. */
    boolean reserve(long chars) {
        while (true) {
            long now = used.get();
            if (now + chars > max) {
                return false;
            }
            if (used.compareAndSet(now, now + chars)) {
                return true;
            }
        }
    }

    void release(long chars) {
        used.addAndGet(-chars);
    }

    long used() {
        return used.get();
    }

    long max() {
        return max;
    }
}
