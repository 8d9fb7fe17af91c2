package io.peerhub.peer.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT end the command normally, so it can tear webrtc down in order and exit 0
 * (the JVM's default for SIGTERM is exit code 143 with only shutdown hooks to clean up).
 */
final class Shutdown {

    private final CountDownLatch stop = new CountDownLatch(1);

    Shutdown() {
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
    }

    void await() throws InterruptedException {
        stop.await();
    }

    boolean requested() {
        return stop.getCount() == 0;
    }

    void request() {
        stop.countDown();
    }
}
