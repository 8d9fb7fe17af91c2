package io.peerhub.e2e;

import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;

/** Real signaling servers on loopback for the stories. */
final class TestServers {

  private TestServers() {}

  static PeerhubServer start() {
    return startOn(0);
  }

  /** Port 0 picks a free port; a fixed port lets a story restart "the same" server. */
  static PeerhubServer startOn(int port) {
    return PeerhubServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(port));
  }
}
