package io.peerhub.testkit;

import java.io.IOException;
import java.net.ServerSocket;

/** Ports for servers that tests start in processes of their own, which cannot be told "port 0". */
public final class Ports {

    /** A port that was free on this machine a moment ago (the kernel hands out another one next). */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Ports() {}
}
