package io.peerhub.e2e.cluster;

import static org.awaitility.Awaitility.await;

import io.peerhub.protocol.ClientKind;
import io.peerhub.protocol.Leave;
import io.peerhub.protocol.trust.RoomKey;
import io.peerhub.testkit.RedisServer;
import io.peerhub.testkit.ServerProcess;
import io.peerhub.testkit.TestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private {@code redis-server} and Peerhub nodes as separate processes (the built server jar,
 * {@code signaling-server/target/peerhub-server.jar}, with the web client in it), each on a free
 * loopback port, advertising itself so that pages can move between nodes.
 */
final class ClusterStage implements AutoCloseable {

  static final Duration PRESENCE_TTL = Duration.ofSeconds(3);
  private static final Path SERVER_JAR = Path.of("..", "signaling-server", "target", "peerhub-server.jar");

  private final String prefix = "e2e-" + System.nanoTime() + ":";
  private final List<ServerProcess> nodes = new ArrayList<>();
  private final RedisServer redis = RedisServer.start();

  /** One server node sharing this stage's Redis. */
  ServerProcess node(String name) {
    ServerProcess node = ServerProcess.fromJar(SERVER_JAR, name, ServerProcess.SMALL_JVM,
        ServerProcess.sharing(redis.uri(), prefix, PRESENCE_TTL));
    nodes.add(node);
    return node;
  }

  /**
   * Waits until every node lists every other one in {@code welcome.servers}. Nodes learn of each
   * other on their presence refresh (a third of the TTL); a page that joins a node before that
   * would not know where to go when its node dies, which is not what these stories are about:
   * real nodes run long before their clients come.
   */
  void awaitFormed(ServerProcess... members) {
    for (ServerProcess node : members) {
      for (ServerProcess other : members) {
        if (other != node) {
          await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
              .until(() -> servers(node).contains(other.webSocketUrl()));
        }
      }
    }
  }

  /** The other nodes that {@code node} names in the welcome of a fresh peer (which leaves again at once). */
  private static List<String> servers(ServerProcess node) {
    try (TestClient probe = TestClient.connect(node.webSocketUrl())) {
      List<String> servers = probe.join(RoomKey.generate(), "Probe", ClientKind.NATIVE).servers();
      probe.send(new Leave());
      return servers;
    }
  }

  void startRedis() {
    redis.startAgain();
  }

  /** As a crash would: every key is lost. */
  void stopRedis() {
    redis.stop();
  }

  @Override
  public void close() {
    nodes.forEach(ServerProcess::close);
    redis.close();
  }
}
