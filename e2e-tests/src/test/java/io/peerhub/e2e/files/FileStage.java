package io.peerhub.e2e.files;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import io.peerhub.e2e.Chromium;
import io.peerhub.server.PeerhubServer;
import io.peerhub.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shared stage for the file stories: one server and one Chromium per class, as in the rooms
 * stories, plus helpers to make files in a temp folder and hash them.
 */
abstract class FileStage {

  static PeerhubServer server;
  static Playwright playwright;
  static Browser browser;

  @BeforeAll
  static void startStage() {
    server = PeerhubServer.start(ServerConfig.defaults().withBind("127.0.0.1").withPort(0));
    playwright = Chromium.playwright();
    browser = Chromium.launch(playwright);
  }

  @AfterAll
  static void stopStage() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      try {
        if (playwright != null) {
          playwright.close();
        }
      } finally {
        if (server != null) {
          server.close();
        }
      }
    }
  }

  static String newRoomUrl() {
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    return server.baseUrl() + "/r/" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  /** Writes {@code size} random bytes (seeded: reproducible) to {@code file}. */
  static Path randomFile(Path file, long size, long seed) {
    try {
      Files.createDirectories(file.getParent());
      Random random = new Random(seed);
      byte[] block = new byte[1 << 20];
      try (var out = Files.newOutputStream(file)) {
        for (long left = size; left > 0; left -= block.length) {
          random.nextBytes(block);
          out.write(block, 0, (int) Math.min(left, block.length));
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStreamNull.INSTANCE);
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
