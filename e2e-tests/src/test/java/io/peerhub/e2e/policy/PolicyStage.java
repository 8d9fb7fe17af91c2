package io.peerhub.e2e.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import io.peerhub.e2e.BrowserStory;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import io.peerhub.testkit.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub policy stories' stage: the shared browser, and a second server that publishes a
 * policy blocking video from a file the stories may rewrite. Test files start with the real
 * signatures kept in the shared vectors (an ffmpeg mp4, a PDF), so both detection libraries see
 * what they would see in a real file.
 */
abstract class PolicyStage extends BrowserStory {

  static final String NOTICE = "Work files only. No music or video on this hub.";
  private static final Path VECTORS = Path.of("..", "protocol", "vectors", "file-types.json");

  @TempDir
  static Path policyDir;
  static Path policyFile;
  static PeerhubServer hub;

  @BeforeAll
  static void startHub() throws IOException {
    policyFile = policyDir.resolve("policy.yaml");
    writePolicy("notice: " + NOTICE + "\nblockCategories: [video]\n");
    hub = PeerhubServer.start(ServerConfig.loopback().withPolicyFile(policyFile));
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  static void writePolicy(String yaml) throws IOException {
    Path next = policyDir.resolve("policy.yaml.new");
    Files.writeString(next, yaml);
    Files.move(next, policyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static String hubRoomUrl() {
    return roomUrl(hub);
  }

  /** A file of {@code size} bytes that starts as the vectors' real {@code vectorFile} does (then random bytes). */
  static Path fileLike(String vectorFile, Path target, int size) {
    byte[] head = signature(vectorFile);
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    System.arraycopy(head, 0, bytes, 0, Math.min(head.length, size));
    try {
      Files.createDirectories(target.getParent());
      return Files.write(target, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] signature(String vectorFile) {
    try {
      JsonNode cases = new ObjectMapper().readTree(VECTORS.toFile()).path("cases");
      for (JsonNode c : cases) {
        if (c.path("file").asText().equals(vectorFile)) {
          return HexFormat.of().parseHex(c.path("hex").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no vector for " + vectorFile);
  }

  static String sha256(Path file) {
    return TestFiles.sha256(file);
  }

  /** The names in one of the page's origin-private folders (staged transfers, resume records). */
  @SuppressWarnings("unchecked")
  static List<String> opfsNames(Page page, String folder) {
    return (List<String>) page.evaluate("""
        async (folder) => {
          const root = await navigator.storage.getDirectory();
          const dir = await root.getDirectoryHandle(folder, { create: true });
          const names = [];
          for await (const name of dir.keys()) names.push(name);
          return names;
        }""", folder);
  }

  /** Makes the page skip its own policy check, as a modified sender would (web-client/src/test-hooks.ts). */
  static void bypassOwnCheck(Page page) {
    page.evaluate("() => { globalThis.peerhubSkipOwnPolicyCheck = true; }");
  }
}
