package io.peerhub.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Files the tests and benchmarks make, and the hash that says whether bytes arrived intact. */
public final class TestFiles {

  private TestFiles() {}

  /** Writes {@code size} random bytes (seeded: reproducible) to {@code file}, 1 MiB at a time. */
  public static Path randomFile(Path file, long size, long seed) {
    try {
      Files.createDirectories(file.getParent());
      Random random = new Random(seed);
      byte[] block = new byte[1 << 20];
      try (OutputStream out = Files.newOutputStream(file)) {
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

  /** Lowercase hex SHA-256 of a file, streamed. */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
