package io.peerhub.peer.cli;

import io.peerhub.peer.mesh.RemotePeer;
import io.peerhub.peer.share.HashCache;
import io.peerhub.peer.share.Library;
import io.peerhub.protocol.peer.TransferIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Who may browse and pull a shared folder, and where its hashes are kept between runs. */
final class ShareOptions {

    @Option(names = "--share-to", split = ",", defaultValue = "${env:PEERHUB_SHARE_TO}", paramLabel = "DEVICE",
            description = "Share only with these devices (22-character device ids, as a browser's Details view or "
                    + "`peerhub-peer whoami` shows them; env PEERHUB_SHARE_TO). Others see nothing shared and are "
                    + "refused with reason not-allowed. Default: every verified peer in the room.")
    List<String> shareTo;

    @Option(names = "--hash-cache", paramLabel = "FILE", defaultValue = "${env:PEERHUB_HASH_CACHE}",
            description = "Where the shared files' SHA-256 are kept so a restart hashes only what changed (env "
                    + "PEERHUB_HASH_CACHE; default: one file per shared folder under $XDG_CACHE_HOME/peerhub/shares, "
                    + "else ~/.cache/peerhub/shares).")
    Path hashCache;

    Predicate<RemotePeer> audience(CommandSpec spec) {
        if (shareTo == null) {
            return p -> true;
        }
        Set<String> devices = Set.copyOf(shareTo.stream().map(String::trim).toList());
        for (String device : devices) {
            if (!TransferIds.isValid(device)) {
                // Names are anyone's to claim: only a device id, which a peer must prove, says who it is.
                throw new ParameterException(spec.commandLine(), "--share-to takes device ids (22 characters of "
                        + "A-Z a-z 0-9 _ -), not names: '" + device + "' is not one");
            }
        }
        return p -> devices.contains(p.device());
    }

    /** The library of {@code dir}, scanned; its hashes kept in the cache file. */
    Library open(Path dir) throws IOException {
        Path real = dir.toRealPath();
        return new Library(real, new HashCache(hashCache != null ? hashCache : defaultCache(real))).start();
    }

    private static Path defaultCache(Path realDir) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        // One cache per folder, named by its real path: sharing two folders keeps two caches apart.
        return cache.resolve("peerhub").resolve("shares").resolve(digest(realDir.toString()) + ".jsonl");
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
