package io.peerhub.peer.share;

import java.nio.file.Path;
import java.util.List;

/**
 * One file of a share. {@code path} is what peers see (relative to DIR, components); {@code
 * source} and {@code fileKey} never leave this process. {@code sha256} is null until hashed.
 */
public record SharedFile(List<String> path, long size, long modifiedMillis, String sha256, Path source, Object fileKey) {

    public SharedFile {
        path = List.copyOf(path);
    }

    /** The path as one string, {@code a/b/name}: the catalogue's key and what a search reads. */
    public String key() {
        return String.join("/", path);
    }

    public String name() {
        return path.get(path.size() - 1);
    }

    /** The folder it is in, {@code a/b}; empty at the top of DIR. */
    public String folder() {
        return String.join("/", path.subList(0, path.size() - 1));
    }

    SharedFile hashed(String sha) {
        return new SharedFile(path, size, modifiedMillis, sha, source, fileKey);
    }

    /** Whether {@code other} is this file unchanged: same size, modification time and inode. */
    boolean sameAs(SharedFile other) {
        return size == other.size && modifiedMillis == other.modifiedMillis
                && java.util.Objects.equals(fileKey, other.fileKey);
    }
}
