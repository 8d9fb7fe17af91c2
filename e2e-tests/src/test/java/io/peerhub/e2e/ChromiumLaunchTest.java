package io.peerhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the launch recipe: if Playwright's default switches change, the merged
 * {@code --disable-features} list must still reach the browser, or WebRTC between headless
 * pages silently stops finding host candidates.
 */
class ChromiumLaunchTest {

  @Test
  void the_launched_browser_has_mdns_host_hiding_disabled_and_a_single_feature_list()
      throws IOException {
    try (Playwright playwright = Chromium.playwright();
         Browser browser = Chromium.launch(playwright)) {
      List<List<String>> commandLines = chromiumCommandLines();
      assertThat(commandLines).isNotEmpty();
      List<String> browserProcess = commandLines.stream()
          .filter(args -> args.stream().noneMatch(a -> a.startsWith("--type=")))
          .findFirst().orElseThrow();
      List<String> featureFlags = browserProcess.stream()
          .filter(a -> a.startsWith("--disable-features=")).toList();
      assertThat(featureFlags).containsExactly(Chromium.MERGED_DISABLE_FEATURES_ARG);
      assertThat(featureFlags.get(0)).contains("WebRtcHideLocalIpsWithMdns");
      assertThat(browser.isConnected()).isTrue();
    }
  }

  private static List<List<String>> chromiumCommandLines() throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .map(p -> p.resolve("cmdline"))
          .map(ChromiumLaunchTest::readArgs)
          .filter(args -> !args.isEmpty() && args.get(0).contains("chromium"))
          .filter(args -> args.contains(Chromium.MERGED_DISABLE_FEATURES_ARG)
              || args.stream().anyMatch(a -> a.startsWith("--disable-features=")))
          .toList();
    }
  }

  private static List<String> readArgs(Path cmdline) {
    try {
      String raw = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
      return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }
}
