package io.peerhub.peer.cli;

import io.peerhub.peer.mesh.DeviceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which device this peer is: the key file every command proves itself with (docs/native-peer.md, "Identity"). */
final class IdentityOptions {

    @Option(names = "--identity", paramLabel = "FILE", defaultValue = "${env:PEERHUB_IDENTITY}",
            description = "This peer's device key, created on first run readable by its owner only "
                    + "(env PEERHUB_IDENTITY; default: $XDG_CONFIG_HOME/peerhub/identity, else ~/.config/peerhub/identity).")
    Path file;

    DeviceIdentity load() throws IOException {
        return DeviceIdentity.load(file != null ? file : defaultFile());
    }

    static Path defaultFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        // The XDG rules: a relative XDG_CONFIG_HOME is invalid and ignored (it would follow the working directory).
        Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return config.resolve("peerhub").resolve("identity");
    }
}
