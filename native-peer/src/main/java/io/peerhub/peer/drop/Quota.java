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
 *
 * <p>{@link #used()} is what DIR holds on disk, records of staged transfers included, so it reads
 * the same while running as after a restart, which counts the folder afresh. An accepted offer
 * reserves nothing by being accepted: an offer of 75 GiB whose sender never sends a byte would
 * otherwise keep everyone else out until it expires (issue 19). Space is reserved as bytes arrive,
 * a {@link #RUNWAY} at a time ahead of each writer, so two transfers writing at once cannot both
 * take the last free bytes; one that can no longer finish in what is left stops as soon as that is
 * so, not at its last byte.
 */
public final class Quota {

    /** Not a limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** Leave this much of the disk free: a full disk hurts everything else on the machine. */
    static final long FREE_SPACE_MARGIN = 16L * 1024 * 1024;
    /**
     * How far ahead of its writer a transfer holds space: as much as the queue between webrtc and
     * the disk holds (IncomingTransfer), so free space is asked once per 16 MiB written.
     */
    static final long RUNWAY = 16L * 1024 * 1024;

    public record Refusal(RefusalReason reason, String message) {}

    /** A transfer can no longer be written: its quota or the disk is full. */
    public static final class NoRoom extends Exception {
        NoRoom(String message) {
            super(message);
        }
    }

    private final LongSupplier usableSpace;
    private final long maxFileSize;
    private final long quota;
    private long used;
    /** The runways of every open {@link Grant}: space promised to writers, not yet written. */
    private long ahead;

    public Quota(Path dir, long maxFileSize, long quota) {
        this(dir, maxFileSize, quota, usableSpaceOf(dir));
    }

    /** With another view of the free space (tests make a disk fill up, or give it any size). */
    public Quota(Path dir, long maxFileSize, long quota, LongSupplier usableSpace) {
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

    /**
     * Whether an offer of {@code needed} bytes, whose largest file is {@code largest} and whose
     * record takes {@code recordBytes}, fits now beside what DIR holds and what other writers hold
     * ahead of them; empty when it does.
     */
    public synchronized Optional<Refusal> admit(long largest, long needed, long recordBytes) {
        if (largest > maxFileSize) {
            return Optional.of(new Refusal(RefusalReason.TOO_LARGE,
                    "files larger than " + Sizes.format(maxFileSize) + " are not accepted"));
        }
        long wanted = needed + recordBytes;
        if (quota != UNLIMITED && used + ahead + wanted > quota) {
            return Optional.of(new Refusal(RefusalReason.QUOTA, "the drop's quota of " + Sizes.format(quota)
                    + " has " + Sizes.format(Math.max(0, quota - used - ahead)) + " left"));
        }
        long free = usableSpace() - ahead - FREE_SPACE_MARGIN;
        if (wanted > free) {
            return Optional.of(new Refusal(RefusalReason.NO_SPACE,
                    "the drop's disk has " + Sizes.format(Math.max(0, free)) + " free"));
        }
        return Optional.empty();
    }

    /** Space for a transfer that still has {@code remaining} bytes to write, taken as they come. */
    public Grant grant(long remaining) {
        return new Grant(remaining);
    }

    /** {@code n} bytes were written to DIR outside a transfer's data (a record), or freed (negative). */
    public synchronized void changed(long n) {
        used = Math.max(0, used + n);
    }

    /** What DIR holds on disk, as a restart would count it. */
    public synchronized long used() {
        return used;
    }

    /** The space writers hold ahead of them. */
    public synchronized long ahead() {
        return ahead;
    }

    private long usableSpace() {
        return usableSpace.getAsLong();
    }

    /** One transfer's claim on the space, as its bytes arrive. Used by its writer thread only. */
    public final class Grant {
        private long remaining;
        private long mine;
        private boolean closed;

        private Grant(long remaining) {
            this.remaining = Math.max(0, remaining);
        }

        /** Room for the next {@code n} bytes of data, counted as written once this returns. */
        public void take(long n) throws NoRoom {
            synchronized (Quota.this) {
                if (closed) {
                    throw new NoRoom("the transfer is over");
                }
                if (mine < n) {
                    extend(n);
                }
                mine -= n;
                ahead -= n;
                used += n;
                remaining = Math.max(0, remaining - n);
            }
        }

        /**
         * Holds the next runway, checking first that the whole rest of the transfer still fits
         * beside what others hold: if not, it cannot finish unless another transfer fails, and
         * stopping now wastes less of the sender's time than stopping at its last byte.
         */
        private void extend(long n) throws NoRoom {
            long others = ahead - mine;
            long rest = Math.max(n, remaining);
            if (quota != UNLIMITED && used + others + rest > quota) {
                throw new NoRoom("the drop's quota of " + Sizes.format(quota) + " is used up");
            }
            if (rest > usableSpace() - others - FREE_SPACE_MARGIN) {
                throw new NoRoom("the disk is full");
            }
            long runway = Math.max(n, Math.min(rest, RUNWAY));
            ahead += runway - mine;
            mine = runway;
        }

        /** {@code n} bytes of data this transfer wrote were deleted (a file that failed verification). */
        public void deleted(long n) {
            changed(-n);
        }

        /** The transfer ended; {@code freed} bytes of its staging were deleted. Idempotent. */
        public void close(long freed) {
            synchronized (Quota.this) {
                if (!closed) {
                    closed = true;
                    ahead -= mine;
                    mine = 0;
                }
                used = Math.max(0, used - freed);
            }
        }
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
