package io.peerhub.peer.drop;

import io.peerhub.protocol.peer.Manifest;
import io.peerhub.protocol.peer.SafeNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The drop's folder. Files are staged in {@code DIR/.partial/<transfer id>/} and published into
 * {@code DIR} only once verified: with a hard link, which the kernel refuses when the name exists
 * (so a clash cannot overwrite, even with another process writing into DIR at the same moment),
 * or, where hard links are not possible, an {@code ATOMIC_MOVE} after checking the name is free.
 * Folders from the sender are recreated only inside DIR; an existing symlink is never followed.
 */
public final class InboxWriter {

    static final String PARTIAL = ".partial";

    private final Path dir;
    private final Path realDir;
    private final Path partial;

    public InboxWriter(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.realDir = dir.toRealPath();
        this.dir = realDir;
        this.partial = realDir.resolve(PARTIAL);
        Files.createDirectories(partial);
    }

    public Path dir() {
        return dir;
    }

    /** Stages a new transfer in {@code .partial/<id>/}. */
    public StagingArea stage(Manifest manifest, String senderDevice, String senderName) throws IOException {
        Path d = partial.resolve(manifest.id());
        Files.createDirectories(d);
        try {
            return StagingArea.create(d, manifest, senderDevice, senderName);
        } catch (IOException | RuntimeException e) {
            deleteTree(d); // nothing half-staged stays behind, nor is counted
            throw e;
        }
    }

    /** The folders an earlier run staged transfers in, readable or not. */
    public List<Path> stagedDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(partial)) {
            return dirs.filter(Files::isDirectory).toList();
        }
    }

    /**
     * Puts a verified, fsynced staged file at {@code DIR/<safe path>}, picking {@code name (n).ext}
     * when the name is taken. Returns where it landed. With a hard link the staged file stays in
     * place until the caller has recorded where it landed and deletes it: a crash in between
     * leaves two names for one file, which {@link #findPublished} recognises on the next start,
     * never a second copy in the inbox.
     */
    public Path publish(Path staged, List<String> safePath) throws IOException {
        Path folder = dir;
        for (int i = 0; i < safePath.size() - 1; i++) {
            folder = folderIn(folder, safePath.get(i));
        }
        String name = safePath.get(safePath.size() - 1);
        for (int n = 0; ; n++) {
            Path target = folder.resolve(n == 0 ? name : SafeNames.numbered(name, n));
            checkInside(target);
            if (place(staged, target)) {
                syncDirectory(folder);
                return target;
            }
        }
    }

    /**
     * Where {@code staged} was already published under {@code safePath} (the same file under one of
     * the names {@link #publish} would have picked), if a crash came between the hard link and the
     * record that says so.
     */
    public Optional<Path> findPublished(Path staged, List<String> safePath) throws IOException {
        if (!Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path folder = dir;
        for (int i = 0; i < safePath.size() - 1; i++) {
            folder = folder.resolve(safePath.get(i));
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
        }
        String name = safePath.get(safePath.size() - 1);
        for (int n = 0; ; n++) {
            Path candidate = folder.resolve(n == 0 ? name : SafeNames.numbered(name, n));
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(candidate, staged)) {
                return Optional.of(candidate);
            }
        }
    }

    /** A sub-folder of {@code parent}; an existing file or symlink of that name gets a numbered folder instead. */
    private Path folderIn(Path parent, String name) throws IOException {
        if (parent.equals(dir) && name.equals(PARTIAL)) {
            name = SafeNames.numbered(name, 1); // cannot happen after SafeNames, kept as a guard
        }
        for (int n = 0; ; n++) {
            Path candidate = parent.resolve(n == 0 ? name : SafeNames.numbered(name, n));
            checkInside(candidate);
            if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(candidate);
                    return candidate;
                } catch (FileAlreadyExistsException e) {
                    if (Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)) {
                        return candidate;
                    }
                }
            }
        }
    }

    private boolean place(Path staged, Path target) throws IOException {
        try {
            Files.createLink(target, staged);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private void checkInside(Path p) {
        if (!p.normalize().startsWith(realDir) || p.normalize().equals(realDir)) {
            throw new IllegalStateException("refusing to write outside the drop folder: " + p);
        }
    }

    static void syncDirectory(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the file itself is already synced.
        }
    }

    /** Deletes {@code root} and everything below it, best effort; returns the bytes of the files deleted. */
    public static long deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        long[] freed = {0};
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    long size = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
                    if (Files.deleteIfExists(p)) {
                        freed[0] += size;
                    }
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
        return freed[0];
    }
}
