package io.peerhub.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * axe-core, the accessibility engine browsers' own audits build on, run inside a page: the npm
 * package the web client's build installs (web-client/node_modules), injected by the test so the
 * app never ships it.
 */
public final class Axe {

  private static final Path SCRIPT = Path.of("..", "web-client", "node_modules", "axe-core", "axe.min.js");

  /** What people are actually stopped by; "minor" and "moderate" findings are advice. */
  private static final String RUN = """
      async () => {
        const result = await axe.run(document, { resultTypes: ['violations'] });
        return result.violations
          .filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
            + v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 300) + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '));
      }""";

  private Axe() {
  }

  /**
   * Makes axe available in every page {@code context} opens from now on. An init script, not a
   * script tag: the app's Content-Security-Policy (script-src 'self') rightly refuses inline
   * scripts, and the test must check the app as it ships, CSP included.
   */
  public static void installIn(BrowserContext context) {
    context.addInitScript(script());
  }

  /** The serious and critical violations on {@code page} as it is now, one line each. */
  @SuppressWarnings("unchecked")
  public static List<String> seriousViolations(Page page) {
    return (List<String>) page.evaluate(RUN);
  }

  private static String script() {
    try {
      return Files.readString(SCRIPT);
    } catch (IOException e) {
      throw new UncheckedIOException("axe-core is installed by the web client's build (npm ci): " + SCRIPT.toAbsolutePath(), e);
    }
  }

  /** For a failure message: each violation on its own line. */
  public static String describe(Map<String, List<String>> byPlace) {
    StringBuilder out = new StringBuilder();
    byPlace.forEach((place, found) -> found.forEach(v -> out.append(place).append(": ").append(v).append('\n')));
    return out.toString();
  }
}
