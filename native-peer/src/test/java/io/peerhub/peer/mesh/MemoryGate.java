package io.peerhub.peer.mesh;

import java.util.function.BooleanSupplier;

/**
 * Lets a test stop binary data mid-transfer at a byte count it chooses, instead of racing an
 * in-memory transfer that finishes in milliseconds. Open (no limit) until {@link #holdAfter}.
 */
public final class MemoryGate {

    private long allowance = Long.MAX_VALUE;
    private long passed;

    /** From now on, binary messages wait once {@code bytes} more have passed. */
    public synchronized void holdAfter(long bytes) {
        allowance = passed + bytes;
        notifyAll();
    }

    public synchronized void release() {
        allowance = Long.MAX_VALUE;
        notifyAll();
    }

    /**
     * Waits until {@code n} more bytes may pass; false, without counting them, when
     * {@code abandoned} says nobody will take them any more.
     */
    synchronized boolean pass(int n, BooleanSupplier abandoned) {
        while (passed + n > allowance) {
            if (abandoned.getAsBoolean()) {
                return false;
            }
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (abandoned.getAsBoolean()) {
            return false;
        }
        passed += n;
        return true;
    }

    /** Binary bytes that have passed so far. */
    public synchronized long passed() {
        return passed;
    }

    synchronized void wake() {
        notifyAll();
    }
}
