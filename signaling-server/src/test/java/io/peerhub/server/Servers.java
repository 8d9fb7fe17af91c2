package io.peerhub.server;

/** Servers for tests: on the loopback address, on a free port. */
final class Servers {

    static ServerConfig local() {
        return ServerConfig.defaults().withBind("127.0.0.1").withPort(0);
    }

    /**
     * For a class that shares one server among many tests: every client comes from 127.0.0.1, so
     * the per-address limits (60 joins a minute) would end the class, not the behaviour it tests.
     */
    static ServerConfig sharedByManyClients() {
        return local().withAccess(AccessConfig.defaults().withLimits(0, 0));
    }

    private Servers() {}
}
