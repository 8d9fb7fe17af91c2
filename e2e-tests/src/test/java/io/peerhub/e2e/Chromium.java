package io.peerhub.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts Debian's Chromium under Playwright, set up for WebRTC on one machine with no internet.
 *
 * <p>Why each switch: Playwright's bundled browsers are never downloaded here, so the system
 * binary is used. Chromium hides host candidates behind mDNS {@code .local} names unless the
 * feature {@code WebRtcHideLocalIpsWithMdns} is disabled, and mDNS does not resolve between
 * headless instances; Playwright passes its own {@code --disable-features} list and a second
 * flag would not add to it, so its list is dropped and one merged list is passed. The host
 * resolver rule keeps Chromium from any DNS lookup: tests talk only to loopback.
 */
public final class Chromium {

  /** Playwright 1.62's own disabled features (chromiumSwitches.ts), kept in the merged list. */
  private static final List<String> PLAYWRIGHT_DISABLED_FEATURES = List.of(
      "AvoidUnnecessaryBeforeUnloadCheckSync", "BoundaryEventDispatchTracksNodeRemoval",
      "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
      "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding",
      "ThirdPartyStoragePartitioning", "BlockOriginHeaderModificationOnRedirect", "Translate",
      "AutoDeElevate", "OptimizationHints", "msForceBrowserSignIn",
      "msEdgeUpdateLaunchServicesPreferredVersion");

  static final String PLAYWRIGHT_DISABLE_FEATURES_ARG =
      "--disable-features=" + String.join(",", PLAYWRIGHT_DISABLED_FEATURES);

  static final String MERGED_DISABLE_FEATURES_ARG =
      PLAYWRIGHT_DISABLE_FEATURES_ARG + ",WebRtcHideLocalIpsWithMdns";

  private Chromium() {}

  public static Path executable() {
    Path path = Path.of(System.getProperty("peerhub.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException("Chromium not found at " + path
          + ": install it with `apt-get install -y chromium` (.ci/run does this)");
    }
    return path;
  }

  public static Playwright playwright() {
    return Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  public static Browser launch(Playwright playwright) {
    return launch(playwright, executable(), List.of(), List.of());
  }

  /**
   * Like {@link #launch(Playwright)}, but started through {@code executable} (a wrapper that puts
   * the browser in a network namespace, for instance), with the addresses in {@code hubHosts}
   * exempt from the no-DNS rule (the rule maps IP literals too) and {@code extraArgs} added.
   */
  public static Browser launch(Playwright playwright, Path executable, List<String> hubHosts,
      List<String> extraArgs) {
    List<String> args = args(hubHosts);
    args.addAll(extraArgs);
    return playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(executable)
        .setHeadless(true)
        .setIgnoreDefaultArgs(List.of(PLAYWRIGHT_DISABLE_FEATURES_ARG))
        .setArgs(args));
  }

  /**
   * A browser with a profile on disk, as a person's browser is: what a page keeps (origin-private
   * files, IndexedDB) is still there after a reload, another room, or a restart of the browser.
   */
  public static BrowserContext launchPersistent(Playwright playwright, Path profile) {
    return playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
        .setExecutablePath(executable())
        .setHeadless(true)
        .setAcceptDownloads(true)
        .setIgnoreDefaultArgs(List.of(PLAYWRIGHT_DISABLE_FEATURES_ARG))
        .setArgs(args(List.of())));
  }

  private static List<String> args(List<String> hubHosts) {
    StringBuilder rules = new StringBuilder("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost");
    hubHosts.forEach(host -> rules.append(", EXCLUDE ").append(host));
    return new ArrayList<>(List.of(
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        rules.toString(), MERGED_DISABLE_FEATURES_ARG));
  }
}
