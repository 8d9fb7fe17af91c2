package io.peerhub.e2e.reach;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Playwright;
import io.peerhub.e2e.Chromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Chromium inside a test host: Playwright starts a small generated script as the browser's
 * executable, and the script {@code exec}s {@code ip netns exec NS chromium} with Playwright's
 * arguments, so the browser (and every renderer and network process it forks) lives in the
 * namespace while Playwright still drives it over the inherited pipe. The launch switches are
 * {@link Chromium}'s own (mDNS off, no DNS, no background traffic).
 */
public final class ChromiumIn {

    private ChromiumIn() {}

    /**
     * Launches a browser in {@code ns} (null: on the host, as {@link Chromium#launch} does), which
     * reaches the hub at {@code hubHost} by its IP literal; the wrapper script is written to
     * {@code dir}.
     */
    public static Browser launch(Playwright playwright, NetNamespace ns, String hubHost, List<String> extraArgs,
                                 Path dir) {
        Path executable = ns == null ? Chromium.executable() : wrapper(ns, dir);
        return Chromium.launch(playwright, executable, List.of(hubHost), extraArgs);
    }

    /** The script that starts Chromium inside {@code ns}; its name says which. */
    static Path wrapper(NetNamespace ns, Path dir) {
        Path script = dir.resolve("chromium-in-" + ns.name());
        try {
            Files.createDirectories(dir);
            Files.writeString(script, "#!/bin/sh\n"
                    + "# Made by the e2e tests: Chromium in test host " + ns + ".\n"
                    + "exec ip netns exec " + ns.name() + " " + Chromium.executable() + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
