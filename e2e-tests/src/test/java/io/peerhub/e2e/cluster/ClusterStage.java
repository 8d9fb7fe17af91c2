package io.peerhub.e2e.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path SERVER_JAR = Path.of("..", "signaling-server", "target", "peerhub-server.jar");

  private final int redisPort = freePort();
  private final String prefix = "e2e-" + System.nanoTime() + ":";
  private final List<Node> nodes = new ArrayList<>();
  private Process redis;

  ClusterStage() {
    if (!Files.exists(SERVER_JAR)) {
      throw new IllegalStateException(SERVER_JAR.toAbsolutePath() + " is missing: mvn -pl signaling-server package first");
    }
    startRedis();
  }

  /** One server node. */
  final class Node {
    final int port = freePort();
    private final Process process;

    private Node(String name) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", SERVER_JAR.toString(),
          "--bind", "127.0.0.1", "--port", Integer.toString(port), "--public-url", baseUrl(),
          "--node-id", name, "--redis", "redis://127.0.0.1:" + redisPort, "--redis-prefix", prefix,
          "--presence-ttl", PRESENCE_TTL.toMillis() + "ms")
          .redirectErrorStream(true).redirectOutput(new File("target/cluster-" + name + "-" + port + ".log")).start();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> status("/healthz") == 200);
    }

    String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    String roomUrl(String roomId) {
      return baseUrl() + "/r/" + roomId;
    }

    int status(String path) {
      try {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    /** The raw {@code welcome} a fresh peer gets from this node (it leaves again at once). */
    String welcome() throws Exception {
      java.util.concurrent.CompletableFuture<String> welcome = new java.util.concurrent.CompletableFuture<>();
      java.net.http.WebSocket ws = HTTP.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new java.net.http.WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data,
                boolean last) {
              text.append(data);
              if (last) {
                if (text.indexOf("\"welcome\"") >= 0) {
                  welcome.complete(text.toString());
                }
                text.setLength(0);
              }
              socket.request(1);
              return null;
            }
          }).get(5, java.util.concurrent.TimeUnit.SECONDS);
      try {
        ws.sendText("{\"type\":\"join\",\"v\":1,\"room\":\"" + io.peerhub.protocol.Ids.newRoomId()
            + "\",\"name\":\"Probe\",\"kind\":\"native\"}", true);
        return welcome.get(5, java.util.concurrent.TimeUnit.SECONDS);
      } finally {
        ws.sendText("{\"type\":\"leave\"}", true);
        ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "probe done");
      }
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * Waits until every node lists every other one in {@code welcome.servers}. Nodes learn of each
   * other on their presence refresh (a third of the TTL); a page that joins a node before that
   * would not know where to go when its node dies, which is not what these stories are about:
   * real nodes run long before their clients come.
   */
  void awaitFormed(Node... members) {
    for (Node node : members) {
      for (Node other : members) {
        if (other != node) {
          String url = "ws://127.0.0.1:" + other.port + "/ws";
          await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
              .until(() -> node.welcome().contains(url));
        }
      }
    }
  }

  Node node(String name) {
    try {
      Node node = new Node(name);
      nodes.add(node);
      return node;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void startRedis() {
    try {
      redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no").redirectErrorStream(true)
          .redirectOutput(new File("target/cluster-redis-" + redisPort + ".log")).start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server could not start", e);
    }
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(this::redisAnswers);
  }

  void stopRedis() throws InterruptedException {
    redis.destroyForcibly().waitFor();
    await().atMost(Duration.ofSeconds(10)).until(() -> !redisAnswers());
  }

  private boolean redisAnswers() {
    try (Socket s = new Socket("127.0.0.1", redisPort)) {
      s.getOutputStream().write("PING\r\n".getBytes());
      return s.getInputStream().read() == '+';
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      n.process.destroyForcibly();
    }
    if (redis != null) {
      redis.destroyForcibly();
    }
  }
}
