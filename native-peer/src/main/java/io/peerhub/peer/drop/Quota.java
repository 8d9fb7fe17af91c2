package io.peerhub.peer.drop;

import io.peerhub.peer.transfer.Sizes;
import io.peerhub.protocol.peer.RefusalReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The drop's limits: largest file, total bytes kept in the folder, and the disk's free space.
 * Checked when an offer arrives (so the sender sees why it was refused) and again while writing.
 * Bytes promised to accepted transfers but not yet written are reserved, so two offers at once
 * cannot both take the last free gigabyte.
 */
public final class Quota {

    /** Not a limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** Leave this much of the disk free: a full disk hurts everything else on the machine. */
    static final long FREE_SPACE_MARGIN = 16L * 1024 * 1024;

    public record Refusal(RefusalReason reason, String message) {}

    private final LongSupplier usableSpace;
    private final long maxFileSize;
    private final long quota;
    private long used;
    private long pending;

    public Quota(Path dir, long maxFileSize, long quota) {
        this(dir, maxFileSize, quota, usableSpaceOf(dir));
    }

    /** With another view of the free space (tests make a disk fill up). */
    Quota(Path dir, long maxFileSize, long quota, LongSupplier usableSpace) {
        this.maxFileSize = maxFileSize;
        this.quota = quota;
        this.usableSpace = usableSpace;
        try {
            this.used = sizeOf(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LongSupplier usableSpaceOf(Path dir) {
        FileStore store;
        try {
            store = Files.getFileStore(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                return 0;
            }
        };
    }

    /** Reserves {@code needed} bytes for a transfer whose largest file is {@code largest}, or says why not. */
    public synchronized Optional<Refusal> reserve(long largest, long needed) {
        if (largest > maxFileSize) {
            return Optional.of(new Refusal(RefusalReason.TOO_LARGE,
                    "files larger than " + Sizes.format(maxFileSize) + " are not accepted"));
        }
        if (quota != UNLIMITED && used + pending + needed > quota) {
            return Optional.of(new Refusal(RefusalReason.QUOTA, "the drop's quota of " + Sizes.format(quota)
                    + " has " + Sizes.format(Math.max(0, quota - used - pending)) + " left"));
        }
        long free = usableSpace() - pending - FREE_SPACE_MARGIN;
        if (needed > free) {
            return Optional.of(new Refusal(RefusalReason.NO_SPACE,
                    "the drop's disk has " + Sizes.format(Math.max(0, free)) + " free"));
        }
        pending += needed;
        return Optional.empty();
    }

    /** {@code n} reserved bytes were written. */
    public synchronized void written(long n) {
        used += n;
        pending = Math.max(0, pending - n);
    }

    /** A transfer ended: its unwritten reservation and any bytes it deleted are given back. */
    public synchronized void release(long unwritten, long deleted) {
        pending = Math.max(0, pending - unwritten);
        used = Math.max(0, used - deleted);
    }

    /** Whether {@code n} more bytes still fit on the disk (checked while writing). */
    public boolean diskHasRoomFor(long n) {
        return usableSpace() - FREE_SPACE_MARGIN >= n;
    }

    public synchronized long used() {
        return used;
    }

    private long usableSpace() {
        return usableSpace.getAsLong();
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).sum();
        }
    }
}
