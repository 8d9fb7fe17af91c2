package io.peerhub.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Writes a benchmark's Markdown section to target/benchmarks and echoes it to stdout. */
public final class BenchmarkReport {

  private final StringBuilder text = new StringBuilder();

  public BenchmarkReport(String title, String command) {
    text.append("### ").append(title).append("\n\n")
        .append("Run: `").append(command).append("` on ")
        .append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS))
        .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(".\n\n");
  }

  /** The load average (1/5/15 min) from /proc/loadavg, so a reader can tell a quiet run from a busy one. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  public BenchmarkReport line(String line) {
    text.append(line).append('\n');
    return this;
  }

  public BenchmarkReport lines(List<String> lines) {
    lines.forEach(this::line);
    return this;
  }

  public void write(String fileName) {
    try {
      Path dir = Path.of("target", "benchmarks");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(fileName), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(text);
  }
}
