package io.peerhub.server;

/** Servers for tests: on the loopback address, on a free port. */
final class Servers {

    static ServerConfig local() {
        return ServerConfig.defaults().withBind("127.0.0.1").withPort(0);
    }

    private Servers() {}
}
